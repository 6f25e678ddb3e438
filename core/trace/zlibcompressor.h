// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <memory>

namespace Gearscope {

/** qCompress's format (4-byte big-endian length, then a zlib stream), made with one zlib stream
 *  kept for the compressor's life: qCompress sets up and frees ~256 KiB of zlib state per call,
 *  which was most of what a world checkpoint cost the trace writer (docs/performance.md).
 *  `qUncompress` and PageCodec::decompress read the output. Not thread-safe: one per thread. */
class ZlibCompressor
{
public:
    /// `level` as zlib's (1 = fastest, what the trace uses).
    explicit ZlibCompressor(int level = 1);
    ~ZlibCompressor();
    ZlibCompressor(const ZlibCompressor&) = delete;
    ZlibCompressor& operator=(const ZlibCompressor&) = delete;

    /// Replaces `out` with the compressed form of [data, data + size). Empty if zlib failed.
    void compress(const uint8_t* data, size_t size, Bytes& out);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
};

} // namespace Gearscope
