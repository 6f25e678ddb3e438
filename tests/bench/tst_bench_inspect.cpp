// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmarks of issue 6 (inspect), against a baseline measured in the same run on the same trace:
// one full scan of the messages table (`SELECT count(*)`).
//  - the message inspector's read of one message (open a reader, the message, the step that
//    sent it, its dispatches via step_view, what they sent, its replies), at random messages;
//  - searches: by actor, by kind, by payload text (many hits), by payload bytes (no hit).
// GEARSCOPE_BENCH_INSPECT_STEPS sets the trace's length (default 1,000,000; CTest uses less).
#include "fixtures.h"
#include "inspectors/messagedetails.h"
#include "search/messagesearch.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Gearscope;
using namespace Gearscope::Test;

class tst_BenchInspect : public QObject
{
    Q_OBJECT

    static double median(std::vector<double> v)
    {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }
    template <typename F> static double timeMs(F&& f)
    {
        QElapsedTimer t;
        t.start();
        f();
        return double(t.nsecsElapsed()) / 1e6;
    }

private Q_SLOTS:
    void inspectAndSearch()
    {
        const uint64_t wanted = qEnvironmentVariableIsSet("GEARSCOPE_BENCH_INSPECT_STEPS")
            ? qEnvironmentVariable("GEARSCOPE_BENCH_INSPECT_STEPS").toULongLong()
            : 1000000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.sqlite"));
        ActorId ping;
        {
            // Ping-pong games of 1000 rounds until the trace is long enough (as tst_bench_trace).
            RuntimeConfig cfg;
            cfg.defaultUserBalance = u128(1) << 100;
            Runtime rt(cfg);
            auto rec = Recorder::attach(rt, path.toStdString(), {});
            QVERIFY2(rec.ok(), rec.error().c_str());
            uint64_t steps = 0;
            rt.setObserver([&](const StepRecord& r) {
                ++steps;
                rec.value()->step(r);
            });
            auto alice = *rt.userByName("alice");
            auto pong = rt.uploadProgram(alice, rt.submitCode(fixture("pong.wat"), "pong.wat").value(), {}, {}).value();
            auto pingUp = rt.uploadProgram(alice, rt.submitCode(fixture("ping.wat"), "ping.wat").value(), {},
                                idBytes(pong.program))
                              .value();
            ping = pingUp.program;
            while (steps < wanted) {
                (void)rt.sendMessage(alice, ping, u32le(1000)).value();
                rt.runUntilIdle(100000);
            }
            QVERIFY(rec.value()->finish().ok());
        }
        auto reader = TraceReader::open(path.toStdString());
        QVERIFY(reader.ok());
        const TraceReader& r = *reader.value();
        const uint64_t steps = r.stepCount();
        auto count = r.query("SELECT count(*) FROM messages");
        QVERIFY(count.ok());
        const uint64_t messages = std::stoull(count->rows[0][0]);

        std::vector<double> scan;
        for (int i = 0; i < 5; ++i)
            scan.push_back(timeMs([&] { (void)r.query("SELECT count(*) FROM messages WHERE length(payload) >= 0"); }));
        const double baseline = median(scan);

        // The inspector at random dispatched messages.
        std::vector<double> load;
        QRandomGenerator rng(42);
        for (int i = 0; i < 21; ++i) {
            auto s = r.step(rng.bounded(quint64(steps)));
            QVERIFY(s.ok());
            MessageDetails d;
            load.push_back(timeMs([&] { d = MessageDetails::load(path.toStdString(), nullptr, s->message.id); }));
            QVERIFY(d.found);
            QVERIFY(!d.dispatches.empty());
        }

        auto searchMs = [&](const MessageSearch& s, size_t* hits) {
            std::vector<double> t;
            for (int i = 0; i < 3; ++i)
                t.push_back(timeMs([&] {
                    auto res = s.run(r);
                    QVERIFY(res.ok());
                    *hits = res->hits.size();
                }));
            return median(t);
        };
        MessageSearch byActor;
        byActor.actor = ping;
        MessageSearch byKind;
        byKind.kind = "init";
        MessageSearch byText;
        byText.payload = { 'p', 'i', 'n', 'g' };
        MessageSearch none;
        none.payload = { 0xde, 0xad, 0xbe, 0xef };
        size_t hActor = 0, hKind = 0, hText = 0, hNone = 0;
        const double tActor = searchMs(byActor, &hActor);
        const double tKind = searchMs(byKind, &hKind);
        const double tText = searchMs(byText, &hText);
        const double tNone = searchMs(none, &hNone);
        QCOMPARE(hNone, size_t(0));
        QCOMPARE(hKind, size_t(2));

        std::printf("BENCH inspect trace: %llu steps, %llu messages; baseline full scan of messages %.1f ms\n",
            static_cast<unsigned long long>(steps), static_cast<unsigned long long>(messages), baseline);
        std::printf("BENCH inspect message details: median %.2f ms (x%.3f of the scan)\n", median(load),
            median(load) / baseline);
        std::printf("BENCH inspect search by actor: %.1f ms, %zu hits (x%.2f)\n", tActor, hActor, tActor / baseline);
        std::printf("BENCH inspect search by kind: %.1f ms, %zu hits (x%.2f)\n", tKind, hKind, tKind / baseline);
        std::printf(
            "BENCH inspect search by payload text: %.1f ms, %zu hits (x%.2f)\n", tText, hText, tText / baseline);
        std::printf("BENCH inspect search by payload bytes, no hit: %.1f ms (x%.2f)\n", tNone, tNone / baseline);
    }
};

QTEST_GUILESS_MAIN(tst_BenchInspect)
#include "tst_bench_inspect.moc"
