// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace Gearscope::Ids {

/// The largest input `blake2b256OneBlock` takes: one BLAKE2b block.
constexpr size_t Blake2bBlockBytes = 128;

/** Unkeyed BLAKE2b with a 32-byte digest (RFC 7693) of at most one block (`size` ≤ 128): the
 *  message, reply and signal ids every dispatch derives. libsodium's streaming API computes the
 *  same digest, but through init/update/final with a 256-byte buffer and three functions of
 *  unrolled code: in the runtime, between two interpreter calls, that code is cold in the
 *  instruction cache every time, and one id cost ~230 ns against ~120 ns in a tight loop
 *  (docs/performance.md, issue 2). This is the single-block case only, with the twelve rounds
 *  as a loop (about 1 KiB of code). `blake2b256` uses libsodium for anything longer; tst_ids
 *  checks this against libsodium for every length and against Python's hashlib. */
void blake2b256OneBlock(const uint8_t* data, size_t size, uint8_t out[32]);

} // namespace Gearscope::Ids
