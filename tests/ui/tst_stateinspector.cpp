// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The state inspector: memory by page at a step (live and replay), the bytes a step changed,
// the changed pages, and the `state` query — live on the engine, in replay on the recorded code
// and memory (Runtime::readStateOfImage).
#include "fixtures.h"
#include "inspectors/stateinspector.h"
#include "inspectors/statepagemodel.h"
#include "runtime/runtime.h"
#include "session/replaybuilder.h"
#include "session/session.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

QString sample(const char* rel) { return QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/") + QLatin1String(rel); }

Bytes fileBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QByteArray a = f.readAll();
    return Bytes(a.begin(), a.end());
}

Bytes op(char sign, uint32_t n) { return cat({ Bytes { uint8_t(sign) }, u32le(n) }); }

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

/// The counter sample's run, driven step by step on a recorded runtime: what the live runtime
/// showed at every position (memory, state answer) is the oracle for the replay.
struct CounterRun
{
    QString trace;
    ActorId counter;
    std::vector<StepRecord> steps;
    std::map<uint64_t, Bytes> memory; ///< counter's memory at each position
    std::map<uint64_t, Bytes> answer; ///< its state answer at each position
};

CounterRun recordCounter(const QString& file)
{
    CounterRun run;
    run.trace = file;
    Runtime rt;
    auto attached = Recorder::attach(rt, file.toStdString(), {});
    if (!attached)
        qFatal("%s", attached.error().c_str());
    auto recorder = std::move(attached).value();
    rt.setObserver([&](const StepRecord& r) {
        recorder->step(r);
        run.steps.push_back(r);
    });
    auto code = rt.submitCode(fileBytes(sample("counter/counter.wat")), "counter.wat");
    const ActorId alice = *rt.userByName("alice");
    auto up = rt.uploadProgram(alice, code.value(), {}, u64le(10), 0, std::nullopt, "counter");
    run.counter = up->program;
    auto look = [&] {
        const uint64_t pos = rt.stepCount();
        run.memory[pos] = rt.memory(run.counter);
        auto st = rt.readState(run.counter, {});
        run.answer[pos] = st ? st.value() : Bytes {};
    };
    auto drain = [&] {
        while (rt.step())
            look();
    };
    look();
    drain();
    // The counter scenario's messages: +5, +7, then -2 and a panicking -100 in a later block.
    (void)rt.sendMessage(alice, run.counter, op('+', 5));
    (void)rt.sendMessage(*rt.userByName("bob"), run.counter, op('+', 7));
    look();
    drain();
    (void)rt.sendMessage(alice, run.counter, op('-', 2));
    (void)rt.sendMessage(*rt.userByName("eve"), run.counter, op('-', 100));
    look();
    drain();
    if (!recorder->finish())
        qFatal("recording failed");
    return run;
}

/// The outside oracle: samples/counter/counter.json expects this state at the end.
Bytes counterFinalState() { return cat({ u64le(20), u32le(3), u32le(1) }); }

} // namespace

class TestStateInspector : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    CounterRun m_run;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        m_run = recordCounter(m_dir.filePath(QStringLiteral("counter.sqlite")));
        QVERIFY(m_run.steps.size() >= 5);
        QCOMPARE(m_run.answer.at(m_run.steps.size()), counterFinalState());
    }

    void stateOfImageMatchesLiveAtEveryPosition()
    {
        auto opened = TraceReader::open(m_run.trace.toStdString());
        QVERIFY(opened.ok());
        const TraceReader& reader = *opened.value();
        auto codes = reader.codes();
        QVERIFY(codes.ok());
        for (uint64_t pos = 0; pos <= reader.stepCount(); ++pos) {
            auto world = reader.worldAt(pos);
            QVERIFY(world.ok());
            const ProgramSnapshot* p = world->program(m_run.counter);
            QVERIFY(p);
            auto memory = reader.memoryAt(m_run.counter, pos, p->memoryPages);
            QVERIFY(memory.ok());
            QCOMPARE(memory.value(), m_run.memory.at(pos));
            auto answer = Runtime::readStateOfImage(
                reader.config(), codes->at(p->codeId), *p, memory.value(), world->block, {});
            if (p->state != ProgramState::Active) {
                QVERIFY(!answer.ok()); // before init ran: "program is uninitialized", as live
                QVERIFY(m_run.answer.at(pos).empty());
                continue;
            }
            QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().c_str());
            QCOMPARE(answer.value(), m_run.answer.at(pos));
        }
    }

    void stateOfImageErrors_data()
    {
        QTest::addColumn<QString>("program"); // the program's file
        QTest::addColumn<QString>("codeFrom"); // the code handed to readStateOfImage
        QTest::addColumn<int>("memoryDelta"); // bytes added to the memory image
        QTest::addColumn<QString>("error");
        const QString handleOnly = QStringLiteral(GEARSCOPE_FIXTURES_DIR "/msg_handle_only.wat");
        const QString trap = QStringLiteral(GEARSCOPE_FIXTURES_DIR "/state_trap.wat");
        const QString counter = sample("counter/counter.wat");
        QTest::newRow("no state export") << handleOnly << handleOnly << 0 << QStringLiteral("has no `state` export");
        QTest::newRow("state traps") << trap << trap << 0 << QStringLiteral("trapped");
        QTest::newRow("wrong code") << handleOnly << counter << 0 << QStringLiteral("not the program's code");
        QTest::newRow("memory not whole pages") << counter << counter << 7 << QStringLiteral("not whole Wasm pages");
    }
    void stateOfImageErrors()
    {
        QFETCH(QString, program);
        QFETCH(QString, codeFrom);
        QFETCH(int, memoryDelta);
        QFETCH(QString, error);
        Runtime rt;
        auto code = rt.submitCode(fileBytes(program), "program");
        QVERIFY(code.ok());
        auto up = rt.uploadProgram(*rt.userByName("alice"), code.value(), {}, u64le(1));
        QVERIFY(up.ok());
        rt.runUntilIdle();
        const ProgramSnapshot p = *rt.program(up->program);
        QCOMPARE(p.state, ProgramState::Active);
        Bytes memory = rt.memory(p.id);
        memory.resize(memory.size() + size_t(memoryDelta));
        auto answer = Runtime::readStateOfImage(rt.config(), fileBytes(codeFrom), p, memory, rt.blockHeight(), {});
        QVERIFY(!answer.ok());
        QVERIFY2(QString::fromStdString(answer.error()).contains(error), answer.error().c_str());
        // The live query says the same where it applies (it has the program's own code).
        if (program == codeFrom && memoryDelta == 0) {
            auto live = rt.readState(p.id, {});
            QVERIFY(!live.ok());
            QVERIFY(QString::fromStdString(live.error()).contains(error));
        }
    }

    void pageModelMarksChangedBytes()
    {
        StatePageModel model;
        Bytes before(StatePageModel::PageSize, 0);
        Bytes after = before;
        after[0x100] = 0x0f;
        after[0x3fff] = 0x41;
        model.setPage(2, after, before);
        QCOMPARE(model.rowCount(), StatePageModel::PageSize / StatePageModel::BytesPerRow);
        QCOMPARE(model.changedOffsets(), (std::vector<int> { 0x100, 0x3fff }));
        const QModelIndex changed = model.index(0x10, StatePageModel::FirstByteColumn);
        QCOMPARE(changed.data().toString(), QStringLiteral("0f"));
        QVERIFY(changed.data(StatePageModel::ChangedRole).toBool());
        QVERIFY(changed.data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0x10, StatePageModel::FirstByteColumn + 1).data(StatePageModel::ChangedRole).toBool());
        // Addresses are in the program's memory, not the page: page 2 starts at 0x8000.
        QCOMPARE(model.index(0, StatePageModel::AddressColumn).data().toString(), QStringLiteral("00008000"));
        QCOMPARE(model.index(0x3ff, StatePageModel::AsciiColumn).data().toString(), QStringLiteral("...............A"));
        QVERIFY(model.index(0x3ff, StatePageModel::AsciiColumn).data(StatePageModel::ChangedRole).toBool());
        // Without the page before, nothing is marked.
        model.setPage(2, after);
        QVERIFY(model.changedOffsets().empty());
    }

    void replayShowsMemoryChangesAndState()
    {
        auto opened = ReplayBuilder::open(m_run.trace.toStdString());
        QVERIFY(opened.ok());
        ReplayBuilder& builder = *opened.value();
        StateInspector inspector(nullptr);
        inspector.resize(800, 600);
        inspector.show();
        QSignalSpy shown(&inspector, &StateInspector::memoryShown);
        inspector.setProgram(m_run.counter);
        int checkedChanges = 0;
        for (uint64_t pos = 1; pos <= builder.stepCount(); ++pos) {
            const StepRecord& step = m_run.steps[pos - 1];
            auto snap = builder.build(pos);
            QVERIFY(snap.ok());
            shown.clear();
            inspector.setSnapshot(snap.value(), true);
            QVERIFY(shown.wait(5000));
            QCOMPARE(inspector.memory(), m_run.memory.at(pos));
            const std::set<uint32_t> want(step.changedPages.begin(), step.changedPages.end());
            QCOMPARE(inspector.changedPages(), step.actor == m_run.counter ? want : std::set<uint32_t> {});
            if (inspector.changedPages().empty())
                continue;
            // The page shown is the first one the step changed, with exactly the bytes that
            // differ from the live memory before the step marked.
            const uint32_t page = *inspector.changedPages().begin();
            StatePageModel* model = inspector.pageModel();
            QCOMPARE(model->page(), page);
            const Bytes& now = m_run.memory.at(pos);
            const Bytes& was = m_run.memory.at(pos - 1);
            std::vector<int> diff;
            for (int i = 0; i < StatePageModel::PageSize; ++i) {
                const size_t at = size_t(page) * StatePageModel::PageSize + size_t(i);
                if (now[at] != was[at])
                    diff.push_back(i);
            }
            QCOMPARE(model->changedOffsets(), diff);
            ++checkedChanges;
        }
        QVERIFY(checkedChanges >= 3); // init and the successful handles wrote the counter

        // The state query at a position answers what the live program answered there.
        for (uint64_t pos : { uint64_t(3), builder.stepCount() }) {
            auto snap = builder.build(pos);
            inspector.setSnapshot(snap.value(), true);
            QSignalSpy done(&inspector, &StateInspector::queryFinished);
            inspector.runQuery(QString(), false);
            QCOMPARE(done.size(), 1); // replay queries run at once
            QVERIFY2(inspector.lastQueryOk(), qPrintable(inspector.answerText()));
            QCOMPARE(inspector.lastAnswer(), m_run.answer.at(pos));
            QVERIFY(inspector.answerText().contains(QStringLiteral("16 byte(s)")));
        }
        QCOMPARE(inspector.lastAnswer(), counterFinalState());
        // A payload that does not parse is refused with a message.
        inspector.runQuery(QStringLiteral("zz"), true);
        QVERIFY(!inspector.lastQueryOk());
        QVERIFY(inspector.answerText().startsWith(QStringLiteral("error:")));
        // A user has no memory and no state.
        inspector.setProgram(m_run.steps[1].message.source);
        inspector.runQuery(QString(), false);
        QVERIFY(!inspector.lastQueryOk());
        QVERIFY(inspector.answerText().contains(QStringLiteral("select a program")));
    }

    void liveShowsMemoryChangesAndState()
    {
        QTemporaryDir traces;
        Session session;
        session.setTraceDirectory(traces.path());
        const quint64 open = session.openFile(sample("counter/counter.json"));
        QVERIFY(waitUntil([&] { return session.snapshot()->commandsDone >= open; }));
        quint64 last = 0;
        for (int i = 0; i < 2; ++i)
            last = session.stepDispatch(); // init, then +5
        QVERIFY(waitUntil([&] { return session.snapshot()->commandsDone >= last; }));
        auto snap = session.snapshot();
        ActorId counter;
        for (const auto& p : snap->world.programs)
            counter = p.id;
        QVERIFY(snap->lastStep && snap->lastStep->actor == counter);

        StateInspector inspector(&session);
        inspector.resize(800, 600);
        inspector.show();
        QSignalSpy shown(&inspector, &StateInspector::memoryShown);
        inspector.setProgram(counter);
        inspector.setSnapshot(snap, false);
        QVERIFY(shown.wait(5000));
        // Oracle: the run's own recording at the same position.
        const ProgramSnapshot* p = snap->world.program(counter);
        Bytes recorded;
        QVERIFY(waitUntil([&] {
            auto r = TraceReader::open(snap->tracePath);
            if (!r || r.value()->stepCount() < snap->stepCount)
                return false;
            recorded = r.value()->memoryAt(counter, snap->stepCount, p->memoryPages).value();
            return true;
        }));
        QCOMPARE(inspector.memory(), recorded);
        const std::set<uint32_t> want(snap->lastStep->changedPages.begin(), snap->lastStep->changedPages.end());
        QCOMPARE(inspector.changedPages(), want);
        QVERIFY(!want.empty());
        // The counter at 0x100 went from 10 to 15: that byte is marked.
        QCOMPARE(inspector.pageModel()->page(), 0u);
        QVERIFY(inspector.pageModel()->isChanged(0x100));
        QCOMPARE(recorded[0x100], uint8_t(15));

        // The state query runs on the engine thread.
        QSignalSpy done(&inspector, &StateInspector::queryFinished);
        inspector.runQuery(QString(), false);
        QVERIFY(done.wait(5000));
        QVERIFY2(inspector.lastQueryOk(), qPrintable(inspector.answerText()));
        QCOMPARE(inspector.lastAnswer(), cat({ u64le(15), u32le(1), u32le(1) }));

        // At the end of the scenario: what counter.json expects.
        const quint64 idle = session.runUntilIdle();
        QVERIFY(waitUntil([&] { return session.snapshot()->commandsDone >= idle && !session.snapshot()->running; }));
        inspector.setSnapshot(session.snapshot(), false);
        done.clear();
        inspector.runQuery(QString(), false);
        QVERIFY(done.wait(5000));
        QCOMPARE(inspector.lastAnswer(), counterFinalState());
        // A user is refused before anything is sent to the engine.
        inspector.setProgram(session.snapshot()->world.users.front().id);
        inspector.runQuery(QString(), false);
        QVERIFY(!inspector.lastQueryOk());
        QVERIFY(inspector.answerText().contains(QStringLiteral("select a program")));
    }
};

QTEST_MAIN(TestStateInspector)
#include "tst_stateinspector.moc"
