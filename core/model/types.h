// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace Gearscope {

using Bytes = std::vector<uint8_t>;
using u128 = unsigned __int128;
using Gas = uint64_t;
using BlockNumber = uint32_t;

/** A 32-byte identifier. The Tag makes ActorId, MessageId, CodeId and ReservationId distinct
 *  types so they cannot be mixed up (style guide 9.2.5). Value type, cheap to copy. */
template <typename Tag> struct Id
{
    std::array<uint8_t, 32> bytes {};

    static Id fromBytes(const uint8_t* p)
    {
        Id id;
        std::memcpy(id.bytes.data(), p, 32);
        return id;
    }
    /// gtest's `ActorId::from(u64)`: the u64 little-endian in bytes 12..20, the rest zero (spec §1.3).
    static Id fromU64(uint64_t v)
    {
        Id id;
        for (int i = 0; i < 8; ++i)
            id.bytes[12 + i] = uint8_t(v >> (8 * i));
        return id;
    }
    bool isZero() const
    {
        for (auto b : bytes)
            if (b)
                return false;
        return true;
    }
    std::string hex() const;
    /// Short form for humans: first 4 bytes as hex.
    std::string shortHex() const { return hex().substr(0, 8); }
    static bool fromHex(const std::string& s, Id* out);

    bool operator==(const Id& o) const { return bytes == o.bytes; }
    bool operator!=(const Id& o) const { return bytes != o.bytes; }
    /// Byte-wise lexicographic order (as `std::array`'s), compared as four big-endian words:
    /// every actor and message map lookup of a dispatch goes through this, and the array
    /// comparison was a `memcmp` call per tree node.
    bool operator<(const Id& o) const
    {
        for (size_t i = 0; i < 32; i += 8) {
            uint64_t a;
            uint64_t b;
            std::memcpy(&a, bytes.data() + i, 8);
            std::memcpy(&b, o.bytes.data() + i, 8);
            if (a != b) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                a = __builtin_bswap64(a);
                b = __builtin_bswap64(b);
#endif
                return a < b;
            }
        }
        return false;
    }
};

struct ActorTag;
struct MessageTag;
struct CodeTag;
struct ReservationTag;
using ActorId = Id<ActorTag>;
using MessageId = Id<MessageTag>;
using CodeId = Id<CodeTag>;
using ReservationId = Id<ReservationTag>;
using Hash = std::array<uint8_t, 32>;

std::string toHex(const uint8_t* data, size_t size);
inline std::string toHex(const Bytes& b) { return toHex(b.data(), b.size()); }
/// Accepts an optional 0x prefix; returns false on odd length or a non-hex digit.
bool fromHex(const std::string& s, Bytes* out);
std::string u128ToString(u128 v);
bool u128FromString(const std::string& s, u128* out);

template <typename Tag> std::string Id<Tag>::hex() const { return toHex(bytes.data(), bytes.size()); }

template <typename Tag> bool Id<Tag>::fromHex(const std::string& s, Id* out)
{
    Bytes b;
    if (!Gearscope::fromHex(s, &b) || b.size() != 32)
        return false;
    *out = fromBytes(b.data());
    return true;
}

template <typename Tag> struct IdHash
{
    size_t operator()(const Id<Tag>& id) const
    {
        size_t h;
        std::memcpy(&h, id.bytes.data(), sizeof h); // ids are hashes already: any 8 bytes spread well
        return h;
    }
};

} // namespace Gearscope
