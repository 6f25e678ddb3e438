// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Replay mode: the snapshot shown at every position equals what the live run showed there,
// scrubbing back and forth, "continue live from here", bad trace files, the window's mode.
#include "fixtures.h"
#include "mainwindow.h"
#include "models/queuemodel.h"
#include "replay/replaycontroller.h"
#include "scenario/scenario.h"
#include "scenariotraces.h"
#include "session/replaybuilder.h"
#include "session/session.h"
#include "session/steplog.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <map>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

QString sample(const char* rel) { return QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/") + QLatin1String(rel); }

Scenario loadScenario(const QString& path)
{
    auto sc = Scenario::load(path.toStdString());
    if (!sc)
        qFatal("%s", sc.error().c_str());
    return sc.value();
}

/// Records `sc` as `gearscope run --record` does.
/// What the live run showed at each position: the world after every step and after every
/// input (the latest capture at a position wins — position k is after the inputs made before
/// step k), and the steps. The recorder owns a runtime's input observer, so this is a twin run:
/// the runtime is deterministic (tst_trace checks the twin takes the same steps).
struct Live
{
    std::map<uint64_t, WorldState> world;
    std::vector<StepRecord> steps;
};

Live observe(const Scenario& sc)
{
    ScenarioRunner runner(sc);
    Runtime& rt = runner.runtime();
    Live live;
    rt.setInputObserver([&](const InputRecord& in) { live.world[in.beforeStep] = WorldState::capture(rt); });
    if (!runner.setUp().ok())
        qFatal("set-up failed");
    live.world[0] = WorldState::capture(rt);
    if (!runner
             .run([&](const StepRecord& r) {
                 live.steps.push_back(r);
                 live.world[r.index + 1] = WorldState::capture(rt);
             })
             .ok())
        qFatal("run failed");
    return live;
}

std::vector<MessageId> queueIds(const WorldState& w)
{
    std::vector<MessageId> ids;
    for (const auto& q : w.queue)
        ids.push_back(q.message.id);
    return ids;
}

template <typename Pred> bool waitUntil(Pred pred, int timeoutMs = 20000)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QTest::qWait(5);
    }
    return true;
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    /// The counter sample recorded once for the tests that need any trace.
    QString counterTrace()
    {
        const QString file = path(QStringLiteral("counter.sqlite"));
        if (!QFileInfo::exists(file)) {
            auto r = recordScenario(loadScenario(sample("counter/counter.json")), file);
            if (!r)
                qFatal("%s", r.error().c_str());
        }
        return file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void snapshotAtEveryStepEqualsLive_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("rounds"); // ping-pong rounds; 0: the scenario as written
        QTest::newRow("counter") << sample("counter/counter.json") << 0;
        QTest::newRow("pingpong") << sample("pingpong/pingpong.json") << 0;
        // Longer than the log window and the builder's log cache, seeked both ways.
        QTest::newRow("pingpong, 500 rounds") << sample("pingpong/pingpong.json") << 500;
        QTest::newRow("gashog out of gas (mailbox, error replies)") << sample("gashog/outofgas.json") << 0;
        QTest::newRow("gashog spillover (blocks)") << sample("gashog/spillover.json") << 0;
    }
    void snapshotAtEveryStepEqualsLive()
    {
        QFETCH(QString, scenario);
        QFETCH(int, rounds);
        Scenario sc = loadScenario(scenario);
        if (rounds > 0) {
            sc.sends.at(0).payload = ScenarioPayload::literal(u32le(uint32_t(rounds)));
            sc.expectations.clear();
        }
        const QString file
            = path(QFileInfo(scenario).completeBaseName() + QStringLiteral("-%1-every.sqlite").arg(rounds));
        auto rec = recordScenario(sc, file);
        QVERIFY2(rec.ok(), rec.ok() ? "" : rec.error().c_str());
        const Live live = observe(sc);

        auto opened = ReplayBuilder::open(file.toStdString());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().c_str());
        ReplayBuilder& builder = *opened.value();
        QCOMPARE(builder.stepCount(), uint64_t(live.steps.size()));
        QVERIFY(builder.stepCount() > 3);
        Gas gas = 0;
        // Forward, then backward: a seek back must give the same snapshot as the way there.
        std::vector<uint64_t> order;
        for (uint64_t k = 0; k <= builder.stepCount(); ++k)
            order.push_back(k);
        for (uint64_t k = builder.stepCount() + 1; k-- > 0;)
            order.push_back(k);
        std::map<uint64_t, Gas> gasAt;
        for (uint64_t k = 0; k <= builder.stepCount(); ++k) {
            gasAt[k] = gas;
            if (k < live.steps.size())
                gas += live.steps[k].gasBurned;
        }
        for (uint64_t k : order) {
            auto built = builder.build(k);
            QVERIFY2(built.ok(), built.ok() ? "" : built.error().c_str());
            const SessionSnapshot& snap = *built.value();
            const WorldState& want = live.world.at(k);
            const std::string diff = snap.world.difference(want);
            QVERIFY2(
                diff.empty(), qPrintable(QStringLiteral("position %1: %2").arg(k).arg(QString::fromStdString(diff))));
            // Spelled out for the panels: queue order, mailboxes, block, counters.
            QCOMPARE(queueIds(snap.world), queueIds(want));
            QCOMPARE(snap.world.mailboxes.size(), want.mailboxes.size());
            for (const auto& [user, entries] : want.mailboxes) {
                QVERIFY(snap.world.mailboxes.count(user));
                QCOMPARE(snap.world.mailboxes.at(user).size(), entries.size());
                for (size_t i = 0; i < entries.size(); ++i)
                    QCOMPARE(snap.world.mailboxes.at(user)[i].message.id, entries[i].message.id);
            }
            QCOMPARE(snap.stepCount, k);
            QCOMPARE(snap.block, want.block);
            QCOMPARE(snap.queueLength, want.queue.size());
            QCOMPARE(snap.gasBurned, gasAt.at(k));
            QCOMPARE(snap.tracePath, file.toStdString());
            QCOMPARE(snap.names.size(), want.programs.size() + want.users.size());
            // The log: the lines of the LogWindow steps before k, worded as the live engine
            // words them — the same whichever way the seek came (the builder caches lines).
            std::vector<std::string> wantLog, gotLog;
            const uint64_t from = k > ReplayBuilder::LogWindow ? k - ReplayBuilder::LogWindow : 0;
            for (uint64_t i = from; i < k; ++i)
                for (const auto& e :
                    StepLog::entries(live.steps[i], [&](const ActorId& id) { return snap.actorName(id); }))
                    wantLog.push_back(std::to_string(e.step) + " " + e.text);
            for (const auto& e : snap.log)
                gotLog.push_back(std::to_string(e.step) + " " + e.text);
            QCOMPARE(gotLog, wantLog);
            if (k == 0) {
                QVERIFY(!snap.lastStep);
            } else {
                QVERIFY(snap.lastStep);
                const StepRecord& step = live.steps[k - 1];
                QCOMPARE(snap.lastStep->index, step.index);
                QCOMPARE(snap.lastStep->message.id, step.message.id);
                QCOMPARE(snap.lastStep->actor, step.actor);
                QCOMPARE(int(snap.lastStep->outcome), int(step.outcome));
                QCOMPARE(snap.lastStep->gasBurned, step.gasBurned);
                QCOMPARE(snap.lastStep->changedPages, step.changedPages);
                QCOMPARE(snap.lastStep->generated.size(), step.generated.size());
                QVERIFY(snap.lastStep->worldOps.empty()); // panels get the light form
                QCOMPARE(snap.steps.size(), size_t(1));
            }
        }
    }

    void seekBackPastCreationStartsAGeneration()
    {
        // A second program uploaded mid-run: before its upload the world lacks it.
        const QString file = path(QStringLiteral("two-counters.sqlite"));
        {
            Runtime rt;
            auto attached = Recorder::attach(rt, file.toStdString(), {});
            QVERIFY(attached.ok());
            auto recorder = std::move(attached).value();
            rt.setObserver([&](const StepRecord& r) { recorder->step(r); });
            QFile wat(sample("counter/counter.wat"));
            QVERIFY(wat.open(QIODevice::ReadOnly));
            const QByteArray src = wat.readAll();
            auto code = rt.submitCode(Bytes(src.begin(), src.end()), "counter.wat");
            QVERIFY(code.ok());
            const ActorId alice = *rt.userByName("alice");
            QVERIFY(rt.uploadProgram(alice, code.value(), bytesOf("one"), {}, 0, std::nullopt, "one").ok());
            rt.runUntilIdle();
            QVERIFY(rt.uploadProgram(alice, code.value(), bytesOf("two"), {}, 0, std::nullopt, "two").ok());
            rt.runUntilIdle();
            QVERIFY(recorder->finish().ok());
        }
        auto opened = ReplayBuilder::open(file.toStdString(), 100);
        QVERIFY(opened.ok());
        ReplayBuilder& b = *opened.value();
        QCOMPARE(b.stepCount(), uint64_t(2));
        auto end = b.build(2).value();
        QCOMPARE(end->generation, uint64_t(100));
        QCOMPARE(end->world.programs.size(), size_t(2));
        // Forward within the same actors: same generation, so panels merge.
        QCOMPARE(b.build(2).value()->generation, uint64_t(100));
        // Back before "two" existed: a new generation, so the graph drops the vanished node.
        auto start = b.build(0).value();
        QCOMPARE(start->world.programs.size(), size_t(1));
        QCOMPARE(start->generation, uint64_t(101));
        // Forward again only adds actors: the generation stays.
        QCOMPARE(b.build(2).value()->generation, uint64_t(101));
    }

    void controllerScrubsAndCoalesces()
    {
        const QString file = counterTrace();
        const Live live = observe(loadScenario(sample("counter/counter.json")));
        ReplayController replay;
        QSignalSpy opened(&replay, &ReplayController::replayOpened);
        QSignalSpy snapshots(&replay, &ReplayController::snapshotAvailable);
        replay.open(file, 0);
        QVERIFY(opened.wait(10000));
        QVERIFY(replay.isActive());
        QCOMPARE(replay.tracePath(), QFileInfo(file).absoluteFilePath());
        const uint64_t n = replay.stepCount();
        QCOMPARE(n, uint64_t(live.steps.size()));
        QVERIFY(waitUntil([&] { return replay.snapshot() != nullptr; }));
        QCOMPARE(replay.position(), uint64_t(0));

        // Fast scrubbing: many seeks without returning to the event loop; only the latest
        // position must end up shown, and far fewer snapshots are built than asked for.
        snapshots.clear();
        int seeks = 0;
        for (int round = 0; round < 20; ++round)
            for (uint64_t k = 0; k <= n; ++k, ++seeks)
                replay.seek(k);
        replay.seek(3);
        ++seeks;
        QVERIFY(waitUntil([&] { return replay.position() == 3 && replay.snapshot()->stepCount == 3; }));
        QTest::qWait(50);
        QCOMPARE(replay.snapshot()->stepCount, uint64_t(3));
        QVERIFY2(snapshots.size() < seeks,
            qPrintable(QStringLiteral("%1 built for %2 seeks").arg(snapshots.size()).arg(seeks)));
        QVERIFY(replay.snapshot()->world.difference(live.world.at(3)).empty());

        // Step forward and back, first and last; clamped at both ends.
        replay.stepForward();
        QVERIFY(waitUntil([&] { return replay.position() == 4; }));
        QVERIFY(replay.snapshot()->world.difference(live.world.at(4)).empty());
        replay.stepBack();
        replay.stepBack();
        QVERIFY(waitUntil([&] { return replay.position() == 2; }));
        QVERIFY(replay.snapshot()->world.difference(live.world.at(2)).empty());
        replay.seekLast();
        QVERIFY(waitUntil([&] { return replay.position() == n; }));
        replay.stepForward();
        QTest::qWait(50);
        QCOMPARE(replay.position(), n);
        replay.seek(n + 100);
        QTest::qWait(50);
        QCOMPARE(replay.position(), n);
        replay.seekFirst();
        QVERIFY(waitUntil([&] { return replay.position() == 0; }));
        replay.stepBack();
        QTest::qWait(50);
        QCOMPARE(replay.position(), uint64_t(0));

        QSignalSpy closed(&replay, &ReplayController::replayClosed);
        replay.close();
        QCOMPARE(closed.size(), 1);
        QVERIFY(!replay.isActive());
    }

    void badTraceFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content"); // empty: do not create
        QTest::newRow("missing") << QStringLiteral("missing.sqlite") << QByteArray();
        QTest::newRow("text") << QStringLiteral("text.sqlite") << QByteArray("this is not a trace\n");
        QTest::newRow("sqlite header, garbage")
            << QStringLiteral("garbage.sqlite") << QByteArray("SQLite format 3\0", 16) + QByteArray(3000, '\x5a');
        QTest::newRow("truncated") << QStringLiteral("truncated.sqlite") << QByteArray("truncate");
    }
    void badTraceFiles()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        const QString bad = path(file);
        if (content == "truncate") {
            QFile good(counterTrace());
            QVERIFY(good.open(QIODevice::ReadOnly));
            content = good.read(good.size() / 2);
        }
        if (!content.isEmpty()) {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        // The builder says which file and what.
        auto b = ReplayBuilder::open(bad.toStdString());
        QVERIFY(!b.ok());
        QVERIFY2(QString::fromStdString(b.error()).contains(file), b.error().c_str());

        // The window: an error dialog, still live and usable; a good trace opens afterwards.
        MainWindow w;
        w.show();
        QSignalSpy failed(w.replay(), &ReplayController::failed);
        w.openFile(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(0).toString().contains(file));
        QVERIFY(!w.replay()->isActive());
        auto* dialog = w.findChild<QMessageBox*>(QStringLiteral("replayErrorDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->text().contains(file));
        dialog->close();
        QVERIFY(w.findChild<QAction*>(QStringLiteral("actionOpen"))->isEnabled());
        QSignalSpy opened(w.replay(), &ReplayController::replayOpened);
        w.openFile(counterTrace());
        QVERIFY(opened.wait(10000));
        QVERIFY(w.replay()->isActive());
    }

    void windowShowsReplayAtPosition()
    {
        const QString file = counterTrace();
        const Live live = observe(loadScenario(sample("counter/counter.json")));
        MainWindow w;
        w.show();
        QSignalSpy opened(w.replay(), &ReplayController::replayOpened);
        w.openFile(file); // the same entry as File > Open, the command line, recent files, drops
        QVERIFY(opened.wait(10000));
        QVERIFY(waitUntil([&] {
            return w.snapshot()->stepCount == w.replay()->stepCount()
                && w.replay()->position() == w.replay()->stepCount();
        }));

        // Mode indicator, scrubber, live controls off.
        auto* mode = w.findChild<QLabel*>(QStringLiteral("statusMode"));
        QVERIFY(mode && mode->text().contains(QStringLiteral("REPLAY")));
        QVERIFY(w.windowTitle().contains(QStringLiteral("Replay")));
        auto* bar = w.findChild<QToolBar*>(QStringLiteral("replayToolBar"));
        QVERIFY(bar && bar->isVisible());
        for (const char* name : { "actionStep", "actionRun", "actionRunBlock", "actionRunIdle", "actionReset",
                 "actionSend", "actionUpload" })
            QVERIFY2(!w.findChild<QAction*>(QLatin1String(name))->isEnabled(), name);
        QVERIFY(w.findChild<QAction*>(QStringLiteral("actionContinueLive"))->isEnabled());

        // The log shows the lines of the steps up to the position: eve's "-100" panics in the
        // last step (counter.json), so its line is there at the end and gone before that step.
        auto* logView = w.findChild<QTableView*>(QStringLiteral("logView"));
        auto logHas = [&](const QString& needle) {
            for (int r = 0; r < logView->model()->rowCount(); ++r)
                for (int c = 0; c < logView->model()->columnCount(); ++c)
                    if (logView->model()->index(r, c).data().toString().contains(needle))
                        return true;
            return false;
        };
        const QString panic = QStringLiteral("counter would go below zero");
        QVERIFY(logHas(panic));

        // The slider seeks; every panel follows (the queue table shows the queue at the position).
        auto* slider = w.findChild<QSlider*>(QStringLiteral("replaySlider"));
        QVERIFY(slider);
        QCOMPARE(uint64_t(slider->maximum()), w.replay()->stepCount());
        auto* queueView = w.findChild<QTableView*>(QStringLiteral("queueView"));
        for (int k : { 1, 0, 4, 2 }) {
            slider->setValue(k);
            QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == uint64_t(k); }));
            const WorldState& want = live.world.at(uint64_t(k));
            QCOMPARE(queueView->model()->rowCount(), int(want.queue.size()));
            QVERIFY(w.snapshot()->world.difference(want).empty());
            QVERIFY(mode->text().contains(QStringLiteral("step %1").arg(k)));
            QVERIFY(!logHas(panic));
        }
        // Keyboard: Alt+Right / Alt+Left step; End / Home jump.
        w.activateWindow();
        QTest::keyClick(&w, Qt::Key_Right, Qt::AltModifier);
        QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == 3; }));
        QTest::keyClick(&w, Qt::Key_Left, Qt::AltModifier);
        QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == 2; }));
        w.findChild<QAction*>(QStringLiteral("actionReplayLast"))->trigger();
        QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == w.replay()->stepCount(); }));
        w.findChild<QAction*>(QStringLiteral("actionReplayFirst"))->trigger();
        QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == 0; }));

        // Leaving the replay brings the live session back with its controls.
        w.findChild<QAction*>(QStringLiteral("actionLeaveReplay"))->trigger();
        QVERIFY(!w.replay()->isActive());
        QVERIFY(!bar->isVisible());
        QVERIFY(!mode->text().contains(QStringLiteral("REPLAY")));
        QVERIFY(w.findChild<QAction*>(QStringLiteral("actionSend"))->isEnabled() == !w.snapshot()->world.users.empty());
    }

    void continueLiveFromHereForksARecordedRun()
    {
        const QString file = counterTrace();
        const Live live = observe(loadScenario(sample("counter/counter.json")));
        QTemporaryDir traces;
        Session session;
        session.setTraceDirectory(traces.path());
        MainWindow w(&session);
        w.show();
        QSignalSpy opened(w.replay(), &ReplayController::replayOpened);
        w.openFile(file);
        QVERIFY(opened.wait(10000));
        const uint64_t pos = 3;
        w.replay()->seek(pos);
        QVERIFY(waitUntil([&] { return w.replay()->position() == pos && w.snapshot()->stepCount == pos; }));

        w.findChild<QAction*>(QStringLiteral("actionContinueLive"))->trigger();
        // The replay stays until the fork is there, then the window is live again.
        QVERIFY(waitUntil([&] { return !w.replay()->isActive(); }));
        // The live session continues at the position, recording a new trace.
        QVERIFY(waitUntil([&] {
            auto s = session.snapshot();
            return s->loaded && s->stepCount == pos && !s->tracePath.empty() && s->tracePath != file.toStdString();
        }));
        auto snap = session.snapshot();
        QVERIFY(snap->world.difference(live.world.at(pos)).empty());
        QVERIFY(w.findChild<QAction*>(QStringLiteral("actionStep"))->isEnabled());
        QCOMPARE(w.snapshot(), snap);

        // The new trace names its parent and the position.
        const std::string child = snap->tracePath;
        std::map<std::string, std::string> meta;
        QVERIFY(waitUntil([&] {
            auto r = TraceReader::open(child);
            if (!r)
                return false;
            meta = r.value()->meta();
            return meta.count("parent_pos") != 0;
        }));
        QCOMPARE(QString::fromStdString(meta["parent_trace"]), QFileInfo(file).absoluteFilePath());
        QCOMPARE(meta["parent_pos"], std::string("3"));

        // And it goes on live from there: one more dispatch makes position 4 of the original.
        const quint64 id = session.stepDispatch();
        QVERIFY(waitUntil([&] { return session.snapshot()->commandsDone >= id; }));
        QCOMPARE(session.snapshot()->stepCount, pos + 1);
        QCOMPARE(session.snapshot()->lastStep->message.id, live.steps[pos].message.id);
    }

    void continueLiveThatFailsKeepsTheReplay()
    {
        // A trace that is gone by the time the fork reads it: the session fails, the window
        // says so and stays in replay at the same position.
        const QString copy = path(QStringLiteral("going-away.sqlite"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(counterTrace(), copy));
        QTemporaryDir traces;
        Session session;
        session.setTraceDirectory(traces.path());
        MainWindow w(&session);
        w.show();
        QSignalSpy opened(w.replay(), &ReplayController::replayOpened);
        w.openFile(copy);
        QVERIFY(opened.wait(10000));
        w.replay()->seek(2);
        QVERIFY(waitUntil([&] { return w.snapshot()->stepCount == 2; }));
        QVERIFY(QFile::remove(copy));
        QSignalSpy failed(&session, &Session::failed);
        auto* cont = w.findChild<QAction*>(QStringLiteral("actionContinueLive"));
        cont->trigger();
        QVERIFY(!cont->isEnabled()); // no second fork while the first is on its way
        QVERIFY(failed.wait(10000));
        QVERIFY(waitUntil([&] { return cont->isEnabled(); }));
        QVERIFY(w.replay()->isActive());
        QCOMPARE(w.replay()->position(), uint64_t(2));
        QCOMPARE(w.snapshot()->stepCount, uint64_t(2));
        auto* dialog = w.findChild<QMessageBox*>(QStringLiteral("replayErrorDialog"));
        QVERIFY(dialog && dialog->text().contains(QStringLiteral("going-away.sqlite")));
        QVERIFY(!session.snapshot()->loaded);
    }

    void continuePastTheEndFails()
    {
        QTemporaryDir traces;
        Session session;
        session.setTraceDirectory(traces.path());
        QSignalSpy failed(&session, &Session::failed);
        session.continueTrace(counterTrace(), 100000);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("past the end")));
        QVERIFY(!session.snapshot()->loaded);
    }
};

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
