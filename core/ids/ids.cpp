// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "ids.h"

#include <sodium.h>

#include <cstring>

namespace Gearscope::Ids {
namespace {
    // Accumulates the concatenated preimage; ids are tiny so one buffer is cheapest.
    struct Preimage
    {
        Preimage() { buf.reserve(64); } // message ids are hashed per dispatch: one allocation, not four
        explicit Preimage(const Bytes& b)
            : buf(b)
        {
        }
        Bytes buf;
        Preimage& str(const char* s)
        {
            buf.insert(buf.end(), s, s + std::strlen(s));
            return *this;
        }
        template <typename Tag>
        Preimage& id(const Id<Tag>& i)
        {
            buf.insert(buf.end(), i.bytes.begin(), i.bytes.end());
            return *this;
        }
        Preimage& bytes(const Bytes& b)
        {
            buf.insert(buf.end(), b.begin(), b.end());
            return *this;
        }
        template <typename T>
        Preimage& le(T v, int n)
        {
            for (int i = 0; i < n; ++i)
                buf.push_back(uint8_t(v >> (8 * i)));
            return *this;
        }
        template <typename IdT>
        IdT hash() const
        {
            IdT out;
            out.bytes = blake2b256(buf);
            return out;
        }
    };
} // namespace

Hash blake2b256(const uint8_t* data, size_t size)
{
    Hash out;
    // libsodium's generichash is unkeyed BLAKE2b with a chosen digest length: exactly Gear's hash.
    crypto_generichash(out.data(), out.size(), data, size, nullptr, 0);
    return out;
}

CodeId codeId(const Bytes& wasm) { return Preimage { wasm }.hash<CodeId>(); }

ActorId programFromUser(const CodeId& code, const Bytes& salt)
{
    return Preimage {}.str("program_from_user").id(code).bytes(salt).hash<ActorId>();
}

ActorId programFromWasm(const MessageId& creatorMessage, const CodeId& code, const Bytes& salt)
{
    return Preimage {}.str("program_from_wasm").id(creatorMessage).id(code).bytes(salt).hash<ActorId>();
}

MessageId external(BlockNumber block, const ActorId& user, u128 nonce)
{
    return Preimage {}.str("external").le(block, 4).id(user).le(nonce, 16).hash<MessageId>();
}

MessageId outgoing(const MessageId& current, uint32_t localNonce)
{
    return Preimage {}.str("outgoing").id(current).le(localNonce, 4).hash<MessageId>();
}

MessageId reply(const MessageId& repliedTo) { return Preimage {}.str("reply").id(repliedTo).hash<MessageId>(); }

MessageId signal(const MessageId& origin) { return Preimage {}.str("signal").id(origin).hash<MessageId>(); }

ReservationId reservation(const MessageId& current, uint64_t nonce)
{
    return Preimage {}.str("reservation").id(current).le(nonce, 8).hash<ReservationId>();
}

ActorId systemActor()
{
    // Compared against on every send: build it once.
    static const ActorId id = [] {
        ActorId a;
        for (size_t i = 0; i < 32; ++i)
            a.bytes[i] = uint8_t("gear"[i % 4]);
        return a;
    }();
    return id;
}

Hash random(const Hash& subject, const Hash& epochRandomness)
{
    Bytes b(subject.begin(), subject.end());
    b.insert(b.end(), epochRandomness.begin(), epochRandomness.end());
    return blake2b256(b);
}

} // namespace Gearscope::Ids
