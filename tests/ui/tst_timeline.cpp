// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The message timeline, sequence chart and plots (issue 6), offscreen: the mapping arithmetic,
// clicking marks and arrows, selection from outside, cursor, zoom/pan keys, search highlights,
// PNG/PDF export, the live feed of a fast run (no step missed), a replayed trace's index, the
// window's docks, and docs/screenshots/timeline.png; long arrows into a zoomed view are drawn.
#include "actorselection.h"
#include "fixtures.h"
#include "mainwindow.h"
#include "messageselection.h"
#include "models/snapshottablemodel.h"
#include "replay/replaycontroller.h"
#include "scenariotraces.h"
#include "search/searchpanel.h"
#include "session/session.h"
#include "sessionwait.h"
#include "timeline/plotswidget.h"
#include "timeline/sequencechartwidget.h"
#include "timeline/timelineplot.h"
#include "timeline/timelinesource.h"
#include "timeline/timelinewidget.h"
#include "trace/tracereader.h"

#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace Gearscope;
using namespace Gearscope::Test;

Q_DECLARE_METATYPE(TimelineMapping)

namespace {

ActorId actor(uint64_t n) { return ActorId::fromU64(n); }
MessageId msg(uint64_t n) { return MessageId::fromU64(n); }

/// A live snapshot of `n` steps on `lanes` programs: step i (block i/10 + 1) handles message
/// 1000+i and sends 1000+i+1 to the next lane; the queue length after step i is i % 5.
SessionSnapshotPtr chainSnapshot(uint32_t n, uint32_t lanes, uint64_t generation = 1)
{
    auto snap = std::make_shared<SessionSnapshot>();
    snap->generation = generation;
    snap->stepCount = n;
    for (uint32_t i = 0; i < n; ++i) {
        TimelineStep s;
        s.index = i;
        s.block = i / 10 + 1;
        s.kind = i % 7 == 3 ? TimelineKind::Reply : TimelineKind::Handle;
        s.actor = actor(i % lanes);
        s.message = msg(1000 + i);
        s.source = i == 0 ? actor(99) : actor((i - 1) % lanes);
        s.gasBurned = 1000 + i;
        s.queueLength = i % 5;
        s.generated.push_back({ msg(1000 + i + 1), actor((i + 1) % lanes), TimelineKind::Handle });
        snap->timeline.push_back(std::move(s));
    }
    for (uint32_t l = 0; l < lanes; ++l)
        snap->names[actor(l)] = "program " + std::to_string(l);
    snap->names[actor(99)] = "alice";
    return snap;
}

QWidget* customPlotOf(QWidget* w) { return w->findChild<QWidget*>(QStringLiteral("timelineCustomPlot")); }

/// A click at `pos` (in `plot`'s coordinates) on the QCustomPlot inside it.
void clickAt(TimelinePlot* plot, const QPointF& pos, bool doubleClick = false)
{
    QWidget* inner = customPlotOf(plot);
    const QPoint p = inner->mapFrom(plot, pos.toPoint());
    if (doubleClick)
        QTest::mouseDClick(inner, Qt::LeftButton, {}, p);
    else
        QTest::mouseClick(inner, Qt::LeftButton, {}, p);
}

/// Whether a pixel within `radius` of `at` satisfies `pred`.
template <typename Pred> bool pixelNear(const QImage& image, const QPointF& at, int radius, Pred pred)
{
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p(int(at.x()) + dx, int(at.y()) + dy);
            if (image.rect().contains(p) && pred(image.pixelColor(p)))
                return true;
        }
    return false;
}

bool isSelectionColour(const QColor& c) { return c.red() > 150 && c.green() < 90 && c.blue() > 80; }
bool isHighlightColour(const QColor& c) { return c.red() > 200 && c.green() > 170 && c.blue() < 90; }

/// The index of a trace once the writer has committed `steps` steps.
std::optional<TimelineIndex> traceIndex(const std::string& path, uint64_t steps)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        if (auto reader = TraceReader::open(path); reader && (*reader)->stepCount() >= steps) {
            auto idx = TimelineIndex::fromTrace(**reader);
            if (idx)
                return std::move(idx).value();
        }
        QTest::qWait(20);
    }
    return std::nullopt;
}

} // namespace

class tst_Timeline : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_longScenario;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // A long ping-pong (about 2300 steps until gas runs out): a fast run of many snapshots.
        m_longScenario = writeLongPingPong(m_dir.path());
        QVERIFY(!m_longScenario.isEmpty());
    }

    // ---- the mapping struct ----
    void mapping_data()
    {
        QTest::addColumn<TimelineMapping>("result");
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        const TimelineMapping m { 0, 100, 1000 };
        QTest::addRow("zoom in about the middle") << m.zoomed(2, 50) << 25.0 << 75.0;
        QTest::addRow("zoom in about the left edge keeps it") << m.zoomed(4, 0) << 0.0 << 25.0;
        QTest::addRow("zoom in about a point keeps its pixel") << m.zoomed(2, 80) << 40.0 << 90.0;
        QTest::addRow("zoom out") << m.zoomed(0.5, 50) << -50.0 << 150.0;
        QTest::addRow("zoom stops at the minimum span") << m.zoomed(1000, 50, 4) << 48.0 << 52.0;
        QTest::addRow("zoom by nonsense is no zoom") << m.zoomed(0, 50) << 0.0 << 100.0;
        QTest::addRow("pan right") << m.panned(0.2) << 20.0 << 120.0;
        QTest::addRow("pan left") << m.panned(-0.5) << -50.0 << 50.0;
        QTest::addRow("clamped at the start") << m.panned(-0.5).clamped(0, 500) << 0.0 << 100.0;
        QTest::addRow("clamped at the end") << m.panned(4.5).clamped(0, 500) << 400.0 << 500.0;
        QTest::addRow("wider than all starts at the beginning") << m.panned(0.3).clamped(0, 50) << 0.0 << 100.0;
    }

    void mapping()
    {
        QFETCH(TimelineMapping, result);
        QFETCH(double, lower);
        QFETCH(double, upper);
        QVERIFY2(qAbs(result.lower - lower) < 1e-9, qPrintable(QString::number(result.lower)));
        QVERIFY2(qAbs(result.upper - upper) < 1e-9, qPrintable(QString::number(result.upper)));
        QCOMPARE(result.pixels, 1000.0);
        // Pixel and time are inverse.
        QVERIFY(qAbs(result.toTime(result.toPixel(lower + 7)) - (lower + 7)) < 1e-9);
    }

    // ---- clicking, selection, cursor, keys, highlights ----
    void clickOnMarkSelectsMessage()
    {
        TimelineWidget w;
        MessageSelection messages;
        ActorSelection actors;
        w.setSelections(&messages, &actors);
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(40, 3));
        w.plot()->replotNow();
        for (size_t step : { size_t(0), size_t(10), size_t(39) }) {
            auto at = w.plot()->markPosition(step);
            QVERIFY(at);
            clickAt(w.plot(), *at);
            QVERIFY(messages.selectedMessage());
            QCOMPARE(*messages.selectedMessage(), msg(1000 + step));
        }
        // A click on empty space selects nothing new.
        QSignalSpy spy(&messages, &MessageSelection::messageSelected);
        clickAt(w.plot(), QPointF(3, 3));
        QCOMPARE(spy.count(), 0);
    }

    void clickOnArrowSelectsMessage()
    {
        TimelineWidget w;
        MessageSelection messages;
        w.setSelections(&messages, nullptr);
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(40, 3));
        w.plot()->setTimeRange(0, 12);
        w.plot()->replotNow();
        const TimelineIndex& idx = w.source()->index();
        const uint32_t m = idx.messageOf(msg(1006)); // sent by step 5 (lane 2), handled by step 6 (lane 0)
        auto mid = w.plot()->arrowMidpoint(m);
        QVERIFY(mid);
        QCOMPARE(w.plot()->messageAt(*mid), std::optional<uint32_t>(m));
        clickAt(w.plot(), *mid);
        QCOMPARE(messages.selectedMessage(), std::optional<MessageId>(msg(1006)));
    }

    void longArrowsIntoAZoomedViewAreDrawn()
    {
        // Nine messages sent around step 100 and handled between steps 2901 and 2957, in a run
        // where every step also sends 20 replies to a user: zoomed in on steps 2900..2960, every
        // one of them is drawn (so it can be clicked), however crowded the steps it starts from.
        auto snap = std::make_shared<SessionSnapshot>(*chainSnapshot(3000, 3));
        for (uint32_t i = 0; i < 3000; ++i)
            for (uint64_t r = 0; r < 20; ++r)
                snap->timeline[i].generated.push_back({ msg(1000000 + i * 32 + r), actor(99), TimelineKind::Reply });
        for (uint32_t k = 0; k < 9; ++k) {
            const uint32_t s = 101 + k, e = 2901 + 7 * k;
            snap->timeline[s].generated.push_back({ msg(500000 + k), actor(e % 3), TimelineKind::Handle });
            snap->timeline[e].message = msg(500000 + k);
            snap->timeline[e].source = actor(s % 3);
        }
        TimelineWidget w;
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(snap);
        w.plot()->setTimeRange(2900, 2960);
        w.plot()->replotNow();
        const TimelineIndex& idx = w.source()->index();
        for (uint32_t k = 0; k < 9; ++k) {
            const uint32_t m = idx.messageOf(msg(500000 + k));
            QCOMPARE(idx.messageProcessStep(m), 2901u + 7 * k);
            QVERIFY2(w.plot()->arrowMidpoint(m), qPrintable(QStringLiteral("long arrow %1 not drawn").arg(k)));
        }
    }

    void deepQueueIsPaintedOncePerLine()
    {
        // Step 0 queues 20,000 messages that the next 20,000 steps handle: zoomed in on the
        // middle, 10,000 of them cross the view from the left. The index returns them all (one
        // per end column); the plot paints each distinct line once and keeps every one clickable.
        const uint32_t queued = 20000;
        auto snap = std::make_shared<SessionSnapshot>(*chainSnapshot(queued + 1, 3));
        snap->timeline[0].generated.clear();
        for (uint32_t k = 0; k < queued; ++k)
            snap->timeline[0].generated.push_back({ msg(500000 + k), actor((k + 1) % 3), TimelineKind::Handle });
        for (uint32_t i = 1; i <= queued; ++i) {
            snap->timeline[i].message = msg(500000 + i - 1);
            snap->timeline[i].source = actor(0);
            snap->timeline[i].generated.clear();
        }
        TimelineWidget w;
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(snap);
        w.plot()->setTimeRange(10000, 10060);
        w.plot()->replotNow();
        const TimelineIndex& idx = w.source()->index();
        const auto m = w.plot()->mapping();
        const auto returned = idx.arrows(m.lower, m.upper, std::max(1, int(m.pixels / 3)), TimelineIndex::Axis::Steps);
        QVERIFY(returned.size() > 9000);
        QVERIFY2(w.plot()->lastArrowsDrawn() < returned.size() / 10,
            qPrintable(QStringLiteral("%1 of %2 painted").arg(w.plot()->lastArrowsDrawn()).arg(returned.size())));
        QVERIFY(w.plot()->lastArrowsDrawn() > 0);
        for (size_t k = 0; k < returned.size(); k += returned.size() / 40)
            QVERIFY(w.plot()->arrowMidpoint(returned[k]));
    }

    void selectionFromOutsideIsShown()
    {
        TimelineWidget w;
        MessageSelection messages;
        w.setSelections(&messages, nullptr);
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(200, 3));
        w.plot()->setTimeRange(0, 20);
        messages.selectMessage(msg(1150)); // handled at step 150: off screen
        QCOMPARE(w.plot()->selectedMessage(), std::optional<MessageId>(msg(1150)));
        const auto m = w.plot()->mapping();
        QVERIFY2(m.lower <= 149 && m.upper >= 151, qPrintable(QStringLiteral("%1..%2").arg(m.lower).arg(m.upper)));
        w.plot()->replotNow();
        auto at = w.plot()->markPosition(150);
        QVERIFY(at);
        const QImage image = w.plot()->grab().toImage();
        // The ring around the mark is drawn in the selection colour.
        QVERIFY(pixelNear(image, *at + QPointF(0, -8), 3, isSelectionColour));
        messages.clear();
        QVERIFY(!w.plot()->selectedMessage());
    }

    void highlightedMessagesAreRinged()
    {
        TimelineWidget w;
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(30, 3));
        w.plot()->setTimeRange(0, 30);
        w.plot()->replotNow();
        auto at = w.plot()->markPosition(12);
        QVERIFY(at);
        QVERIFY(!pixelNear(w.plot()->grab().toImage(), *at + QPointF(0, -8), 3, isHighlightColour));
        const std::vector<MessageId> results { msg(1012), msg(1020) };
        w.setHighlightedMessages(results);
        QCOMPARE(w.plot()->highlightedMessages(), results);
        w.plot()->replotNow();
        QVERIFY(pixelNear(w.plot()->grab().toImage(), *at + QPointF(0, -8), 3, isHighlightColour));
    }

    void tooltipDescribesStep()
    {
        TimelineWidget w;
        w.applySnapshot(chainSnapshot(40, 3));
        const QString text = w.plot()->describeStep(4); // program 1 handles 1004 from program 0
        QVERIFY2(text.contains(QStringLiteral("step 4 · block 1")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("program 1: handle, success")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("gas burned 1004 · queue after 4")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("from program 0")), qPrintable(text));
        QVERIFY(w.plot()->describeStep(400).isEmpty());
    }

    void actorSelectionIsFollowed()
    {
        TimelineWidget w;
        ActorSelection actors;
        w.setSelections(nullptr, &actors);
        w.applySnapshot(chainSnapshot(10, 3));
        actors.selectActor(actor(1));
        QCOMPARE(w.plot()->selectedActor(), std::optional<ActorId>(actor(1)));
        actors.clear();
        QVERIFY(!w.plot()->selectedActor());
    }

    void doubleClickAndEnterActivateStep()
    {
        TimelineWidget w;
        MessageSelection messages;
        w.setSelections(&messages, nullptr);
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(40, 3));
        w.plot()->replotNow();
        QSignalSpy spy(&w, &TimelineWidget::stepActivated);
        auto at = w.plot()->markPosition(7);
        QVERIFY(at);
        clickAt(w.plot(), *at, true);
        QVERIFY(spy.count() >= 1);
        QCOMPARE(spy.last().at(0).toULongLong(), 8ull); // the position after step 7
        spy.clear();
        at = w.plot()->markPosition(20);
        clickAt(w.plot(), *at);
        w.plot()->setFocus();
        QTest::keyClick(w.plot(), Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toULongLong(), 21ull);
    }

    void cursorFollowsSnapshotsAndReplay()
    {
        TimelineWidget w;
        PlotsWidget plots(w.source());
        w.applySnapshot(chainSnapshot(40, 3));
        QCOMPARE(w.plot()->cursorPosition(), uint64_t(40)); // live: after the last step
        QCOMPARE(plots.cursorKey(PlotsWidget::QueueLength), 40.0);
        w.setCursorStep(12); // replay position
        QCOMPARE(w.plot()->cursorPosition(), uint64_t(12));
        QCOMPARE(plots.cursorKey(PlotsWidget::GasPerStep), 12.0);
        QCOMPARE(plots.cursorKey(PlotsWidget::MessagesPerBlock), 2.0); // step 11 ran in block 2
    }

    void zoomAndPanKeys_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        // From [40, 80] of 200 steps.
        QTest::addRow("plus zooms in") << int(Qt::Key_Plus) << 50.0 << 70.0;
        QTest::addRow("minus zooms out") << int(Qt::Key_Minus) << 20.0 << 100.0;
        QTest::addRow("right pans later") << int(Qt::Key_Right) << 48.0 << 88.0;
        QTest::addRow("left pans earlier") << int(Qt::Key_Left) << 32.0 << 72.0;
    }

    void zoomAndPanKeys()
    {
        QFETCH(int, key);
        QFETCH(double, lower);
        QFETCH(double, upper);
        TimelineWidget w;
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(200, 3));
        w.plot()->setTimeRange(40, 80);
        QVERIFY(!w.plot()->following());
        w.plot()->setFocus();
        QTest::keyClick(w.plot(), Qt::Key(key));
        const auto m = w.plot()->mapping();
        QVERIFY2(qAbs(m.lower - lower) < 1e-6 && qAbs(m.upper - upper) < 1e-6,
            qPrintable(QStringLiteral("%1..%2").arg(m.lower).arg(m.upper)));
    }

    void homeShowsAllEndFollows()
    {
        TimelineWidget w;
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(200, 3));
        w.plot()->setTimeRange(40, 80);
        w.plot()->setFocus();
        QTest::keyClick(w.plot(), Qt::Key_Home);
        QVERIFY(w.plot()->mapping().lower <= 0 && w.plot()->mapping().upper >= 200);
        w.plot()->setTimeRange(40, 80);
        QTest::keyClick(w.plot(), Qt::Key_End);
        QVERIFY(w.plot()->following());
        QVERIFY(w.plot()->mapping().upper >= 200 && w.plot()->mapping().lower > 100);
        // New steps keep the end in view while following.
        auto more = chainSnapshot(300, 3);
        w.applySnapshot(more);
        QVERIFY(w.plot()->mapping().upper >= 300);
    }

    void blocksAxisKeepsMarksClickable()
    {
        TimelineWidget w;
        MessageSelection messages;
        w.setSelections(&messages, nullptr);
        w.resize(1000, 360);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.applySnapshot(chainSnapshot(40, 3));
        auto* combo = w.findChild<QComboBox*>(QStringLiteral("timelineAxis"));
        QVERIFY(combo);
        combo->setCurrentIndex(1);
        QCOMPARE(w.plot()->axis(), TimelineIndex::Axis::Blocks);
        w.plot()->replotNow();
        auto at = w.plot()->markPosition(25);
        QVERIFY(at);
        QCOMPARE(w.plot()->stepAt(*at), std::optional<size_t>(25));
        clickAt(w.plot(), *at);
        QCOMPARE(messages.selectedMessage(), std::optional<MessageId>(msg(1025)));
    }

    void newGenerationStartsAfresh()
    {
        TimelineWidget w;
        w.applySnapshot(chainSnapshot(40, 3, 1));
        QCOMPARE(w.source()->index().stepCount(), size_t(40));
        w.applySnapshot(chainSnapshot(5, 2, 2));
        QCOMPARE(w.source()->index().stepCount(), size_t(5));
        QCOMPARE(w.source()->index().laneCount(), size_t(3)); // two programs and alice
    }

    // ---- sequence chart ----
    void sequenceChartShowsChosenActors()
    {
        TimelineWidget w;
        SequenceChartWidget seq(w.source());
        MessageSelection messages;
        seq.setSelections(&messages, nullptr);
        seq.resize(700, 600);
        seq.show();
        QVERIFY(QTest::qWaitForWindowExposed(&seq));
        w.applySnapshot(chainSnapshot(30, 3));
        QCOMPARE(seq.actorList()->count(), 4); // three programs and alice
        QCOMPARE(seq.actorList()->item(0)->text(), QStringLiteral("program 0"));
        seq.plot()->setTimeRange(0, 30);
        seq.plot()->replotNow();
        QVERIFY(seq.plot()->markPosition(2)); // all shown while none is chosen
        seq.setChosenActors({ actor(0), actor(1) });
        QCOMPARE(seq.chosenActors(), (std::vector<ActorId> { actor(0), actor(1) }));
        seq.plot()->replotNow();
        QVERIFY(seq.plot()->markPosition(3)); // lane 0
        QVERIFY(seq.plot()->markPosition(4)); // lane 1
        QVERIFY(!seq.plot()->markPosition(5)); // lane 2 is not chosen
        // Vertical: time runs downwards, the two actors side by side.
        QVERIFY(seq.plot()->markPosition(4)->y() > seq.plot()->markPosition(3)->y());
        QVERIFY(seq.plot()->markPosition(4)->x() > seq.plot()->markPosition(3)->x());
        // An arrow between the chosen actors is clickable and selects its message everywhere.
        const uint32_t m = w.source()->index().messageOf(msg(1004)); // step 3 (lane 0) -> step 4 (lane 1)
        auto mid = seq.plot()->arrowMidpoint(m);
        QVERIFY(mid);
        clickAt(seq.plot(), *mid);
        QCOMPARE(messages.selectedMessage(), std::optional<MessageId>(msg(1004)));
        // Checking in the list works too.
        seq.actorList()->item(3)->setCheckState(Qt::Checked); // program 2 (item 1 is alice)
        QCOMPARE(seq.chosenActors().size(), size_t(3));
    }

    // ---- plots ----
    void plotsShowTrueValues()
    {
        TimelineWidget w;
        PlotsWidget plots(w.source());
        plots.resize(800, 600);
        plots.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plots));
        w.applySnapshot(chainSnapshot(40, 3));
        const auto queue = plots.seriesData(PlotsWidget::QueueLength);
        QCOMPARE(queue.size(), size_t(40));
        for (size_t i = 0; i < queue.size(); ++i) {
            QCOMPARE(queue[i].first, double(i));
            QCOMPARE(queue[i].second, double(i % 5));
        }
        const auto gas = plots.seriesData(PlotsWidget::GasPerStep);
        QCOMPARE(gas.size(), size_t(40));
        QCOMPARE(gas[17].second, 1017.0);
        const auto perBlock = plots.seriesData(PlotsWidget::MessagesPerBlock);
        QCOMPARE(perBlock.size(), size_t(4));
        QCOMPARE(perBlock[0], std::make_pair(1.0, 10.0));
    }

    void plotsReduceButKeepPeaks()
    {
        TimelineWidget w;
        PlotsWidget plots(w.source());
        plots.resize(800, 600);
        plots.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plots));
        auto snap = std::const_pointer_cast<SessionSnapshot>(chainSnapshot(100000, 3));
        snap->timeline[56789].queueLength = 999;
        w.applySnapshot(snap);
        const auto queue = plots.seriesData(PlotsWidget::QueueLength);
        QVERIFY(queue.size() <= 1000);
        double peak = 0, peakAt = -1;
        for (const auto& [k, v] : queue)
            if (v > peak) {
                peak = v;
                peakAt = k;
            }
        QCOMPARE(peak, 999.0);
        QCOMPARE(peakAt, 56789.0);
    }

    // ---- export ----
    void exportWritesPngAndPdf_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("suffix");
        for (const char* what : { "timeline", "sequence", "plots" })
            for (const char* suffix : { "png", "pdf" })
                QTest::addRow("%s %s", what, suffix) << QString::fromLatin1(what) << QString::fromLatin1(suffix);
    }

    void exportWritesPngAndPdf()
    {
        QFETCH(QString, what);
        QFETCH(QString, suffix);
        TimelineWidget w;
        SequenceChartWidget seq(w.source());
        PlotsWidget plots(w.source());
        w.resize(900, 300);
        w.applySnapshot(chainSnapshot(60, 3));
        const QString path = m_dir.filePath(what + QStringLiteral(".") + suffix);
        QFile::remove(path);
        QString error;
        bool ok = false;
        if (what == QLatin1String("timeline"))
            ok = w.exportTo(path, &error);
        else if (what == QLatin1String("sequence"))
            ok = seq.exportTo(path, &error);
        else
            ok = plots.exportTo(path, &error);
        QVERIFY2(ok, qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        if (suffix == QLatin1String("png")) {
            QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
            QImage image;
            QVERIFY(image.loadFromData(bytes, "PNG"));
            QVERIFY(image.width() > 100 && image.height() > 100);
        } else {
            QVERIFY(bytes.startsWith("%PDF-"));
            QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        }
    }

    void exportRefusesUnknownFormat()
    {
        TimelineWidget w;
        QString error;
        QVERIFY(!w.exportTo(m_dir.filePath(QStringLiteral("timeline.bmpx")), &error));
        QVERIFY(error.contains(QStringLiteral("timeline.bmpx")));
        QVERIFY(!w.exportTo(QStringLiteral("/nonexistent-dir/x/timeline.png"), &error));
        QVERIFY(error.contains(QStringLiteral("could not write")));
    }

    // ---- the live feed and the replayed trace ----
    void liveFeedNeverMissesSteps()
    {
        Session s;
        s.setTraceDirectory(m_dir.path());
        TimelineWidget w;
        connect(&s, &Session::snapshotAvailable, &w, &TimelineWidget::applySnapshot);
        uint64_t mostAtOnce = 0;
        connect(&s, &Session::snapshotAvailable, this,
            [&](const SessionSnapshotPtr& snap) { mostAtOnce = std::max(mostAtOnce, snap->stepsSincePrevious); });
        auto snap = awaitDone(s, s.openFile(m_longScenario), 60000);
        QVERIFY(snap && snap->loaded);
        s.setSpeed(0);
        snap = awaitDone(s, s.runUntilIdle(), 60000);
        QVERIFY(snap);
        QVERIFY(snap->stepCount > 2000);
        // The capped list lost steps; the timeline did not.
        QVERIFY2(mostAtOnce > SessionSnapshot::MaxSteps, qPrintable(QString::number(mostAtOnce)));
        QTRY_COMPARE(w.source()->index().stepCount(), size_t(snap->stepCount));
        const TimelineIndex live = w.source()->index();
        QCOMPARE(live.missedSteps(), uint64_t(0));
        QCOMPARE(live.firstStepIndex(), uint64_t(0));

        // The recorded trace gives the same index, queue lengths included (the engine's mirror
        // vs the world ops of steps and inputs).
        auto fromTrace = traceIndex(snap->tracePath, snap->stepCount);
        QVERIFY(fromTrace);
        QCOMPARE(fromTrace->stepCount(), live.stepCount());
        QCOMPARE(fromTrace->messageCount(), live.messageCount());
        for (size_t i = 0; i < live.stepCount(); ++i) {
            QCOMPARE(live.stepQueueLength(i), fromTrace->stepQueueLength(i));
            QCOMPARE(live.stepLane(i), fromTrace->stepLane(i));
            QCOMPARE(live.stepKind(i), fromTrace->stepKind(i));
        }
        QCOMPARE(uint32_t(snap->queueLength), live.stepQueueLength(live.stepCount() - 1));

        // Replay: the trace's index is built in the background and shown; live continues behind it.
        QSignalSpy loaded(w.source(), &TimelineSource::traceLoaded);
        QSignalSpy progress(w.source(), &TimelineSource::traceProgress);
        QSignalSpy failed(w.source(), &TimelineSource::failed);
        // The latest request wins: an earlier one that fails is dropped, not reported.
        w.showTrace(m_dir.filePath(QStringLiteral("superseded.sqlite")));
        w.showTrace(QString::fromStdString(snap->tracePath));
        QVERIFY(w.source()->loading());
        QVERIFY(loaded.wait(30000));
        QVERIFY(!w.source()->loading());
        QTest::qWait(50);
        QCOMPARE(failed.count(), 0);
        QVERIFY(progress.count() >= 1 && progress.count() <= 101); // throttled to about 1 % steps
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(snap->stepCount));
        QCOMPARE(w.source()->mode(), TimelineSource::Mode::Trace);
        QCOMPARE(w.source()->index().stepCount(), live.stepCount());
        w.setCursorStep(100);
        QCOMPARE(w.plot()->cursorPosition(), uint64_t(100));
        w.showLive();
        QCOMPARE(w.source()->mode(), TimelineSource::Mode::Live);
        QCOMPARE(w.plot()->cursorPosition(), snap->stepCount); // back at the live end
        QCOMPARE(w.source()->index().stepCount(), live.stepCount());
    }

    void badTraceFails()
    {
        TimelineWidget w;
        QSignalSpy failed(w.source(), &TimelineSource::failed);
        const QString bad = m_dir.filePath(QStringLiteral("nothing-here.sqlite"));
        w.showTrace(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("nothing-here.sqlite")));
        QCOMPARE(w.source()->mode(), TimelineSource::Mode::Live);
    }

    // ---- the window ----
    void mainWindowHasTheDocks()
    {
        Session s;
        s.setTraceDirectory(m_dir.path());
        MainWindow win(&s);
        for (const char* name : { "timelineDock", "sequenceDock", "plotsDock" }) {
            auto* dock = win.findChild<QDockWidget*>(QLatin1String(name));
            QVERIFY2(dock, name);
            bool inMenu = false;
            for (QMenu* menu : win.menuBar()->findChildren<QMenu*>())
                inMenu |= menu->actions().contains(dock->toggleViewAction());
            QVERIFY2(inMenu, name);
        }
        QVERIFY(win.timelineWidget() && win.sequenceChart() && win.plotsWidget() && win.messageSelection());
        auto snap = awaitDone(s, s.openFile(MainWindow::defaultSamplePath()), 60000);
        QVERIFY(snap);
        snap = awaitDone(s, s.runUntilIdle(), 60000);
        QVERIFY(snap && snap->stepCount > 0);
        QTRY_COMPARE(win.timelineWidget()->source()->index().stepCount(), size_t(snap->stepCount));
        // One selection for the window: the timeline's click reaches the shared selection.
        win.messageSelection()->selectMessage(win.timelineWidget()->source()->index().messageId(0));
        QCOMPARE(win.timelineWidget()->plot()->selectedMessage(), win.messageSelection()->selectedMessage());
        QCOMPARE(win.sequenceChart()->plot()->selectedMessage(), win.messageSelection()->selectedMessage());

        // The sequence chart takes the actors selected in the actors table.
        auto* table = win.findChild<QTableView*>(QStringLiteral("actorsView"));
        QVERIFY(table);
        table->selectionModel()->clearSelection();
        std::set<ActorId> picked;
        for (int row : { 0, 1 }) {
            const QModelIndex index = table->model()->index(row, 0);
            table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            picked.insert(index.data(SnapshotTableModel::ActorRole).value<ActorId>());
        }
        auto* action = win.findChild<QAction*>(QStringLiteral("sequenceFromTableAction"));
        QVERIFY(action);
        action->trigger();
        const auto chosen = win.sequenceChart()->chosenActors();
        QCOMPARE(std::set<ActorId>(chosen.begin(), chosen.end()), picked);
    }

    /// The window links the timeline to replay (trace index, cursor, double click seeks) and to
    /// search (results ringed), and goes back to the live index when replay closes.
    void windowLinksTimelineToReplayAndSearch()
    {
        Session s;
        s.setTraceDirectory(m_dir.path());
        MainWindow win(&s);
        auto snap = awaitDone(s, s.openFile(MainWindow::defaultSamplePath()), 60000);
        QVERIFY(snap);
        snap = awaitDone(s, s.runUntilIdle(), 60000);
        QVERIFY(snap && snap->stepCount > 3);
        const uint64_t steps = snap->stepCount;
        const QString trace = s.tracePath();
        QVERIFY(traceIndex(trace.toStdString(), steps)); // committed
        TimelineSource* source = win.timelineWidget()->source();
        TimelinePlot* plot = win.timelineWidget()->plot();

        win.openFile(trace);
        QTRY_VERIFY(win.replay()->isActive());
        QTRY_COMPARE(source->mode(), TimelineSource::Mode::Trace);
        QCOMPARE(source->tracePath(), trace);
        QTRY_COMPARE(source->index().stepCount(), size_t(steps));
        win.replay()->seek(1);
        QTRY_COMPARE(plot->cursorPosition(), uint64_t(1));
        Q_EMIT win.timelineWidget()->stepActivated(3);
        QTRY_COMPARE(win.replay()->position(), uint64_t(3));
        QTRY_COMPARE(plot->cursorPosition(), uint64_t(3));

        const std::vector<MessageId> hits { source->index().messageId(0) };
        Q_EMIT win.searchPanel()->resultsChanged(hits);
        QCOMPARE(plot->highlightedMessages(), hits);

        win.replay()->close();
        QTRY_COMPARE(source->mode(), TimelineSource::Mode::Live);
    }

    void screenshot()
    {
        const QString scenario = QStringLiteral(GEARSCOPE_SAMPLES_BUILD_DIR "/mapreduce/mapreduce.json");
        if (!QFile::exists(scenario))
            QSKIP("the C samples are not built");
        Session s;
        s.setTraceDirectory(m_dir.path());
        QWidget page;
        auto* w = new TimelineWidget(&page);
        auto* plots = new PlotsWidget(w->source(), &page);
        auto* seq = new SequenceChartWidget(w->source(), &page);
        MessageSelection messages;
        w->setSelections(&messages, nullptr);
        seq->setSelections(&messages, nullptr);
        connect(&s, &Session::snapshotAvailable, w, &TimelineWidget::applySnapshot);
        auto snap = awaitDone(s, s.openFile(scenario), 60000);
        QVERIFY(snap);
        snap = awaitDone(s, s.runUntilIdle(), 60000);
        QVERIFY(snap && snap->stepCount > 5);
        QTRY_COMPARE(w->source()->index().stepCount(), size_t(snap->stepCount));
        page.resize(1400, 820);
        w->setGeometry(0, 0, 1400, 400);
        seq->setGeometry(0, 400, 700, 420);
        plots->setGeometry(700, 400, 700, 420);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // Select a message mid-run so the picture shows the selection and the cursor.
        const TimelineIndex& idx = w->source()->index();
        messages.selectMessage(idx.messageId(idx.stepMessage(idx.stepCount() / 2)));
        w->setHighlightedMessages({ idx.messageId(idx.stepMessage(idx.stepCount() / 3)) });
        w->setCursorStep(snap->stepCount - 2);
        QTest::qWait(100);
        const QImage image = page.grab().toImage();
        QVERIFY(!image.isNull());
        QStringList outs { QStringLiteral(GEARSCOPE_BINARY_DIR "/screenshots/timeline.png") };
        if (qEnvironmentVariableIsSet("GEARSCOPE_UPDATE_SCREENSHOTS"))
            outs << QStringLiteral(GEARSCOPE_SOURCE_DIR "/docs/screenshots/timeline.png");
        for (const auto& out : outs) {
            QDir().mkpath(QFileInfo(out).path());
            QVERIFY2(image.save(out), qPrintable(out));
        }
    }
};

QTEST_MAIN(tst_Timeline)
#include "tst_timeline.moc"
