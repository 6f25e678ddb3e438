// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "pagecodec.h"

#include "trace/binarycodec.h"

#include <QByteArray>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace Gearscope::PageCodec {

namespace {

/** The one diff algorithm behind diff() and diffChunks(). `nowAt(k)` points at byte k of the new
 *  page, valid to the end of k's 1 KiB chunk: the new page may be whole or only the chunks the
 *  mask names. With `masked`, chunks whose bit is clear are not looked at. */
template <class NowAt>
Bytes diffWith(const uint8_t* before, size_t beforeSize, size_t n, NowAt nowAt, uint16_t chunkMask, bool masked)
{
    // Equal 64-byte blocks are skipped with memcmp (most of a page is unchanged); only blocks
    // that differ are scanned byte by byte. Runs separated by fewer than 8 equal bytes merge:
    // a gap that small costs less inside a run than as a new 8-byte header.
    constexpr size_t Block = 64;
    constexpr size_t Span = MaskChunk; // equal spans are skipped first: one call instead of sixteen
    static_assert(PageSize / Span == 16 && Span % Block == 0, "a chunk mask has 16 bits; blocks stay in a chunk");
    BinaryWriter w;
    const size_t common = std::min(n, beforeSize);
    size_t runStart = 0, runEnd = 0; // [runStart, runEnd) pending run; empty when equal
    bool open = false;
    auto flush = [&] {
        w.u32(uint32_t(runStart));
        w.u32(uint32_t(runEnd - runStart));
        // A run may cross into the next chunk (both named): copy it chunk by chunk.
        for (size_t at = runStart; at < runEnd;) {
            const size_t to = std::min(runEnd, (at / Span + 1) * Span);
            const uint8_t* from = nowAt(at);
            w.bytes().insert(w.bytes().end(), from, from + (to - at));
            at = to;
        }
        open = false;
    };
    for (size_t b = 0; b < n;) {
        if (masked && b % Span == 0 && !((chunkMask >> (b / Span)) & 1u)) {
            if (open && b >= runEnd + 8)
                flush();
            b += Span;
            continue;
        }
        if (b % Span == 0 && b + Span <= common && std::memcmp(before + b, nowAt(b), Span) == 0) {
            if (open && b >= runEnd + 8)
                flush();
            b += Span;
            continue;
        }
        const size_t len = std::min(Block, n - b);
        if (b + len <= common && std::memcmp(before + b, nowAt(b), len) == 0) {
            if (open && b >= runEnd + 8)
                flush();
            b += len;
            continue;
        }
        const uint8_t* nowBlock = nowAt(b); // one look-up per block: a block stays in its chunk
        for (size_t k = b; k < b + len; ++k) {
            if (k < common && before[k] == nowBlock[k - b])
                continue;
            if (open && k < runEnd + 8) {
                runEnd = k + 1;
            } else {
                if (open)
                    flush();
                runStart = k;
                runEnd = k + 1;
                open = true;
            }
        }
        b += len;
    }
    if (open)
        flush();
    return std::move(w.bytes());
}

} // namespace

Bytes diff(const Bytes& before, const Bytes& now, uint16_t chunkMask)
{
    // The runtime knows which chunks of a page it wrote: the others are not even compared.
    const bool masked = chunkMask != 0xFFFF && now.size() == PageSize && before.size() == PageSize;
    return diffWith(
        before.data(), before.size(), now.size(), [&](size_t k) { return now.data() + k; }, chunkMask, masked);
}

Result<Bytes> diffChunks(const Bytes& before, const Bytes& chunks, uint16_t chunkMask)
{
    if (before.size() != PageSize || chunks.size() != size_t(__builtin_popcount(chunkMask)) * MaskChunk)
        return Result<Bytes>::failure("page write of " + std::to_string(chunks.size()) + " bytes for "
            + std::to_string(__builtin_popcount(chunkMask)) + " chunks of a " + std::to_string(before.size())
            + "-byte page");
    // Chunk c's bytes sit after those of the named chunks below it.
    std::array<uint32_t, 16> offset {};
    for (unsigned c = 0, at = 0; c < 16; ++c) {
        offset[c] = at;
        at += ((chunkMask >> c) & 1u) ? uint32_t(MaskChunk) : 0;
    }
    auto nowAt = [&](size_t k) { return chunks.data() + offset[k / MaskChunk] + k % MaskChunk; };
    return diffWith(before.data(), before.size(), PageSize, nowAt, chunkMask, true);
}

Result<Ok> applyDiff(Bytes& page, const Bytes& d)
{
    BinaryReader r(d);
    size_t pos = 0;
    while (pos < d.size()) {
        uint32_t off = r.u32(), len = r.u32();
        pos += 8;
        if (!r.ok() || uint64_t(off) + len > page.size() || pos + len > d.size())
            return Result<Ok>::failure("corrupt page diff");
        std::memcpy(page.data() + off, d.data() + pos, len);
        pos += len;
        BinaryReader skip(d.data() + pos, d.size() - pos);
        r = skip;
    }
    return Ok {};
}

Bytes compress(const Bytes& page)
{
    const QByteArray c = qCompress(page.data(), qsizetype(page.size()), 1);
    return Bytes(c.begin(), c.end());
}

Result<Bytes> decompress(const Bytes& data, size_t expectedSize)
{
    // qCompress prefixes the size big-endian; check it first so a corrupt header cannot make
    // qUncompress allocate gigabytes.
    if (data.size() < 4
        || ((size_t(data[0]) << 24) | (size_t(data[1]) << 16) | (size_t(data[2]) << 8) | data[3]) != expectedSize)
        return Result<Bytes>::failure("corrupt page data (bad size header)");
    const QByteArray u = qUncompress(data.data(), qsizetype(data.size()));
    if (size_t(u.size()) != expectedSize)
        return Result<Bytes>::failure("corrupt page data (decompressed " + std::to_string(u.size()) + " bytes)");
    return Bytes(u.begin(), u.end());
}

} // namespace Gearscope::PageCodec
