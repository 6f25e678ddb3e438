// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "model/types.h"

namespace Gearscope {

/** Adds Gear-style gas metering to a validated module (spec §5.2), Gear's own way: a mutable,
 *  exported i64 global `gear_gas` and a charge at the start of every straight-line run of
 *  instructions, priced with the instruction weights of the schedule. When a charge does not
 *  fit, the code sets `gear_gas` to the sentinel OutOfGasSentinel (all ones) and executes
 *  `unreachable`; the host tells "out of gas" from a real `unreachable` by that sentinel.
 *  No import is added, so function indices do not shift. Pure function, any thread. */
namespace GasInstrumenter {
constexpr uint64_t OutOfGasSentinel = ~uint64_t(0);
constexpr const char* GasGlobalName = "gear_gas";

/** Write tracking (on by default): a mutable, exported i64 global `gear_dirty` into which every
 *  store instruction ORs bit (c mod 64) for each 1 KiB chunk c (address >> DirtyChunkShift) it
 *  may write: the chunks of its first and last byte when the address is a constant, else the
 *  first byte's chunk and the next one. So a set bit k means "chunks ≡ k (mod 64) may have
 *  changed", and the host compares only those with the committed image after an execution
 *  instead of the whole memory. The added instructions are not charged gas: gas figures are
 *  the same with and without tracking. */
constexpr const char* DirtyGlobalName = "gear_dirty";
constexpr uint32_t DirtyChunkShift = 10;
constexpr uint32_t DirtyClasses = 64; ///< 64 KiB of memory, one bit per chunk, before classes repeat
/** Stores to constant addresses (a C program's globals, a WAT program's fixed cells) add no code:
 *  their classes are known when instrumenting, and go into the immutable exported i64 global
 *  `gear_dirty_static` instead. The host starts `gear_dirty` at that value before every
 *  execution, so the mask still covers every byte the code may write; a constant store that did
 *  not run only costs the host a compare of its chunk. An OR into `gear_dirty` is two global
 *  accesses in wabt (~350 host instructions) per executed store; the static classes are capped
 *  at MaxStaticDirtyClasses (later constant stores are tracked per store, as before) so the
 *  compares a dispatch may do for nothing stay bounded. */
constexpr const char* StaticDirtyGlobalName = "gear_dirty_static";
constexpr int MaxStaticDirtyClasses = 8;

Result<Bytes> instrument(const Bytes& validatedWasm, bool trackWrites = true);
/// Weight of one instruction by its wabt opcode name as in the text format (e.g. "i32.add").
uint64_t instructionWeight(const char* opcodeName);
} // namespace GasInstrumenter

} // namespace Gearscope
