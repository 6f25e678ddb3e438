// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "pagecodec.h"

#include "trace/binarycodec.h"

#include <QByteArray>

namespace Gearscope::PageCodec {

Bytes diff(const Bytes& before, const Bytes& now)
{
    BinaryWriter w;
    const size_t n = now.size();
    size_t i = 0;
    while (i < n) {
        if (i < before.size() && before[i] == now[i]) {
            ++i;
            continue;
        }
        // Extend the run; gaps of fewer than 8 equal bytes are cheaper inside the run than as a new header.
        size_t end = i + 1, equal = 0;
        for (size_t k = i + 1; k < n && equal < 8; ++k) {
            if (k < before.size() && before[k] == now[k]) {
                ++equal;
            } else {
                equal = 0;
                end = k + 1;
            }
        }
        w.u32(uint32_t(i));
        w.u32(uint32_t(end - i));
        w.bytes().insert(w.bytes().end(), now.begin() + long(i), now.begin() + long(end));
        i = end;
    }
    return std::move(w.bytes());
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
    if (data.size() < 4 || ((size_t(data[0]) << 24) | (size_t(data[1]) << 16) | (size_t(data[2]) << 8) | data[3]) != expectedSize)
        return Result<Bytes>::failure("corrupt page data (bad size header)");
    const QByteArray u = qUncompress(data.data(), qsizetype(data.size()));
    if (size_t(u.size()) != expectedSize)
        return Result<Bytes>::failure("corrupt page data (decompressed " + std::to_string(u.size()) + " bytes)");
    return Bytes(u.begin(), u.end());
}

} // namespace Gearscope::PageCodec
