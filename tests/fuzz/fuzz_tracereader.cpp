// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: TraceReader on an arbitrary file (a mangled SQLite trace): open, then read
// the inputs, every step (bounded), the world at a few positions and the programs' memory.
#include "trace/tracereader.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

std::string tempPath()
{
    static const std::string path = [] {
        const char* dir = std::getenv("TMPDIR");
        return std::string(dir && *dir ? dir : "/tmp") + "/gearscope-fuzz-trace-" + std::to_string(::getpid())
            + ".gstrace";
    }();
    return path;
}

void removeAll(const std::string& path)
{
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    std::remove((path + "-journal").c_str());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Gearscope;
    const std::string path = tempPath();
    removeAll(path);
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        if (size)
            std::fwrite(data, 1, size, f);
        std::fclose(f);
    } else {
        return 0;
    }
    {
        auto opened = TraceReader::open(path);
        if (opened.ok()) {
            const TraceReader& reader = **opened;
            (void)reader.meta();
            (void)reader.config();
            (void)reader.inputs().ok();
            (void)reader.codes().ok();
            const uint64_t steps = reader.stepCount();
            const uint64_t bounded = steps < 64 ? steps : 64;
            for (uint64_t i = 0; i < bounded; ++i)
                (void)reader.step(i).ok();
            for (uint64_t pos : { uint64_t(0), steps / 2, steps, steps + 1 }) {
                auto world = reader.worldAt(pos);
                if (!world.ok())
                    continue;
                for (const auto& p : world->programs) {
                    // Bounded: a corrupt world may claim any number of pages.
                    const uint32_t pages = p.memoryPages < 4 ? p.memoryPages : 4;
                    (void)reader.memoryAt(p.id, pos, pages).ok();
                    (void)reader.pageAt(p.id, 0, pos).ok();
                }
            }
        }
    }
    removeAll(path);
    return 0;
}
