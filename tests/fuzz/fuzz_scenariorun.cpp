// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: a scenario run as the debugger window's session runs one (parse, set up,
// send, run blocks), with world recording on and every host-memory limit made small so that
// fuzzed scripts for tests/fixtures/msg_actor.wat reach them. The replay invariant is the oracle:
// a world kept only by applying the steps' and inputs' world ops must equal the live runtime's
// world at the end (it is what `gearscope replay` and the trace reader rely on); any difference
// aborts. Program files resolve against the fixtures folder, as in fuzz_scenario.
#include "scenario/scenario.h"
#include "trace/worldstate.h"

#include <QByteArray>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

Gearscope::RuntimeConfig smallLimits()
{
    Gearscope::RuntimeConfig cfg;
    cfg.recordWorld = true;
    cfg.maxActors = 24;
    cfg.maxQueueLength = 256;
    cfg.maxOutgoingMessages = 32;
    cfg.maxProgramPages = 64;
    cfg.maxCodes = 8;
    cfg.maxCodeBytes = 256 * 1024;
    cfg.maxMailboxSize = 4;
    cfg.maxUserLogMessages = 16;
    cfg.maxUserLogBytes = 512;
    cfg.maxDebugBytesPerStep = 256;
    cfg.maxDebugLinesPerStep = 4;
    cfg.maxSyscallEventsPerStep = 64;
    // A few blocks of work per input: the fuzzer wants many short runs, not one long one.
    cfg.blockGasAllowance = 20'000'000'000ull;
    cfg.maxUserGasLimit = 10'000'000'000ull;
    return cfg;
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz_scenariorun: %s\n", what.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Gearscope;
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto sc = Scenario::parse(json, GEARSCOPE_FIXTURES_DIR "/fuzz.json");
    if (!sc)
        return 0;
    Scenario s = std::move(sc).value();
    s.blocks = std::min<uint32_t>(s.blocks.value_or(4), 4);
    s.maxBlocks = 4;
    for (auto& send : s.sends)
        send.block = std::min<BlockNumber>(send.block, 4);
    if (s.blockGasAllowance)
        s.blockGasAllowance = std::min<Gas>(*s.blockGasAllowance, 20'000'000'000ull);

    ScenarioRunner runner(s, smallLimits());
    Runtime& rt = runner.runtime();
    WorldState mirror = WorldState::capture(rt);
    std::string mirrorError;
    auto apply = [&](const WorldOps& ops, const char* what) {
        if (mirrorError.empty())
            if (auto a = mirror.apply(ops); !a)
                mirrorError = std::string(what) + ": " + a.error();
    };
    rt.setInputObserver([&](const InputRecord& in) { apply(in.worldOps, "input"); });
    if (!runner.setUp())
        return 0;
    (void)runner.run([&](const StepRecord& r) { apply(r.worldOps, "step"); });
    if (!mirrorError.empty())
        fail("world ops do not apply: " + mirrorError);
    const std::string diff = mirror.difference(WorldState::capture(rt));
    if (!diff.empty())
        fail("world kept by the ops differs from the runtime: " + diff);
    (void)runner.check();
    return 0;
}
