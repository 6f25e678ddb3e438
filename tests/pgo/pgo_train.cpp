// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
//
// The training run of the profile-guided build (core/CMakeLists.txt, GEARSCOPE_PGO): runs every
// sample scenario of the build tree on a core whose dispatch path is instrumented, so GCC learns
// which branches and calls of that path are hot. The workload is the samples (real programs: C
// built to wasm, and WAT), not the benchmarks' fixtures. A scenario file sends a handful of
// messages and would leave one-off set-up (uploads, inits) as hot as message passing, so each
// scenario's messages are sent again REPEATS times, in later blocks: the profile then looks like
// a run that goes on, as runs in the debugger do. Scenarios that are slow by design (the gas hog
// loops until its gas is gone: 0.25 s a run here, instrumented) run once. It never fails the
// build: a scenario that cannot run is reported and skipped, and the profiled build without a
// profile is plain -O3.

#include "scenario/scenario.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace Gearscope;

namespace {
/// Sends the scenario's messages `times` times in all, each repeat in later blocks. Messages
/// only: replies and claims name mailbox entries that a repeat may not have.
void repeatMessages(Scenario& sc, int times)
{
    std::vector<Scenario::Send> messages;
    BlockNumber last = 1;
    for (const auto& s : sc.sends) {
        last = std::max(last, s.block);
        if (s.kind == Scenario::Send::Message)
            messages.push_back(s);
    }
    const BlockNumber period = last + 10;
    for (int k = 1; k < times; ++k) {
        for (Scenario::Send s : messages) {
            s.block += BlockNumber(k) * period;
            sc.sends.push_back(s);
        }
    }
    if (times > 1) {
        sc.blocks.reset();
        sc.maxBlocks = period * BlockNumber(times) + 100;
    }
}
} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s SAMPLES_DIR [REPEATS]\n", argv[0]);
        return 0;
    }
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 50;
    QStringList files;
    QDirIterator it(
        QString::fromLocal8Bit(argv[1]), { QStringLiteral("*.json") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    uint64_t steps = 0;
    int ran = 0;
    // One run of `sc` with its messages sent `times` times; false (reported) if it could not run.
    auto runOnce = [&steps](const QString& f, Scenario sc, int times) {
        repeatMessages(sc, times);
        RuntimeConfig config;
        config.defaultUserBalance = u128(1) << 100; // repeats must not run out of value
        ScenarioRunner runner(sc, config);
        auto up = runner.setUp();
        auto done = up ? runner.run([&steps](const StepRecord&) { ++steps; }) : up;
        if (!done)
            std::fprintf(stderr, "pgo-train: %s stopped: %s\n", qPrintable(f), done.error().c_str());
        return bool(done);
    };
    for (const QString& f : files) {
        auto loaded = Scenario::load(f.toStdString());
        if (!loaded) {
            std::fprintf(stderr, "pgo-train: skipped %s: %s\n", qPrintable(f), loaded.error().c_str());
            continue;
        }
        QElapsedTimer clock;
        clock.start();
        if (!runOnce(f, loaded.value(), 1))
            continue;
        ++ran;
        if (clock.elapsed() < 50)
            runOnce(f, loaded.value(), repeats);
    }

    std::printf("pgo-train: %d scenarios (the fast ones again with their messages %d times), %llu steps\n", ran,
        repeats, static_cast<unsigned long long>(steps));
    return 0;
}
