// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Writes the seed corpus of the fuzz targets from real inputs (tests/fuzz/make-seeds.sh runs it):
//   fuzz_makeseeds SOURCE_DIR CORPUS_DIR
// fuzz_wat: fixture WAT files; fuzz_codeloader: the same assembled to binary; fuzz_scenario: the
// sample scenarios; fuzz_tracereader: tiny recorded traces of two samples; fuzz_worldstate:
// serialized worlds (tag 0), step ops (tag 1), page diffs (tag 2) and compressed pages (tag 3).
#include "code/codeloader.h"
#include "scenario/scenario.h"
#include "trace/pagecodec.h"
#include "trace/recorder.h"
#include "trace/worldstate.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

using namespace Gearscope;

namespace {

Bytes readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const Bytes& b)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

Bytes tagged(uint8_t tag, const Bytes& b)
{
    Bytes out { tag };
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: fuzz_makeseeds SOURCE_DIR CORPUS_DIR\n";
        return 2;
    }
    const std::string src = argv[1], out = argv[2];

    for (const char* name :
        { "ping.wat", "pong.wat", "msg_actor.wat", "exe_limits.wat", "abi_oom.wat", "exe_reserve.wat" }) {
        const Bytes wat = readFile(src + "/tests/fixtures/" + name);
        writeFile(out + "/fuzz_wat/" + name, wat);
        auto bin = CodeLoader::assembleWat(wat, name);
        if (!bin) {
            std::cerr << bin.error() << "\n";
            return 1;
        }
        writeFile(out + "/fuzz_codeloader/" + std::string(name) + ".wasm", *bin);
    }

    int seedNo = 0;
    for (const char* sample : { "pingpong/pingpong.json", "counter/counter.json" }) {
        const std::string path = src + "/samples/" + sample;
        const std::string base = std::string(sample).substr(std::string(sample).find('/') + 1);
        writeFile(out + "/fuzz_scenario/" + base, readFile(path));
        auto sc = Scenario::load(path);
        if (!sc) {
            std::cerr << sc.error() << "\n";
            return 1;
        }
        ScenarioRunner runner(*sc);
        const std::string trace = out + "/fuzz_tracereader/" + base.substr(0, base.size() - 5) + ".gstrace";
        std::remove(trace.c_str());
        TraceWriter::Meta meta;
        meta.createdBy = "fuzz_makeseeds";
        auto rec = Recorder::attach(runner.runtime(), trace, meta);
        if (!rec) {
            std::cerr << rec.error() << "\n";
            return 1;
        }
        auto up = runner.setUp();
        if (!up) {
            std::cerr << up.error() << "\n";
            return 1;
        }
        uint64_t steps = 0;
        auto ran = runner.run([&](const StepRecord& r) {
            (*rec)->step(r);
            if (steps++ % 3 == 0 && seedNo < 40) {
                const std::string n = std::to_string(seedNo++);
                writeFile(
                    out + "/fuzz_worldstate/world-" + n, tagged(0, WorldState::capture(runner.runtime()).serialize()));
                writeFile(out + "/fuzz_worldstate/ops-" + n, tagged(1, serializeOps(r.worldOps)));
            }
        });
        auto fin = (*rec)->finish();
        if (!ran || !fin) {
            std::cerr << (ran ? fin.error() : ran.error()) << "\n";
            return 1;
        }
    }

    Bytes zero(16384, 0), page = zero;
    for (size_t i = 0; i < page.size(); i += 997)
        page[i] = uint8_t(i);
    writeFile(out + "/fuzz_worldstate/diff-0", tagged(2, PageCodec::diff(zero, page)));
    writeFile(out + "/fuzz_worldstate/diff-1", tagged(2, PageCodec::diff(page, zero)));
    writeFile(out + "/fuzz_worldstate/page-0", tagged(3, PageCodec::compress(page)));
    writeFile(out + "/fuzz_worldstate/page-1", tagged(3, PageCodec::compress(zero)));
    std::cout << "seeds written to " << out << "\n";
    return 0;
}
