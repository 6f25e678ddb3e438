// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "blake2b.h"

#include <cstring>

namespace Gearscope::Ids {
namespace {

// Message words and the digest are copied as native u64s: BLAKE2b is little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "blake2b256OneBlock assumes a little-endian target");

constexpr uint64_t Iv[8] = {
    0x6a09e667f3bcc908ULL,
    0xbb67ae8584caa73bULL,
    0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL,
    0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL,
    0x5be0cd19137e2179ULL,
};

// RFC 7693 §2.7: the message word order of each round; rounds 10 and 11 reuse rows 0 and 1.
constexpr uint8_t Sigma[12][16] = {
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
    { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
    { 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
    { 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
    { 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
    { 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
    { 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
    { 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
    { 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
    { 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
    { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
};

inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

// The mixing function G (RFC 7693 §3.1).
#define GEARSCOPE_B2_G(a, b, c, d, x, y)                                                                               \
    do {                                                                                                               \
        a = a + b + (x);                                                                                               \
        d = rotr(d ^ a, 32);                                                                                           \
        c = c + d;                                                                                                     \
        b = rotr(b ^ c, 24);                                                                                           \
        a = a + b + (y);                                                                                               \
        d = rotr(d ^ a, 16);                                                                                           \
        c = c + d;                                                                                                     \
        b = rotr(b ^ c, 63);                                                                                           \
    } while (0)

} // namespace

void blake2b256OneBlock(const uint8_t* data, size_t size, uint8_t out[32])
{
    // The block, zero-padded.
    uint64_t m[16] = {};
    if (size)
        std::memcpy(m, data, size);
    // Parameter block for an unkeyed 32-byte digest: fanout 1, depth 1, digest length 32.
    const uint64_t h0 = Iv[0] ^ 0x01010020ULL;
    uint64_t v0 = h0, v1 = Iv[1], v2 = Iv[2], v3 = Iv[3], v4 = Iv[4], v5 = Iv[5], v6 = Iv[6], v7 = Iv[7];
    uint64_t v8 = Iv[0], v9 = Iv[1], v10 = Iv[2], v11 = Iv[3];
    uint64_t v12 = Iv[4] ^ uint64_t(size); // byte counter t0; t1 is 0
    uint64_t v13 = Iv[5];
    uint64_t v14 = ~Iv[6]; // the last block: f0 = all ones
    uint64_t v15 = Iv[7];
    for (const auto& s : Sigma) {
        GEARSCOPE_B2_G(v0, v4, v8, v12, m[s[0]], m[s[1]]);
        GEARSCOPE_B2_G(v1, v5, v9, v13, m[s[2]], m[s[3]]);
        GEARSCOPE_B2_G(v2, v6, v10, v14, m[s[4]], m[s[5]]);
        GEARSCOPE_B2_G(v3, v7, v11, v15, m[s[6]], m[s[7]]);
        GEARSCOPE_B2_G(v0, v5, v10, v15, m[s[8]], m[s[9]]);
        GEARSCOPE_B2_G(v1, v6, v11, v12, m[s[10]], m[s[11]]);
        GEARSCOPE_B2_G(v2, v7, v8, v13, m[s[12]], m[s[13]]);
        GEARSCOPE_B2_G(v3, v4, v9, v14, m[s[14]], m[s[15]]);
    }
    // Only h[0..3] make the 32-byte digest.
    const uint64_t h[4] = { h0 ^ v0 ^ v8, Iv[1] ^ v1 ^ v9, Iv[2] ^ v2 ^ v10, Iv[3] ^ v3 ^ v11 };
    std::memcpy(out, h, 32);
}

#undef GEARSCOPE_B2_G

} // namespace Gearscope::Ids
