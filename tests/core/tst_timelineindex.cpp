// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// TimelineIndex (issue 6): built from a recorded trace it equals the index built from the live
// StepRecords with the Runtime's own queue sizes; messages, lanes, blocks, the time axis, and the
// level-of-detail queries that keep 1,000,000 messages drawable.
#include "fixtures.h"
#include "scenario/scenario.h"
#include "scenariotraces.h"
#include "timeline/timelineindex.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

using namespace Gearscope;
using namespace Gearscope::Test;

Q_DECLARE_METATYPE(TimelineIndex::Axis)
/// Long arrows for crowdedRun(): (step that sends, step that handles).
using LongArrows = std::vector<std::pair<uint32_t, uint32_t>>;
Q_DECLARE_METATYPE(LongArrows)

namespace {

ActorId actor(uint64_t n) { return ActorId::fromU64(n); }
MessageId msg(uint64_t n) { return MessageId::fromU64(n); }

/// A step of `lane`'s actor dispatching message `m` from `source`, sending `sent` (id, destination).
TimelineStep makeStep(uint64_t index, BlockNumber block, uint64_t lane, uint64_t m, uint64_t source,
    std::vector<std::pair<uint64_t, uint64_t>> sent = {}, TimelineKind kind = TimelineKind::Handle)
{
    TimelineStep s;
    s.index = index;
    s.block = block;
    s.kind = kind;
    s.actor = actor(lane);
    s.message = msg(m);
    s.source = actor(source);
    for (auto [id, to] : sent)
        s.generated.push_back({ msg(id), actor(to), TimelineKind::Handle });
    return s;
}

/// Steps 0..n-1 on `lanes` lanes round robin, each sending the message the next step handles.
TimelineIndex chain(uint32_t n, uint32_t lanes, uint32_t stepsPerBlock = 10)
{
    TimelineIndex idx;
    for (uint32_t i = 0; i < n; ++i)
        idx.append(makeStep(i, i / stepsPerBlock + 1, i % lanes, 1000 + i, i == 0 ? 99 : (i - 1) % lanes,
            { { 1000 + i + 1, (i + 1) % lanes } }));
    return idx;
}

/// Empty when equal, else the first difference in words.
std::string compareIndexes(const TimelineIndex& a, const TimelineIndex& b)
{
    if (a.stepCount() != b.stepCount())
        return "steps " + std::to_string(a.stepCount()) + " vs " + std::to_string(b.stepCount());
    if (a.laneCount() != b.laneCount())
        return "lanes " + std::to_string(a.laneCount()) + " vs " + std::to_string(b.laneCount());
    for (uint32_t l = 0; l < a.laneCount(); ++l)
        if (a.laneActor(l) != b.laneActor(l))
            return "lane " + std::to_string(l);
    for (size_t i = 0; i < a.stepCount(); ++i) {
        const std::string at = "step " + std::to_string(i) + ": ";
        if (a.stepLane(i) != b.stepLane(i) || a.stepBlock(i) != b.stepBlock(i) || a.stepKind(i) != b.stepKind(i)
            || a.stepOutcome(i) != b.stepOutcome(i) || a.stepGas(i) != b.stepGas(i))
            return at + "lane/block/kind/outcome/gas differ";
        if (a.stepQueueLength(i) != b.stepQueueLength(i))
            return at + "queue " + std::to_string(a.stepQueueLength(i)) + " vs " + std::to_string(b.stepQueueLength(i));
        const uint32_t ma = a.stepMessage(i), mb = b.stepMessage(i);
        if ((ma == TimelineIndex::None) != (mb == TimelineIndex::None)
            || (ma != TimelineIndex::None && a.messageId(ma) != b.messageId(mb)))
            return at + "message differs";
    }
    if (a.messageCount() != b.messageCount())
        return "messages " + std::to_string(a.messageCount()) + " vs " + std::to_string(b.messageCount());
    for (uint32_t m = 0; m < a.messageCount(); ++m) {
        if (a.messageId(m) != b.messageId(m) || a.messageSendStep(m) != b.messageSendStep(m)
            || a.messageProcessStep(m) != b.messageProcessStep(m) || a.messageSourceLane(m) != b.messageSourceLane(m)
            || a.messageDestinationLane(m) != b.messageDestinationLane(m) || a.messageKind(m) != b.messageKind(m))
            return "message " + std::to_string(m) + " differs";
    }
    return {};
}

/// A crowded run for the arrow queries: n steps on `lanes` program lanes, step i handling the
/// message step i-1 sent and sending the next one, plus `replies` messages to user 99 that are
/// never dispatched (zero-length arrows: the crowd). For every (s, e) in `longs`, step s also
/// sends a message to step e's lane, and step e handles it instead of its chain message (which
/// then stays pending).
TimelineIndex crowdedRun(
    uint32_t n, uint32_t lanes, uint32_t replies, const LongArrows& longs, uint32_t stepsPerBlock = 1000)
{
    constexpr uint64_t Chain = 1'000'000, Reply = 10'000'000, Long = 50'000'000, User = 99;
    std::vector<uint64_t> handled(n), handledFrom(n);
    for (uint32_t i = 0; i < n; ++i) {
        handled[i] = Chain + i;
        handledFrom[i] = i == 0 ? User : (i - 1) % lanes;
    }
    std::vector<std::vector<std::pair<uint64_t, uint64_t>>> extra(n);
    for (size_t k = 0; k < longs.size(); ++k) {
        const auto [s, e] = longs[k];
        extra[s].push_back({ Long + k, e % lanes });
        handled[e] = Long + k;
        handledFrom[e] = s % lanes;
    }
    TimelineIndex idx;
    for (uint32_t i = 0; i < n; ++i) {
        std::vector<std::pair<uint64_t, uint64_t>> sent { { Chain + i + 1, (i + 1) % lanes } };
        for (uint32_t r = 0; r < replies; ++r)
            sent.push_back({ Reply + uint64_t(i) * 16 + r, User });
        sent.insert(sent.end(), extra[i].begin(), extra[i].end());
        idx.append(makeStep(i, i / stepsPerBlock + 1, i % lanes, handled[i], handledFrom[i], sent));
    }
    return idx;
}

/// Where an arrow ends: its dispatch, or its start while it has none (drawn with zero length).
uint32_t arrowEnd(const TimelineIndex& idx, uint32_t m)
{
    const uint32_t p = idx.messageProcessStep(m);
    return p == TimelineIndex::None ? idx.messageStartStep(m) : p;
}

/// What arrows() promises to keep apart: lanes at both ends and the column the head lands in.
using ArrowKey = std::tuple<uint32_t, uint32_t, int64_t>;
ArrowKey arrowKey(const TimelineIndex& idx, uint32_t m, double t0, double width, TimelineIndex::Axis axis)
{
    return { idx.messageSourceLane(m), idx.messageDestinationLane(m),
        int64_t(std::floor((idx.stepCenter(arrowEnd(idx, m), axis) - t0) / width)) };
}

/// A run with a shuffled queue: each step handles a random queued message (a user's new one when
/// the queue is empty, now and then anyway) and sends 0 to 2 to random lanes. So dispatches come
/// in any order, some messages wait thousands of steps and many are in flight at once.
TimelineIndex randomQueueRun(uint32_t n, uint32_t lanes, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<std::pair<uint64_t, uint64_t>> queue; // message, destination lane
    uint64_t nextId = 1;
    TimelineIndex idx;
    for (uint32_t i = 0; i < n; ++i) {
        std::pair<uint64_t, uint64_t> handled;
        uint64_t source = 99;
        if (queue.empty() || rng() % 50 == 0) {
            handled = { nextId++, rng() % lanes };
        } else {
            const size_t k = rng() % queue.size();
            handled = queue[k];
            queue[k] = queue.back();
            queue.pop_back();
            source = 0; // known already: the index keeps the sender's lane from the send
        }
        std::vector<std::pair<uint64_t, uint64_t>> sent;
        for (uint32_t k = rng() % 3; k > 0; --k) {
            sent.push_back({ nextId++, rng() % lanes });
            queue.push_back(sent.back());
        }
        idx.append(makeStep(i, i / 100 + 1, handled.second, handled.first, source, sent));
    }
    return idx;
}

/// Checks arrows(t0, t1, columns, axis) against a scan of every message: each message whose
/// drawn segment, from its start step's centre to its end step's centre, overlaps [t0, t1] is
/// returned, or one with the same key is; nothing returned stays clear of the view; none twice;
/// arrows from the left once per key. Counts what overlaps, and what of it comes from the left.
void verifyArrowsAgainstScan(const TimelineIndex& idx, double t0, double t1, int columns, TimelineIndex::Axis axis,
    int* overlapping, int* fromTheLeft)
{
    const double width = (t1 - t0) / columns;
    const auto got = idx.arrows(t0, t1, columns, axis);
    std::set<uint32_t> seen;
    std::set<ArrowKey> gotKeys, leftKeys;
    const size_t firstVisible = idx.stepAtOrAfter(t0, axis), lastVisible = idx.stepAtOrAfter(t1, axis);
    for (uint32_t m : got) {
        QVERIFY2(seen.insert(m).second, qPrintable(QStringLiteral("message %1 returned twice").arg(m)));
        // Nothing that stays clear of the view.
        QVERIFY(arrowEnd(idx, m) >= firstVisible && idx.messageStartStep(m) <= lastVisible);
        const ArrowKey k = arrowKey(idx, m, t0, width, axis);
        gotKeys.insert(k);
        // Arrows from the left come once per key, however many share it.
        if (idx.messageStartStep(m) < firstVisible)
            QVERIFY2(leftKeys.insert(k).second, qPrintable(QStringLiteral("message %1: key taken twice").arg(m)));
    }
    // The oracle: every message whose drawn segment, from its start step's centre to its end
    // step's centre, overlaps [t0, t1] is there, or one with the same key is.
    for (uint32_t m = 0; m < idx.messageCount(); ++m) {
        const double a = idx.stepCenter(idx.messageStartStep(m), axis);
        const double b = idx.stepCenter(arrowEnd(idx, m), axis);
        if (b < t0 || a > t1)
            continue;
        ++*overlapping;
        *fromTheLeft += a < t0;
        QVERIFY2(gotKeys.count(arrowKey(idx, m, t0, width, axis)),
            qPrintable(QStringLiteral("message %1 (steps %2..%3) overlaps the view but is missing")
                           .arg(m)
                           .arg(idx.messageStartStep(m))
                           .arg(arrowEnd(idx, m))));
    }
}

} // namespace

class tst_TimelineIndex : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A long ping-pong: 3000 rounds asked, ~2300 steps until gas runs out (error replies too).
        QVERIFY(!writeLongPingPong(m_dir.path()).isEmpty());
    }

    // ---- trace vs live, queue lengths vs the Runtime ----
    void traceIndexEqualsLive_data()
    {
        QTest::addColumn<QString>("path");
        QVERIFY(addSampleScenarioRows() >= 1);
        QTest::newRow("long ping-pong") << m_dir.filePath(QStringLiteral("longpingpong.json"));
    }

    void traceIndexEqualsLive()
    {
        QFETCH(QString, path);
        auto sc = Scenario::load(path.toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        const QString file = m_dir.filePath(QFileInfo(path).baseName() + QStringLiteral(".sqlite"));
        QFile::remove(file);
        TimelineIndex live;
        std::vector<uint32_t> runtimeQueue;
        {
            ScenarioRunner runner(sc.value());
            Runtime& rt = runner.runtime();
            auto attached = Recorder::attach(rt, file.toStdString(), {});
            QVERIFY2(attached.ok(), attached.error().c_str());
            auto recorder = std::move(attached).value();
            QVERIFY(runner.setUp().ok());
            // The oracle for queue lengths is the Runtime itself, asked after every step.
            auto ran = runner.run([&](const StepRecord& r) {
                recorder->step(r);
                runtimeQueue.push_back(uint32_t(rt.queue().size()));
                live.append(TimelineStep::from(r, runtimeQueue.back()));
            });
            Q_UNUSED(ran); // the long ping-pong ends in errors on purpose
            QVERIFY(recorder->finish().ok());
        }
        QVERIFY(live.stepCount() > 0);
        QCOMPARE(live.missedSteps(), uint64_t(0));

        auto reader = TraceReader::open(file.toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        std::vector<uint64_t> progress;
        auto fromTrace = TimelineIndex::fromTrace(**reader, [&](uint64_t done, uint64_t) { progress.push_back(done); });
        QVERIFY2(fromTrace.ok(), fromTrace.error().c_str());
        const std::string diff = compareIndexes(live, *fromTrace);
        QVERIFY2(diff.empty(), diff.c_str());
        for (size_t i = 0; i < runtimeQueue.size(); ++i)
            QCOMPARE(fromTrace->stepQueueLength(i), runtimeQueue[i]);
        QVERIFY(progress.size() <= 101);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        // Every dispatch's message is known and was processed at that step or earlier (a woken
        // message is dispatched again).
        for (size_t i = 0; i < live.stepCount(); ++i) {
            if (live.stepKind(i) == TimelineKind::Task)
                continue;
            const uint32_t m = live.stepMessage(i);
            QVERIFY(m != TimelineIndex::None);
            QVERIFY(live.messageProcessStep(m) <= i);
        }
    }

    void longRunHasQueueAndErrorReplies()
    {
        // Not a tautology check of the equality above: the long run really exercises the queue
        // (two messages queued at once) and the error-reply kind.
        auto reader = TraceReader::open(m_dir.filePath(QStringLiteral("longpingpong.sqlite")).toStdString());
        QVERIFY2(reader.ok(), reader.error().c_str());
        auto idx = TimelineIndex::fromTrace(**reader);
        QVERIFY(idx.ok());
        QVERIFY(idx->stepCount() > 2000);
        uint32_t maxQueue = 0;
        for (size_t i = 0; i < idx->stepCount(); ++i)
            maxQueue = std::max(maxQueue, idx->stepQueueLength(i));
        QVERIFY(maxQueue >= 1);
        bool errorReply = false;
        for (uint32_t m = 0; m < idx->messageCount(); ++m)
            errorReply |= idx->messageKind(m) == TimelineKind::ErrorReply;
        QVERIFY(errorReply);
    }

    void unreadableTraceIsAnError()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.sqlite"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a trace at all");
        f.close();
        auto reader = TraceReader::open(bad.toStdString());
        QVERIFY(!reader.ok());
        QVERIFY(reader.error().find("bad.sqlite") != std::string::npos);
    }

    // ---- messages and steps ----
    void messagesGetSendAndProcessSteps()
    {
        TimelineIndex idx;
        // Step 0: program 1 handles user 9's message 100 and sends 101 to program 2 and 102 to user 9.
        QVERIFY(idx.append(makeStep(0, 1, 1, 100, 9, { { 101, 2 }, { 102, 9 } })));
        // Step 1: program 2 handles 101.
        QVERIFY(idx.append(makeStep(1, 1, 2, 101, 1)));
        QCOMPARE(idx.stepCount(), size_t(2));
        QCOMPARE(idx.messageCount(), size_t(3));
        QCOMPARE(idx.laneCount(), size_t(3)); // programs 1, 2 and user 9
        const uint32_t m100 = idx.messageOf(msg(100)), m101 = idx.messageOf(msg(101)), m102 = idx.messageOf(msg(102));
        QCOMPARE(idx.messageSendStep(m100), TimelineIndex::None); // a user's message
        QCOMPARE(idx.messageProcessStep(m100), 0u);
        QCOMPARE(idx.messageSourceLane(m100), idx.laneOf(actor(9)));
        QCOMPARE(idx.messageSendStep(m101), 0u);
        QCOMPARE(idx.messageProcessStep(m101), 1u);
        QCOMPARE(idx.messageDestinationLane(m101), idx.laneOf(actor(2)));
        QCOMPARE(idx.messageProcessStep(m102), TimelineIndex::None); // went to a user
        QCOMPARE(idx.messageOf(msg(555)), TimelineIndex::None);
        QCOMPARE(idx.stepMessage(1), m101);
    }

    void duplicatesAndGaps()
    {
        TimelineIndex idx;
        QVERIFY(idx.append(makeStep(5, 1, 1, 100, 9)));
        QCOMPARE(idx.firstStepIndex(), uint64_t(5)); // a continued run starts late
        QVERIFY(!idx.append(makeStep(5, 1, 1, 100, 9)));
        QVERIFY(idx.append(makeStep(6, 1, 1, 101, 9)));
        QCOMPARE(idx.missedSteps(), uint64_t(0));
        QVERIFY(idx.append(makeStep(9, 1, 1, 102, 9)));
        QCOMPARE(idx.missedSteps(), uint64_t(2)); // 7 and 8 never came
        QCOMPARE(idx.stepCount(), size_t(3));
    }

    void manyMessagesStayFindable()
    {
        // The open-addressing table grows; every id must still be found (ids mostly zero bytes).
        TimelineIndex idx = chain(20000, 3);
        QCOMPARE(idx.messageCount(), size_t(20001));
        for (uint32_t i = 0; i <= 20000; i += 7)
            QCOMPARE(idx.messageOf(msg(1000 + i)), i);
        // Compact: with the sizes known up front, about 100 bytes per step and its message.
        TimelineIndex reserved;
        reserved.reserve(20000, 20001);
        for (uint32_t i = 0; i < 20000; ++i)
            reserved.append(
                makeStep(i, 1, i % 3, 1000 + i, i == 0 ? 99 : (i - 1) % 3, { { 1000 + i + 1, (i + 1) % 3 } }));
        QVERIFY2(reserved.memoryBytes() < 20001 * 120, qPrintable(QString::number(reserved.memoryBytes() / 20001.0)));
    }

    // ---- time axis ----
    void timeAxis_data()
    {
        QTest::addColumn<TimelineIndex::Axis>("axis");
        QTest::addColumn<int>("step");
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        // chain(30, 2, 10): blocks 1, 2, 3 with ten steps each.
        QTest::addRow("steps: first") << TimelineIndex::Axis::Steps << 0 << 0.0 << 1.0;
        QTest::addRow("steps: last") << TimelineIndex::Axis::Steps << 29 << 29.0 << 30.0;
        QTest::addRow("blocks: first") << TimelineIndex::Axis::Blocks << 0 << 1.0 << 1.1;
        QTest::addRow("blocks: block 2 start") << TimelineIndex::Axis::Blocks << 10 << 2.0 << 2.1;
        QTest::addRow("blocks: last") << TimelineIndex::Axis::Blocks << 29 << 3.9 << 4.0;
    }

    void timeAxis()
    {
        QFETCH(TimelineIndex::Axis, axis);
        QFETCH(int, step);
        QFETCH(double, start);
        QFETCH(double, end);
        const TimelineIndex idx = chain(30, 2, 10);
        QVERIFY(qAbs(idx.stepStart(size_t(step), axis) - start) < 1e-9);
        QVERIFY(qAbs(idx.stepEnd(size_t(step), axis) - end) < 1e-9);
        // Round trip: the step found at its own centre is itself.
        QCOMPARE(idx.stepAtOrAfter(idx.stepCenter(size_t(step), axis), axis), size_t(step));
        QCOMPARE(idx.positionTime(uint64_t(step), axis), idx.stepStart(size_t(step), axis));
    }

    void timeAxisEdges()
    {
        const TimelineIndex idx = chain(30, 2, 10);
        using A = TimelineIndex::Axis;
        QCOMPARE(idx.stepAtOrAfter(-5, A::Steps), size_t(0));
        QCOMPARE(idx.stepAtOrAfter(1e9, A::Steps), size_t(30));
        QCOMPARE(idx.stepAtOrAfter(0.5, A::Blocks), size_t(0));
        QCOMPARE(idx.stepAtOrAfter(99, A::Blocks), size_t(30));
        QCOMPARE(idx.positionTime(30, A::Blocks), 4.0);
        QCOMPARE(idx.timeBegin(A::Blocks), 1.0);
        QCOMPARE(idx.timeEnd(A::Steps), 30.0);
        QCOMPARE(idx.blockCount(), size_t(3));
        QCOMPARE(idx.blockStepCount(2), 10u);
        QCOMPARE(idx.blockDispatches(1), 10u);
        const TimelineIndex empty;
        QCOMPARE(empty.stepAtOrAfter(3, A::Blocks), size_t(0));
        QVERIFY(empty.marks(0, 10, 10, A::Steps).empty());
        QVERIFY(empty.arrows(0, 10, 10, A::Steps).empty());
    }

    // ---- culling and level of detail ----
    void marksFold_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("expectedMarks");
        QTest::addColumn<int>("expectedSteps");
        // One lane: every step is a mark of it.
        QTest::addRow("zoomed out: ten steps per column") << 1000 << 0.0 << 1000.0 << 100 << 100 << 1000;
        QTest::addRow("zoomed in: one mark per step") << 1000 << 100.0 << 110.0 << 1000 << 10 << 10;
        QTest::addRow("window past the end") << 1000 << 990.0 << 1100.0 << 110 << 10 << 10;
        QTest::addRow("window before the start") << 1000 << -50.0 << 5.0 << 55 << 5 << 5;
        QTest::addRow("one million steps, 1500 px") << 1000000 << 0.0 << 1e6 << 500 << 500 << 1000000;
    }

    void marksFold()
    {
        QFETCH(int, steps);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(int, columns);
        QFETCH(int, expectedMarks);
        QFETCH(int, expectedSteps);
        const TimelineIndex idx = chain(uint32_t(steps), 1, 1000);
        const auto marks = idx.marks(t0, t1, columns, TimelineIndex::Axis::Steps);
        QCOMPARE(int(marks.size()), expectedMarks);
        const uint64_t covered = std::accumulate(marks.begin(), marks.end(), uint64_t(0),
            [](uint64_t s, const TimelineIndex::Mark& m) { return s + m.count; });
        QCOMPARE(int(covered), expectedSteps); // folded, never lost
        for (size_t i = 1; i < marks.size(); ++i)
            QVERIFY(marks[i].step > marks[i - 1].step);
    }

    void marksRespectLaneFilter()
    {
        const TimelineIndex idx = chain(300, 3);
        QCOMPARE(idx.laneCount(), size_t(4)); // three programs and the user who sent the first message
        const uint32_t lane = idx.laneOf(actor(1));
        std::vector<bool> visible(idx.laneCount(), false);
        visible[lane] = true;
        const auto marks = idx.marks(0, 300, 300, TimelineIndex::Axis::Steps, visible);
        QCOMPARE(marks.size(), size_t(100));
        for (const auto& m : marks)
            QCOMPARE(m.lane, lane);
    }

    void arrowsAreCulledAndBounded()
    {
        const TimelineIndex idx = chain(100000, 4);
        // Zoomed in: every arrow touching the window, no others.
        const auto near = idx.arrows(500, 520, 2000, TimelineIndex::Axis::Steps);
        QVERIFY(!near.empty());
        for (uint32_t m : near) {
            const uint32_t start = idx.messageStartStep(m);
            const uint32_t end = idx.messageProcessStep(m) == TimelineIndex::None ? start : idx.messageProcessStep(m);
            QVERIFY2(end + 1 >= 500 && start <= 521, qPrintable(QString::number(m)));
        }
        // Chain messages: step i sends the message step i+1 handles; 20 steps → about 20 arrows.
        QVERIFY(near.size() >= 19 && near.size() <= 22);
        // Zoomed out: bounded by columns x perColumn, whatever the number of messages.
        const auto far = idx.arrows(0, 100000, 500, TimelineIndex::Axis::Steps, 4);
        QVERIFY(!far.empty());
        QVERIFY(far.size() <= 2 * 500 * 4);
    }

    // ---- arrows from the left of a zoomed view (they used to be sampled, and could go missing) ----
    void arrowsFromTheLeftAreNeverDropped_data()
    {
        using A = TimelineIndex::Axis;
        using Longs = LongArrows;
        QTest::addColumn<uint32_t>("lanes");
        QTest::addColumn<uint32_t>("replies");
        QTest::addColumn<Longs>("longs");
        QTest::addColumn<A>("axis");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<int>("columns");
        // 100,000 steps in blocks of 1,000 (block b = step / 1000 + 1). In every row the view's
        // own columns hold fewer than 8 distinct keys, so thinning inside the view drops nothing
        // and the oracle applies to every arrow that overlaps the view.
        const Longs endInView { { 1000, 50010 }, { 12345, 50051 }, { 33333, 50102 }, { 45678, 50150 },
            { 49000, 50003 } };
        QTest::addRow("crowded look-back, heads in view")
            << 4u << 3u << endInView << A::Steps << 50000.0 << 50200.0 << 500;
        QTest::addRow("sparse look-back, heads in view")
            << 4u << 0u << endInView << A::Steps << 50000.0 << 50200.0 << 500;
        QTest::addRow("crowded look-back, blocks axis") << 4u << 3u << endInView << A::Blocks << 51.0 << 51.2 << 500;
        QTest::addRow("crossing the whole view")
            << 4u << 3u << Longs { { 2000, 90001 }, { 20001, 70003 }, { 49990, 50300 } } << A::Steps << 50000.0
            << 50200.0 << 500;
        QTest::addRow("crossing, with short ones ending in view")
            << 3u << 5u << Longs { { 10, 99999 }, { 49900, 50002 }, { 49950, 50100 } } << A::Steps << 50000.5 << 50010.5
            << 1600;
        QTest::addRow("head on the first visible step")
            << 4u << 3u << Longs { { 3000, 50000 }, { 7000, 49999 } } << A::Steps << 50000.0 << 50200.0 << 500;
        QTest::addRow("two long arrows, one key")
            << 2u << 3u << Longs { { 1000, 50100 }, { 3000, 50102 }, { 5001, 50103 } } << A::Steps << 50000.0 << 52000.0
            << 500;
        QTest::addRow("view at the very start") << 4u << 3u << endInView << A::Steps << 0.0 << 200.0 << 500;
    }

    void arrowsFromTheLeftAreNeverDropped()
    {
        using Longs = LongArrows;
        QFETCH(uint32_t, lanes);
        QFETCH(uint32_t, replies);
        QFETCH(Longs, longs);
        QFETCH(TimelineIndex::Axis, axis);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(int, columns);
        const TimelineIndex idx = crowdedRun(100000, lanes, replies, longs);
        int overlapping = 0, fromTheLeft = 0;
        verifyArrowsAgainstScan(idx, t0, t1, columns, axis, &overlapping, &fromTheLeft);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(overlapping > 0);
        if (t0 > 0)
            QVERIFY(fromTheLeft >= 1); // the rows are about them
    }

    void arrowsAgainstAScanWithARandomQueue_data()
    {
        using A = TimelineIndex::Axis;
        QTest::addColumn<uint32_t>("seed");
        QTest::addColumn<A>("axis");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<int>("columns");
        // 20,000 steps in blocks of 100. At most 3 messages start in a step (a new one of a user
        // and two sent) and at most two steps share a column in these views, so no column holds
        // more than 8 keys and the oracle applies to every arrow.
        for (uint32_t seed : { 1u, 2u, 3u }) {
            QTest::addRow("seed %u, 100 steps", seed) << seed << A::Steps << 12000.0 << 12100.0 << 400;
            QTest::addRow("seed %u, 2000 steps", seed) << seed << A::Steps << 5000.0 << 7000.0 << 1000;
            QTest::addRow("seed %u, near the end", seed) << seed << A::Steps << 19950.5 << 20100.0 << 600;
            QTest::addRow("seed %u, blocks axis", seed) << seed << A::Blocks << 151.0 << 152.0 << 400;
        }
    }

    void arrowsAgainstAScanWithARandomQueue()
    {
        QFETCH(uint32_t, seed);
        QFETCH(TimelineIndex::Axis, axis);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(int, columns);
        const TimelineIndex idx = randomQueueRun(20000, 5, seed);
        QCOMPARE(idx.stepCount(), size_t(20000));
        int overlapping = 0, fromTheLeft = 0;
        verifyArrowsAgainstScan(idx, t0, t1, columns, axis, &overlapping, &fromTheLeft);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(fromTheLeft >= 20); // many in flight at the left edge: the case to get right
    }

    void arrowsFromTheLeftAreFoundIncrementally()
    {
        // A live run: the index grows while long messages are still queued; a query between
        // appends sees an arrow only once its dispatch is known, and then from any view.
        TimelineIndex idx;
        const uint32_t lanes = 3;
        for (uint32_t i = 0; i < 30000; ++i) {
            std::vector<std::pair<uint64_t, uint64_t>> sent { { 1000000 + i + 1, (i + 1) % lanes } };
            if (i == 2000)
                sent.push_back({ 777, 29999 % lanes });
            for (uint64_t r = 0; r < 4; ++r)
                sent.push_back({ 10000000 + uint64_t(i) * 8 + r, 99 });
            const bool late = i == 29999;
            idx.append(makeStep(i, i / 100 + 1, i % lanes, late ? 777 : 1000000 + i,
                late ? 2000 % lanes : (i == 0 ? 99 : (i - 1) % lanes), sent));
            if (i == 29998) {
                // Still queued: drawn with zero length at its send, so not in a later view.
                const auto before = idx.arrows(29000, 29999, 300, TimelineIndex::Axis::Steps);
                QVERIFY(std::find(before.begin(), before.end(), idx.messageOf(msg(777))) == before.end());
            }
        }
        const uint32_t m = idx.messageOf(msg(777));
        QCOMPARE(idx.messageProcessStep(m), 29999u);
        for (double t0 : { 2001.0, 2500.0, 15000.0, 29990.0 }) {
            const auto got = idx.arrows(t0, t0 + 10, 30, TimelineIndex::Axis::Steps);
            QVERIFY2(std::find(got.begin(), got.end(), m) != got.end(), qPrintable(QString::number(t0)));
        }
    }
};

QTEST_GUILESS_MAIN(tst_TimelineIndex)
#include "tst_timelineindex.moc"
