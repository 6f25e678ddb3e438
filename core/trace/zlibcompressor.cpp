// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "zlibcompressor.h"

#include <limits>
#include <zlib.h>

namespace Gearscope {

struct ZlibCompressor::Stream
{
    z_stream z {};
    bool ready = false;
};

ZlibCompressor::ZlibCompressor(int level)
    : m_stream(std::make_unique<Stream>())
{
    m_stream->ready = deflateInit(&m_stream->z, level) == Z_OK;
}

ZlibCompressor::~ZlibCompressor()
{
    if (m_stream->ready)
        deflateEnd(&m_stream->z);
}

void ZlibCompressor::compress(const uint8_t* data, size_t size, Bytes& out)
{
    out.clear();
    z_stream& z = m_stream->z;
    // qCompress's header holds the size in 32 bits; zlib's counters are 32-bit too.
    if (!m_stream->ready || size > std::numeric_limits<uint32_t>::max() || deflateReset(&z) != Z_OK)
        return;
    const uLong bound = deflateBound(&z, uLong(size));
    out.resize(4 + bound);
    out[0] = uint8_t(size >> 24);
    out[1] = uint8_t(size >> 16);
    out[2] = uint8_t(size >> 8);
    out[3] = uint8_t(size);
    z.next_in = const_cast<Bytef*>(data); // zlib's API is not const-correct; it only reads input
    z.avail_in = uInt(size);
    z.next_out = out.data() + 4;
    z.avail_out = uInt(bound);
    // deflateBound is enough room for one Z_FINISH call.
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
        out.clear();
        return;
    }
    out.resize(4 + z.total_out);
}

} // namespace Gearscope
