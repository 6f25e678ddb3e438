// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: the trace's binary blobs — WorldState::deserialize, deserializeOps and
// PageCodec (applyDiff, decompress). The first byte picks the decoder.
#include "trace/pagecodec.h"
#include "trace/worldstate.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Gearscope;
    if (size == 0)
        return 0;
    const Bytes bytes(data + 1, data + size);
    switch (data[0] % 4) {
    case 0: {
        auto w = WorldState::deserialize(bytes);
        if (w.ok()) {
            // Round trip must be stable, and the result must be usable.
            auto again = WorldState::deserialize(w->serialize());
            if (!again.ok() || !again->difference(*w).empty())
                __builtin_trap();
        }
        break;
    }
    case 1: {
        auto ops = deserializeOps(bytes);
        if (ops.ok()) {
            (void)serializeOps(*ops);
            WorldState empty;
            (void)empty.apply(*ops).ok();
        }
        break;
    }
    case 2: {
        Bytes page(16384, 0);
        (void)PageCodec::applyDiff(page, bytes).ok();
        break;
    }
    case 3: {
        (void)PageCodec::decompress(bytes, 16384).ok();
        break;
    }
    }
    return 0;
}
