// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "ids.h"

#include "blake2b.h"

#include <sodium.h>

#include <cstring>

namespace Gearscope::Ids {
namespace {
// Accumulates the concatenated preimage. Message ids are derived on every dispatch and
// their preimages are tiny, so those stay on the stack; only code bytes or a long salt spill
// into a heap buffer.
struct Preimage
{
    Preimage() = default;
    explicit Preimage(const Bytes& b) { append(b.data(), b.size()); }
    Preimage& str(const char* s)
    {
        append(reinterpret_cast<const uint8_t*>(s), std::strlen(s));
        return *this;
    }
    template <typename Tag> Preimage& id(const Id<Tag>& i)
    {
        append(i.bytes.data(), i.bytes.size());
        return *this;
    }
    Preimage& bytes(const Bytes& b)
    {
        append(b.data(), b.size());
        return *this;
    }
    template <typename T> Preimage& le(T v, int n)
    {
        uint8_t b[16]; // n <= 16: the widest nonce is a u128
        for (int i = 0; i < n; ++i)
            b[i] = uint8_t(v >> (8 * i));
        append(b, size_t(n));
        return *this;
    }
    template <typename IdT> IdT hash() const
    {
        IdT out;
        out.bytes = big.empty() ? blake2b256(small, used) : blake2b256(big);
        return out;
    }

private:
    void append(const uint8_t* p, size_t n)
    {
        if (big.empty() && used + n <= sizeof small) {
            if (n)
                std::memcpy(small + used, p, n);
            used += n;
            return;
        }
        if (big.empty())
            big.assign(small, small + used);
        big.insert(big.end(), p, p + n);
    }
    uint8_t small[96];
    size_t used = 0;
    Bytes big;
};
} // namespace

Hash blake2b256(const uint8_t* data, size_t size)
{
    Hash out;
    if (size <= Blake2bBlockBytes) {
        blake2b256OneBlock(data, size, out.data());
        return out;
    }
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
