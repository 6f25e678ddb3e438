// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmark of issue 6's replay view, against a baseline measured in the same run: building the
// snapshot a window shows at a position (ReplayBuilder::build: world, the step, its gas total,
// the log lines of the 100 steps before it) vs the bare TraceReader::worldAt at the same
// positions; a step back after a seek; and opening a trace for replay.
// GEARSCOPE_BENCH_REPLAY_STEPS sets the trace's length (default 1,000,000; CTest uses less).
#include "fixtures.h"
#include "runtime/runtime.h"
#include "session/replaybuilder.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

/// Ping-pong games of 1000 rounds, recorded, until at least `minSteps` steps ran.
uint64_t recordPingPong(uint64_t minSteps, const QString& path)
{
    RuntimeConfig cfg;
    cfg.recordSyscalls = true;
    cfg.defaultUserBalance = u128(1) << 100;
    Runtime rt(cfg);
    auto attached = Recorder::attach(rt, path.toStdString(), {});
    if (!attached)
        qFatal("%s", attached.error().c_str());
    auto rec = std::move(attached).value();
    uint64_t steps = 0;
    rt.setObserver([&](const StepRecord& r) {
        ++steps;
        rec->step(r);
    });
    const ActorId alice = *rt.userByName("alice");
    const CodeId pongCode = rt.submitCode(fixture("pong.wat"), "pong.wat").value();
    const CodeId pingCode = rt.submitCode(fixture("ping.wat"), "ping.wat").value();
    const auto pong = rt.uploadProgram(alice, pongCode, {}, {}).value();
    const auto ping = rt.uploadProgram(alice, pingCode, {}, idBytes(pong.program)).value();
    while (steps < minSteps) {
        (void)rt.sendMessage(alice, ping.program, u32le(1000)).value();
        rt.runUntilIdle(100000);
    }
    if (auto f = rec->finish(); !f)
        qFatal("%s", f.error().c_str());
    return steps;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

class tst_BenchReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildAtPosition()
    {
        bool ok = false;
        const int n = qEnvironmentVariableIntValue("GEARSCOPE_BENCH_REPLAY_STEPS", &ok);
        const uint64_t target = ok && n > 0 ? uint64_t(n) : 1000000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.sqlite"));
        const uint64_t steps = recordPingPong(target, path);

        QElapsedTimer t;
        t.start();
        auto opened = ReplayBuilder::open(path.toStdString());
        const double openMs = double(t.nsecsElapsed()) / 1e6;
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().c_str());
        ReplayBuilder& builder = *opened.value();
        QCOMPARE(builder.stepCount(), steps);
        auto reader = TraceReader::open(path.toStdString());
        QVERIFY(reader.ok());

        std::mt19937_64 rng(11);
        std::vector<double> baseMs, buildMs, backMs;
        for (int i = 0; i < 41; ++i) {
            const uint64_t pos = 1 + rng() % (steps - 1);
            t.restart();
            auto w = reader.value()->worldAt(pos);
            baseMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY(w.ok());
            t.restart();
            auto snap = builder.build(pos);
            buildMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY2(snap.ok(), snap.ok() ? "" : snap.error().c_str());
            QCOMPARE(snap.value()->stepCount, pos);
            t.restart();
            auto back = builder.build(pos - 1);
            backMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY(back.ok());
        }
        // Scrubbing: 200 positions one step apart, forward, as a slider drag or Alt+Right does.
        std::vector<double> scrubMs;
        const uint64_t start = steps / 2;
        for (uint64_t pos = start; pos < start + 200 && pos <= steps; ++pos) {
            t.restart();
            auto snap = builder.build(pos);
            scrubMs.push_back(double(t.nsecsElapsed()) / 1e6);
            QVERIFY(snap.ok());
        }
        const double base = median(baseMs);
        std::printf(
            "BENCH replay at %llu steps: open %.1f ms; snapshot at a random position %.2f ms "
            "(x%.2f of worldAt alone, %.2f ms); step back %.2f ms (x%.2f); scrubbing one step on %.2f ms (x%.2f)\n",
            static_cast<unsigned long long>(steps), openMs, median(buildMs), median(buildMs) / base, base,
            median(backMs), median(backMs) / base, median(scrubMs), median(scrubMs) / base);
    }
};

QTEST_MAIN(tst_BenchReplay)
#include "tst_bench_replay.moc"
