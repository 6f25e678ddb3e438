// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Session: the engine thread, commands, snapshots, breakpoints, pause latency, recording.
#include "fixtures.h"
#include "scenario/scenario.h"
#include "session/session.h"
#include "sessionwait.h"
#include "trace/recorder.h"
#include "trace/tracecheck.h"
#include "trace/tracereader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

int countLog(const std::vector<LogEntry>& log, LogEntry::Kind kind, const std::string& needle)
{
    return int(std::count_if(log.begin(), log.end(),
        [&](const LogEntry& e) { return e.kind == kind && e.text.find(needle) != std::string::npos; }));
}

/// Collects every log line the session delivers (snapshots carry only the new ones).
struct LogCollector
{
    std::vector<LogEntry> all;
    QMetaObject::Connection c;
    explicit LogCollector(Session& s)
    {
        c = QObject::connect(&s, &Session::snapshotAvailable,
            [this](const SessionSnapshotPtr& snap) { all.insert(all.end(), snap->log.begin(), snap->log.end()); });
    }
    ~LogCollector() { QObject::disconnect(c); }
};

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_traces;

    SessionSnapshotPtr openSample(Session& s)
    {
        s.setTraceDirectory(m_traces.path());
        return awaitDone(s, s.openFile(DefaultSample));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_traces.isValid());
    }

    void openDefaultSample()
    {
        Session s;
        QSignalSpy traceSpy(&s, &Session::tracePathChanged);
        LogCollector log(s);
        auto snap = openSample(s);
        QVERIFY(snap);
        QVERIFY(snap->loaded);
        QCOMPARE(snap->sourceName, std::string("pingpong.json"));
        QCOMPARE(snap->world.programs.size(), size_t(2));
        QCOMPARE(snap->actorName(snap->world.programs[0].id), std::string("pong"));
        QCOMPARE(snap->actorName(snap->world.programs[1].id), std::string("ping"));
        QCOMPARE(snap->queueLength, size_t(2)); // the two Init messages; alice's message waits for block 1
        QCOMPARE(snap->stepCount, uint64_t(0));
        QVERIFY(!snap->idle);
        // Recording starts without being asked.
        QVERIFY(!snap->tracePath.empty());
        QVERIFY(QFileInfo::exists(QString::fromStdString(snap->tracePath)));
        QVERIFY(QString::fromStdString(snap->tracePath).startsWith(m_traces.path()));
        QCOMPARE(s.tracePath(), QString::fromStdString(snap->tracePath));
        QCOMPARE(traceSpy.count(), 1);
        QCOMPARE(countLog(log.all, LogEntry::Kind::Info, "opened pingpong.json"), 1);
    }

    void stepShowsNewState()
    {
        Session s;
        auto before = openSample(s);
        QVERIFY(before);
        auto snap = awaitDone(s, s.stepDispatch());
        QVERIFY(snap);
        QCOMPARE(snap->stepCount, uint64_t(1));
        QCOMPARE(snap->block, BlockNumber(1));
        QVERIFY(snap->lastStep.has_value());
        QCOMPARE(snap->lastStep->dispatchKind, DispatchKind::Init);
        QCOMPARE(snap->actorName(snap->lastStep->actor), std::string("pong"));
        QCOMPARE(snap->steps.size(), size_t(1));
        // The scheduled message went in before block 1 ran: init ping, then alice → ping.
        QCOMPARE(snap->queueLength, size_t(2));
        QCOMPARE(snap->world.queue.front().kind, DispatchKind::Init);
        QCOMPARE(snap->actorName(snap->world.queue.front().message.destination), std::string("ping"));
        QCOMPARE(snap->actorName(snap->world.queue.back().message.source), std::string("alice"));
        QVERIFY(snap->gasBurned > 0);
        QCOMPARE(snap->generation, before->generation);
        QVERIFY(snap->serial > before->serial);
    }

    void sendMessageQueuesIt()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        LogCollector log(s);
        const ActorId alice = idOf(snap, "alice"), pong = idOf(snap, "pong");
        snap = awaitDone(s, s.sendMessage(alice, pong, bytesOf("PING"), 0, Gas(10'000'000'000ull)));
        QVERIFY(snap);
        QCOMPARE(snap->queueLength, size_t(3));
        const Message& m = snap->world.queue.back().message;
        QCOMPARE(text(m.payload), std::string("PING"));
        QCOMPARE(m.source, alice);
        QCOMPARE(m.destination, pong);
        QCOMPARE(m.gasLimit, Gas(10'000'000'000ull));
        QCOMPARE(countLog(log.all, LogEntry::Kind::Info, "alice sent \"PING\" to pong"), 1);
        // It runs: pong answers it.
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        QVERIFY(snap->idle);
        QCOMPARE(countLog(log.all, LogEntry::Kind::Debug, "pong: got PING"), 4);
    }

    void longDebugLinesAreCutInTheLog()
    {
        // A program printing 64 KiB lines until its gas runs out: the runtime keeps 1 MiB of them
        // for the step, the log keeps each line cut to MaxLogLineBytes plus the runtime's note.
        Session s;
        s.setTraceDirectory(m_traces.path());
        auto snap = awaitDone(s, s.openFile(QStringLiteral(GEARSCOPE_FIXTURES_DIR "/exe_hostmem.wat")));
        QVERIFY(snap);
        QCOMPARE(snap->world.programs.size(), size_t(1));
        const ActorId prog = snap->world.programs.front().id;
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        LogCollector log(s);
        snap = awaitDone(s, s.sendMessage(idOf(snap, "alice"), prog, bytesOf("D")));
        QVERIFY(snap);
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        const std::string cut = std::string(SessionSnapshot::MaxLogLineBytes, '\0') + "… ("
            + std::to_string(65536 - SessionSnapshot::MaxLogLineBytes) + " more bytes; the step keeps the whole line)";
        int cutLines = 0;
        for (const auto& e : log.all)
            if (e.kind == LogEntry::Kind::Debug && e.text == cut)
                ++cutLines;
        QCOMPARE(cutLines, 16);
        QCOMPARE(countLog(log.all, LogEntry::Kind::Debug, "more gr_debug line(s)"), 1);
        for (const auto& e : log.all)
            QVERIFY(e.text.size() <= SessionSnapshot::MaxLogLineBytes + 100);
    }

    void runUntilIdleFinishesTheSample()
    {
        Session s;
        QVERIFY(openSample(s));
        LogCollector log(s);
        auto snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        QVERIFY(snap->idle);
        QCOMPARE(snap->stopReason, std::string("idle"));
        QCOMPARE(snap->queueLength, size_t(0));
        QCOMPARE(countLog(log.all, LogEntry::Kind::Debug, "pong: got PING, replying PONG"), 3);
        QCOMPARE(countLog(log.all, LogEntry::Kind::Debug, "ping: game over"), 1);
        // alice got ping's auto-reply.
        QVERIFY(!snap->world.userLog.empty());
        QCOMPARE(snap->world.userLog.back().replyCode, ReplyCode::successAuto());
    }

    /** A scenario whose message is made inside a block (a saved run's afterStep) runs in the
     *  window as ScenarioRunner runs it: the Session makes the message after that step, so the
     *  dispatches come in the same order with the same ids. One whose step is never inside its
     *  block fails with the runner's error instead of waiting forever. */
    void scenarioMessageInsideABlock_data()
    {
        QTest::addColumn<int>("afterStep");
        QTest::addColumn<QString>("error");
        QTest::newRow("inside block 1") << 3 << QString();
        QTest::newRow("past block 1's end")
            << 40 << QStringLiteral("messages[1].afterStep: step 40 is not inside block 1 (block 1 ran steps 1 to ");
    }
    void scenarioMessageInsideABlock()
    {
        QFETCH(int, afterStep);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("inside.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(R"({ "programs": [{ "name": "pong", "file": "@/pong.wat" },
                { "name": "ping", "file": "@/ping.wat", "init": { "actor": "pong" } }],
              "messages": [{ "to": "ping", "payload": { "u32": 2 } },
                { "from": "bob", "to": "pong", "payload": "PING", "block": 1, "afterStep": )")
                + QByteArray::number(afterStep) + " }] }");
        }
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QByteArray json = f.readAll().replace("@/", GEARSCOPE_SOURCE_DIR "/samples/pingpong/");
            f.close();
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(json);
        }
        QStringList expected;
        std::string runError;
        {
            auto sc = Scenario::load(path.toStdString());
            QVERIFY2(sc.ok(), sc.error().c_str());
            ScenarioRunner runner(sc.value());
            QVERIFY(runner.setUp());
            auto ran = runner.run([&](const StepRecord& r) {
                if (r.kind == StepKind::Dispatch)
                    expected << QString::fromStdString(r.message.id.hex());
            });
            if (!ran)
                runError = ran.error();
        }
        QCOMPARE(QString::fromStdString(runError).contains(error), true);

        Session s;
        s.setTraceDirectory(m_traces.path());
        QSignalSpy failed(&s, &Session::failed);
        QVERIFY(awaitDone(s, s.openFile(path)));
        auto snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        if (error.isEmpty()) {
            QVERIFY(snap->idle);
            QStringList got;
            for (const auto& r : snap->steps)
                if (r.kind == StepKind::Dispatch)
                    got << QString::fromStdString(r.message.id.hex());
            QCOMPARE(got, expected);
            QCOMPARE(failed.count(), 0);
        } else {
            QCOMPARE(failed.count(), 1);
            QVERIFY2(failed.at(0).at(0).toString().contains(error), qPrintable(failed.at(0).at(0).toString()));
        }
    }

    void runBlockStopsAtTheBlockEnd()
    {
        Session s;
        QVERIFY(openSample(s));
        auto snap = awaitDone(s, s.runBlock());
        QVERIFY(snap);
        QCOMPARE(snap->block, BlockNumber(1));
        QVERIFY(!snap->blockOpen);
        QVERIFY(snap->stepCount > 2);
        QCOMPARE(snap->stopReason, std::string("end of block 1"));
    }

    void breakpoints_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("extraPayload"); ///< sent to pong after opening ("" = none)
        QTest::addColumn<QString>("reason"); ///< the stop reason starts with this
        QTest::addColumn<int>("steps"); ///< steps done when the run stopped
        QTest::addColumn<QString>("frontPayload"); ///< payload of the queue front ("" = not checked)

        QTest::addRow("trap stops after the panicking step")
            << int(Breakpoint::Kind::TrapOrErrorReply) << QStringLiteral("HELLO")
            << QStringLiteral("breakpoint: trap or error reply") << 3 << QString();
        QTest::addRow("dispatch to or from ping stops before its init")
            << int(Breakpoint::Kind::ActorDispatch) << QString()
            << QStringLiteral("breakpoint: dispatch to or from ping") << 1 << QString();
        QTest::addRow("payload PONG stops before the first reply reaches ping")
            << int(Breakpoint::Kind::PayloadContains) << QString()
            << QStringLiteral("breakpoint: payload contains \"PONG\"") << 4 << QStringLiteral("PONG");
        QTest::addRow("program exit never happens in ping-pong")
            << int(Breakpoint::Kind::ProgramExited) << QString() << QStringLiteral("idle") << 9 << QString();
    }

    void breakpoints()
    {
        QFETCH(int, kind);
        QFETCH(QString, extraPayload);
        QFETCH(QString, reason);
        QFETCH(int, steps);
        QFETCH(QString, frontPayload);

        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        Breakpoint bp;
        bp.kind = Breakpoint::Kind(kind);
        bp.actor = idOf(snap, "ping");
        bp.bytes = bytesOf("PONG");
        QVERIFY(awaitDone(s, s.setBreakpoints({ bp })));
        if (!extraPayload.isEmpty()) {
            const QByteArray p = extraPayload.toUtf8();
            QVERIFY(awaitDone(s, s.sendMessage(idOf(snap, "alice"), idOf(snap, "pong"), Bytes(p.begin(), p.end()))));
        }
        QSignalSpy hits(&s, &Session::breakpointHit);
        LogCollector log(s);
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        QVERIFY2(QString::fromStdString(snap->stopReason).startsWith(reason), snap->stopReason.c_str());
        QCOMPARE(snap->stepCount, uint64_t(steps));
        QCOMPARE(hits.count(), reason.startsWith(QStringLiteral("breakpoint")) ? 1 : 0);
        if (!frontPayload.isEmpty()) {
            QVERIFY(!snap->world.queue.empty());
            QCOMPARE(QString::fromStdString(text(snap->world.queue.front().message.payload)), frontPayload);
        }
        if (bp.kind == Breakpoint::Kind::TrapOrErrorReply) {
            QVERIFY(snap->lastStep);
            QCOMPARE(snap->lastStep->outcome, Outcome::Trap);
            QCOMPARE(countLog(log.all, LogEntry::Kind::Panic, "\"pong: expected PING\""), 1);
            QCOMPARE(countLog(log.all, LogEntry::Kind::ErrorReply, "Error(Execution(UserspacePanic))"), 1);
        }
        if (bp.kind == Breakpoint::Kind::ActorDispatch) {
            QCOMPARE(snap->world.queue.front().message.destination, bp.actor);
        }
        // Running again gets past the breakpoint.
        if (hits.count()) {
            auto again = awaitDone(s, s.stepDispatch());
            QVERIFY(again);
            QCOMPARE(again->stepCount, uint64_t(steps + 1));
        }
    }

    void pauseStopsALongRunQuickly()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        const ActorId alice = idOf(snap, "alice"), ping = idOf(snap, "ping");
        // The sample's own game first: its message (3 rounds) would otherwise come last and set
        // the rounds left to 3 for everybody.
        QVERIFY(awaitDone(s, s.runUntilIdle()));
        // 200 games started at once, 100 000 rounds in all: far more than the test waits for.
        // (One game alone would run out of the 750 G gas its first message carries.)
        quint64 last = 0;
        for (int i = 0; i < 200; ++i)
            last = s.sendMessage(alice, ping, u32le(100'000));
        QVERIFY(awaitDone(s, last));

        // The GUI thread's event loop must keep turning while the engine runs flat out.
        QElapsedTimer sinceTick;
        qint64 maxGap = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(5);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            if (ticks++)
                maxGap = std::max(maxGap, sinceTick.elapsed());
            sinceTick.restart();
        });
        QSignalSpy snapshots(&s, &Session::snapshotAvailable);
        QElapsedTimer running;
        sinceTick.start();
        ticker.start();
        running.start();
        s.run(0);
        QTest::qWait(600);
        const qint64 ranMs = running.elapsed();
        QVERIFY(s.isRunning());
        const uint64_t stepsWhileRunning = s.snapshot()->stepCount;
        QVERIFY2(stepsWhileRunning > 500, qPrintable(QString::number(stepsWhileRunning)));

        QSignalSpy stopped(&s, &Session::runningChanged);
        QElapsedTimer latency;
        latency.start();
        s.pause();
        QVERIFY(stopped.wait(5000));
        const qint64 pauseMs = latency.elapsed();
        QVERIFY(!s.isRunning());
        ticker.stop();
        snap = s.snapshot();
        qInfo("ran %lld ms: %llu steps, %d snapshots, max GUI gap %lld ms; pause took %lld ms", ranMs,
            static_cast<unsigned long long>(snap->stepCount), int(snapshots.count()), maxGap, pauseMs);
        QVERIFY2(pauseMs < 2000, qPrintable(QString::number(pauseMs)));
        QCOMPARE(snap->stopReason, std::string("paused"));
        QVERIFY(!snap->idle); // the games were far from over
        QVERIFY2(maxGap < 500, qPrintable(QString::number(maxGap)));
        QVERIFY(ticks > 20);
        // Coalesced: about 30 snapshots a second, not one per step.
        QVERIFY2(snapshots.count() <= int(ranMs / 33) + 10, qPrintable(QString::number(snapshots.count())));
        QVERIFY(snapshots.count() >= 3);
        // Paused means paused.
        const uint64_t atPause = snap->stepCount;
        QTest::qWait(100);
        QCOMPARE(s.snapshot()->stepCount, atPause);
    }

    void runAtASpeedIsPaced()
    {
        Session s;
        QVERIFY(openSample(s));
        QElapsedTimer t;
        t.start();
        s.run(10);
        QTest::qWait(550);
        s.pause();
        QTRY_VERIFY(!s.isRunning());
        const uint64_t steps = s.snapshot()->stepCount;
        QVERIFY2(steps >= 2 && steps <= 9, qPrintable(QString::number(steps)));
        QCOMPARE(s.snapshot()->speed, 10);
    }

    void aBadFileLeavesTheSessionAsItWas()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.wat"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("(module (func $f (param i32) (local.get 7)))");
        f.close();
        QSignalSpy failures(&s, &Session::failed);
        auto after = awaitDone(s, s.openFile(bad));
        QVERIFY(after);
        QCOMPARE(failures.count(), 1);
        QVERIFY2(failures.first().first().toString().contains(QStringLiteral("broken.wat")),
            qPrintable(failures.first().first().toString()));
        QCOMPARE(after->generation, snap->generation);
        QCOMPARE(after->world.programs.size(), size_t(2));
        QCOMPARE(after->log.size(), size_t(1));
        QCOMPARE(after->log.front().kind, LogEntry::Kind::Error);
    }

    void uploadAProgram()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        snap = awaitDone(
            s, s.uploadProgram(QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pong.wat"), bytesOf("salt"), {}));
        QVERIFY(snap);
        QCOMPARE(snap->world.programs.size(), size_t(3));
        QCOMPARE(snap->actorName(snap->world.programs.back().id), std::string("pong-2"));
        QCOMPARE(snap->queueLength, size_t(3));
        QCOMPARE(snap->world.queue.back().kind, DispatchKind::Init);
    }

    void mailboxReplyAndClaim()
    {
        Session s;
        s.setTraceDirectory(m_traces.path());
        auto snap = awaitDone(s, s.uploadProgram(QStringLiteral(GEARSCOPE_FIXTURES_DIR "/msg_actor.wat"), {}, {}));
        QVERIFY(snap);
        QCOMPARE(snap->world.programs.size(), size_t(1));
        const ActorId actor = snap->world.programs.front().id;
        const ActorId alice = idOf(snap, "alice");
        // Two messages with their own gas to alice: they stay in her mailbox.
        Bytes script;
        for (char tag : { 'a', 'b' }) {
            script.push_back('G');
            script.insert(script.end(), alice.bytes.begin(), alice.bytes.end());
            const Bytes value = u128le(0);
            script.insert(script.end(), value.begin(), value.end());
            for (int i = 0; i < 8; ++i)
                script.push_back(uint8_t(uint64_t(1'000'000'000) >> (8 * i)));
            script.push_back(uint8_t(tag));
        }
        QVERIFY(awaitDone(s, s.sendMessage(alice, actor, script)));
        // One block, not "until idle": that would also run the mailbox expiry tasks.
        snap = awaitDone(s, s.runBlock());
        QVERIFY(snap);
        auto mb = snap->world.mailboxes.find(alice);
        QVERIFY(mb != snap->world.mailboxes.end());
        QCOMPARE(mb->second.size(), size_t(2));
        const MessageId first = mb->second[0].message.id, second = mb->second[1].message.id;

        snap = awaitDone(s, s.replyFromMailbox(alice, first, bytesOf("thanks")));
        QVERIFY(snap);
        QCOMPARE(snap->world.mailboxes.at(alice).size(), size_t(1));
        QCOMPARE(snap->queueLength, size_t(1));
        QCOMPARE(snap->world.queue.front().kind, DispatchKind::Reply);
        QCOMPARE(text(snap->world.queue.front().message.payload), std::string("thanks"));

        snap = awaitDone(s, s.claimValue(alice, second));
        QVERIFY(snap);
        QVERIFY(snap->world.mailboxes.count(alice) == 0 || snap->world.mailboxes.at(alice).empty());
        QCOMPARE(snap->queueLength, size_t(2)); // the reply, and the claim's auto-reply
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap && snap->idle);
        QCOMPARE(snap->stopReason, std::string("idle"));

        // A claim of a message that is gone is refused, and says so.
        QSignalSpy failures(&s, &Session::failed);
        QVERIFY(awaitDone(s, s.claimValue(alice, second)));
        QCOMPARE(failures.count(), 1);
    }

    void resetStartsAgain()
    {
        Session s;
        auto first = openSample(s);
        QVERIFY(first);
        QVERIFY(awaitDone(s, s.stepDispatch()));
        QVERIFY(awaitDone(s, s.stepDispatch()));
        auto snap = awaitDone(s, s.reset());
        QVERIFY(snap);
        QCOMPARE(snap->generation, first->generation + 1);
        QCOMPARE(snap->stepCount, uint64_t(0));
        QCOMPARE(snap->queueLength, size_t(2));
        QCOMPARE(snap->gasBurned, Gas(0));
        QVERIFY(snap->tracePath != first->tracePath);
        QVERIFY(QFileInfo::exists(QString::fromStdString(first->tracePath)));
    }

    void openATraceContinuesIt()
    {
        // Record the default sample: its set-up, alice's message of block 1, then four steps.
        QTemporaryDir dir;
        const QString recorded = dir.filePath(QStringLiteral("recorded.sqlite"));
        WorldState recordedEnd;
        constexpr uint64_t Recorded = 4;
        {
            auto sc = Scenario::load(DefaultSample.toStdString());
            QVERIFY2(sc, sc ? "" : sc.error().c_str());
            ScenarioRunner runner(sc.value());
            Runtime& rt = runner.runtime();
            TraceWriter::Meta meta;
            meta.createdBy = "tst_session";
            auto attached = Recorder::attach(rt, recorded.toStdString(), meta);
            QVERIFY2(attached, attached ? "" : attached.error().c_str());
            std::unique_ptr<Recorder> recorder = std::move(attached).value();
            rt.setObserver([&](const StepRecord& r) { recorder->step(r); });
            QVERIFY(runner.setUp());
            QVERIFY(runner.sendDue(1));
            for (uint64_t i = 0; i < Recorded; ++i)
                QVERIFY(rt.step());
            QCOMPARE(rt.stepCount(), Recorded);
            recordedEnd = WorldState::capture(rt);
            QVERIFY(!rt.idle()); // there is more to run
            QVERIFY(recorder->finish());
        }

        std::string continuation;
        {
            Session s;
            s.setTraceDirectory(m_traces.path());
            QSignalSpy traceSpy(&s, &Session::tracePathChanged);
            QSignalSpy failures(&s, &Session::failed);
            LogCollector log(s);
            auto snap = awaitDone(s, s.openFile(recorded));
            QVERIFY(snap);
            QCOMPARE(failures.count(), 0);
            QVERIFY(snap->loaded);
            QCOMPARE(snap->sourceName, std::string("recorded.sqlite"));
            QCOMPARE(snap->stepCount, Recorded);
            const std::string d = recordedEnd.difference(snap->world);
            QVERIFY2(d.empty(), d.c_str());
            QVERIFY(snap->gasBurned > 0);
            QVERIFY(!snap->idle);
            // The continuation is recorded to a new trace, and the log says so.
            continuation = snap->tracePath;
            QVERIFY(!continuation.empty());
            QVERIFY(continuation != recorded.toStdString());
            QVERIFY(QString::fromStdString(continuation).startsWith(m_traces.path()));
            QCOMPARE(s.tracePath(), QString::fromStdString(continuation));
            QCOMPARE(traceSpy.count(), 1);
            QCOMPARE(countLog(log.all, LogEntry::Kind::Info,
                         "continued from recorded.sqlite at step 4; recording to " + continuation),
                1);

            // Stepping goes on from there, and the rest of the game plays out without an error.
            snap = awaitDone(s, s.stepDispatch());
            QVERIFY(snap);
            QCOMPARE(snap->stepCount, Recorded + 1);
            QCOMPARE(snap->lastStep->index, Recorded);
            snap = awaitDone(s, s.runUntilIdle());
            QVERIFY(snap && snap->idle);
            QVERIFY(snap->stepCount > Recorded + 1);
            QCOMPARE(countLog(log.all, LogEntry::Kind::Trap, ""), 0);
            QCOMPARE(countLog(log.all, LogEntry::Kind::Error, ""), 0);
            QCOMPARE(countLog(log.all, LogEntry::Kind::Debug, "game over"), 1);
        }

        // The new trace names its parent, holds the recorded steps and the new ones, and
        // re-executes the same.
        auto reader = TraceReader::open(continuation);
        QVERIFY2(reader, reader ? "" : reader.error().c_str());
        const auto meta = reader.value()->meta();
        QCOMPARE(QString::fromStdString(meta.at("parent_trace")), QFileInfo(recorded).absoluteFilePath());
        QCOMPARE(meta.at("parent_pos"), std::string("4"));
        QVERIFY(reader.value()->stepCount() > Recorded + 1);
        auto atFork = reader.value()->worldAt(Recorded);
        QVERIFY(atFork);
        const std::string d = recordedEnd.difference(atFork.value());
        QVERIFY2(d.empty(), d.c_str());
        auto verified = TraceCheck::verify(continuation);
        QVERIFY2(verified, verified ? "" : verified.error().c_str());
        QVERIFY2(!verified->divergence, verified->divergence ? verified->divergence->what.c_str() : "");
    }

    void aCorruptTraceLeavesTheSessionAsItWas()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        QVERIFY(awaitDone(s, s.stepDispatch()));
        snap = s.snapshot();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.sqlite"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("SQLite format 3") + QByteArray(4096, '\x5a'));
        f.close();
        QSignalSpy failures(&s, &Session::failed);
        auto after = awaitDone(s, s.openFile(bad));
        QVERIFY(after);
        QCOMPARE(failures.count(), 1);
        QVERIFY2(failures.first().first().toString().contains(QStringLiteral("broken.sqlite")),
            qPrintable(failures.first().first().toString()));
        QCOMPARE(after->generation, snap->generation);
        QCOMPARE(after->stepCount, uint64_t(1));
        QCOMPARE(after->world.programs.size(), size_t(2));
        QCOMPARE(after->tracePath, snap->tracePath);
        QCOMPARE(s.tracePath(), QString::fromStdString(snap->tracePath));
        QCOMPARE(after->log.size(), size_t(1));
        QCOMPARE(after->log.front().kind, LogEntry::Kind::Error);
        // The session goes on as before.
        after = awaitDone(s, s.stepDispatch());
        QVERIFY(after);
        QCOMPARE(after->stepCount, uint64_t(2));
    }

    void commandsWithoutAFile()
    {
        Session s;
        QSignalSpy failures(&s, &Session::failed);
        auto snap = awaitDone(s, s.stepDispatch());
        QVERIFY(snap);
        QVERIFY(!snap->loaded);
        QCOMPARE(failures.count(), 1);
        snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        QCOMPARE(failures.count(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
