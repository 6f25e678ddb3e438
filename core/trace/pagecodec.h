// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "model/types.h"

namespace Gearscope {

/** How page versions are stored in a trace: most versions as a sparse diff against the
 *  previous version of the same page (a one-word write costs a few bytes), every
 *  KeyframeInterval-th version as the whole page zlib-compressed, so rebuilding a page reads at
 *  most KeyframeInterval rows. Pure functions. */
namespace PageCodec {
constexpr int KeyframeInterval = 32;
constexpr size_t PageSize = 16384; ///< a gear page
/// Keyframe: zlib; Diff: runs against the previous version; SparseKeyframe: runs against a zero
/// page (a mostly empty page, smaller and far cheaper to make than zlib).
enum Kind : int
{
    Keyframe = 0,
    Diff = 1,
    SparseKeyframe = 2
};

constexpr size_t MaskChunk = 1024; ///< the bytes one bit of a chunk mask stands for
/// Runs of bytes where `now` differs from `before` (same size): [u32 offset][u32 length][bytes]…
/// `chunkMask` (PageWrite::chunkMask, for two whole pages): a clear bit i promises that bytes
/// [i*1024, (i+1)*1024) are equal, so they are not compared; a wrong promise loses a change.
Bytes diff(const Bytes& before, const Bytes& now, uint16_t chunkMask = 0xFFFF);
/// The same diff, with the new page given as PageWrite::data gives it: only the chunks `chunkMask`
/// names, in ascending order, over `before` (a whole page). Fails if the sizes do not fit.
Result<Bytes> diffChunks(const Bytes& before, const Bytes& chunks, uint16_t chunkMask);
/// Applies a diff in place; fails on a malformed diff instead of writing out of bounds.
Result<Ok> applyDiff(Bytes& page, const Bytes& diff);
Bytes compress(const Bytes& page);
Result<Bytes> decompress(const Bytes& data, size_t expectedSize);
} // namespace PageCodec

} // namespace Gearscope
