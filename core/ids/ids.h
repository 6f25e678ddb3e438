// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

namespace Gearscope {

/** Gear's identifier derivations (spec §1.3): BLAKE2b-256 over the concatenated inputs,
 *  integers little-endian. Pure functions, any thread. */
namespace Ids {
Hash blake2b256(const uint8_t* data, size_t size);
inline Hash blake2b256(const Bytes& b) { return blake2b256(b.data(), b.size()); }

CodeId codeId(const Bytes& wasm);
ActorId programFromUser(const CodeId& code, const Bytes& salt);
ActorId programFromWasm(const MessageId& creatorMessage, const CodeId& code, const Bytes& salt);
MessageId external(BlockNumber block, const ActorId& user, u128 nonce);
MessageId outgoing(const MessageId& current, uint32_t localNonce);
MessageId reply(const MessageId& repliedTo);
MessageId signal(const MessageId& origin);
ReservationId reservation(const MessageId& current, uint64_t nonce);
/// `ActorId::SYSTEM`: the 32 ASCII bytes "geargeargear…"; sending to it traps.
ActorId systemActor();
/// gr_random's hash: BLAKE2b-256(subject ‖ epoch randomness).
Hash random(const Hash& subject, const Hash& epochRandomness);
} // namespace Ids

} // namespace Gearscope
