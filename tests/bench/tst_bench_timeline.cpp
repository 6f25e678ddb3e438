// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmark of issue 6: redraw time of the message timeline with 1,000,000 messages, against
// baselines measured in the same run:
//  - the same widget with 1,000 messages (what culling and level of detail should make it cost);
//  - drawing every one of the 1,000,000 marks with a plain QPainter into an image of the same
//    size (what the view would cost without them).
// Also the index's build rate and memory per step + message, and the arrows() query on its own
// in a crowded run with long arrows (against marks() for the same view, in the same run), and
// query plus redraw with a deep queue: 100,000 messages in flight across a zoomed view.
// GEARSCOPE_BENCH_TIMELINE_MESSAGES sets the big size (default 1,000,000; not the deep queue's).
#include "timeline/timelineindex.h"
#include "timeline/timelineplot.h"
#include "timeline/timelinesource.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTest>

#include <algorithm>

using namespace Gearscope;

namespace {

constexpr uint32_t Lanes = 12;

/// A live snapshot of `n` steps, each handling one message and sending the next to another
/// lane (so n messages and n arrows), ten blocks of n/10 steps... in 1,000-step blocks.
SessionSnapshotPtr syntheticRun(uint32_t n)
{
    auto snap = std::make_shared<SessionSnapshot>();
    snap->generation = 1;
    snap->stepCount = n;
    snap->timeline.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        TimelineStep s;
        s.index = i;
        s.block = i / 1000 + 1;
        s.kind = TimelineKind(i % 5);
        s.actor = ActorId::fromU64(i * 7 % Lanes);
        s.message = MessageId::fromU64(1'000'000'000ull + i);
        s.source = i == 0 ? ActorId::fromU64(999) : ActorId::fromU64((i - 1) * 7 % Lanes);
        s.gasBurned = 1000 + i % 977;
        s.queueLength = i % 13;
        s.generated.push_back({ MessageId::fromU64(1'000'000'000ull + i + 1), ActorId::fromU64((i + 1) * 7 % Lanes),
            TimelineKind::Handle });
        snap->timeline.push_back(std::move(s));
    }
    return snap;
}

/// Median of `runs` synchronous redraws, in ms.
double medianRedrawMs(TimelinePlot& plot, int runs = 15)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        plot.replotNow();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

/// A crowded run straight into an index: n steps, each handling the message the step before sent
/// and sending the next plus three replies to a user (never dispatched); every 997th step also
/// sends a message handled `longSpan` steps later, so about longSpan / 997 long arrows are in
/// flight at any step and cross every zoomed view.
TimelineIndex crowdedIndex(uint32_t n, uint32_t longSpan)
{
    constexpr uint64_t Chain = 1'000'000'000ull, Reply = 4'000'000'000ull, Long = 9'000'000'000ull;
    std::vector<uint64_t> handled(n), from(n);
    for (uint32_t i = 0; i < n; ++i) {
        handled[i] = Chain + i;
        from[i] = i == 0 ? 999 : (i - 1) * 7 % Lanes;
    }
    for (uint32_t s = 0; s + longSpan < n; s += 997) {
        handled[s + longSpan] = Long + s;
        from[s + longSpan] = s * 7 % Lanes;
    }
    TimelineIndex idx;
    idx.reserve(n, size_t(n) * 5);
    for (uint32_t i = 0; i < n; ++i) {
        TimelineStep st;
        st.index = i;
        st.block = i / 1000 + 1;
        st.actor = ActorId::fromU64(i * 7 % Lanes);
        st.message = MessageId::fromU64(handled[i]);
        st.source = ActorId::fromU64(from[i]);
        st.generated.push_back(
            { MessageId::fromU64(Chain + i + 1), ActorId::fromU64((i + 1) * 7 % Lanes), TimelineKind::Handle });
        for (uint64_t r = 0; r < 3; ++r)
            st.generated.push_back(
                { MessageId::fromU64(Reply + uint64_t(i) * 4 + r), ActorId::fromU64(999), TimelineKind::Reply });
        if (i % 997 == 0 && i + longSpan < n)
            st.generated.push_back(
                { MessageId::fromU64(Long + i), ActorId::fromU64((i + longSpan) * 7 % Lanes), TimelineKind::Handle });
        idx.append(st);
    }
    return idx;
}

/// Median over `rounds` of the time `query` takes, in µs.
template <typename F> double medianUs(F&& query, int rounds = 15)
{
    std::vector<double> us;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        query();
        us.push_back(t.nsecsElapsed() / 1e3);
    }
    std::sort(us.begin(), us.end());
    return us[us.size() / 2];
}

} // namespace

class tst_BenchTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redraw()
    {
        const uint32_t big = qEnvironmentVariableIsSet("GEARSCOPE_BENCH_TIMELINE_MESSAGES")
            ? uint32_t(qEnvironmentVariableIntValue("GEARSCOPE_BENCH_TIMELINE_MESSAGES"))
            : 1'000'000u;
        const QSize size(1600, 420);

        // Baseline 1: the same widget with 1,000 messages.
        TimelineSource smallSource;
        smallSource.applySnapshot(syntheticRun(1000));
        TimelinePlot smallPlot(&smallSource, TimelinePlot::Orientation::Horizontal);
        smallPlot.resize(size);
        smallPlot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&smallPlot));
        smallPlot.showAll();
        const double smallMs = medianRedrawMs(smallPlot);

        // The big one: building the index from the live feed, then redraws zoomed out and in.
        auto snap = syntheticRun(big);
        TimelineSource source;
        QElapsedTimer build;
        build.start();
        source.applySnapshot(snap);
        const double buildS = build.nsecsElapsed() / 1e9;
        snap.reset();
        const TimelineIndex& idx = source.index();
        QCOMPARE(idx.messageCount(), size_t(big) + 1);
        TimelinePlot plot(&source, TimelinePlot::Orientation::Horizontal);
        plot.resize(size);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.showAll();
        const double allMs = medianRedrawMs(plot);
        const double allLayerMs = plot.lastDrawMs();
        const size_t allMarks = plot.lastMarksDrawn(), allArrows = plot.lastArrowsDrawn();
        plot.setTimeRange(big / 2.0, big / 2.0 + 200);
        const double zoomMs = medianRedrawMs(plot);
        const size_t zoomMarks = plot.lastMarksDrawn(), zoomArrows = plot.lastArrowsDrawn();
        plot.setAxis(TimelineIndex::Axis::Blocks);
        plot.showAll();
        const double blocksMs = medianRedrawMs(plot);
        plot.setAxis(TimelineIndex::Axis::Steps);
        // A pan step, as the keyboard does it: range change + redraw.
        plot.setTimeRange(big * 0.25, big * 0.75);
        QElapsedTimer pan;
        pan.start();
        for (int i = 0; i < 10; ++i) {
            plot.panRight();
            plot.replotNow();
        }
        const double panMs = pan.nsecsElapsed() / 1e6 / 10;

        // Baseline 2: every mark drawn, no culling, no folding (marks only, no arrows).
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        QElapsedTimer naive;
        naive.start();
        {
            QPainter p(&image);
            p.setPen(Qt::NoPen);
            const double w = size.width(), h = size.height();
            for (size_t i = 0; i < idx.stepCount(); ++i) {
                p.setBrush(QColor::fromHsv(int(idx.stepKind(i)) * 60, 200, 200));
                p.drawRect(
                    QRectF(double(i) / double(idx.stepCount()) * w, (idx.stepLane(i) + 0.5) * h / Lanes - 5, 3, 10));
            }
        }
        const double naiveMs = naive.nsecsElapsed() / 1e6;

        const double bytesPer = double(idx.memoryBytes()) / double(idx.stepCount());
        qInfo("timeline: %u steps, %zu messages, %zu lanes; index built from the live feed in %.2f s (%.2f M steps/s), "
              "%.0f bytes per step+message",
            big, idx.messageCount(), idx.laneCount(), buildS, big / buildS / 1e6, bytesPer);
        qInfo("redraw (median, whole widget %dx%d): 1,000 messages %.2f ms (baseline)", size.width(), size.height(),
            smallMs);
        qInfo("redraw 1M, all in view: %.2f ms (marks+arrows layer %.2f ms; %zu marks, %zu arrows drawn) = %.2fx the "
              "1,000-message baseline",
            allMs, allLayerMs, allMarks, allArrows, allMs / smallMs);
        qInfo("redraw 1M, 200 steps in view: %.2f ms (%zu marks, %zu arrows) = %.2fx baseline", zoomMs, zoomMarks,
            zoomArrows, zoomMs / smallMs);
        qInfo("redraw 1M, blocks axis, all in view: %.2f ms = %.2fx baseline", blocksMs, blocksMs / smallMs);
        qInfo("pan by keyboard (range change + redraw) at 1M: %.2f ms", panMs);
        qInfo("without culling: drawing all %u marks into a %dx%d image: %.1f ms = %.1fx the culled redraw", big,
            size.width(), size.height(), naiveMs, naiveMs / allMs);
    }

    void arrowsQuery()
    {
        const uint32_t n = qEnvironmentVariableIsSet("GEARSCOPE_BENCH_TIMELINE_MESSAGES")
            ? uint32_t(qEnvironmentVariableIntValue("GEARSCOPE_BENCH_TIMELINE_MESSAGES"))
            : 1'000'000u;
        const uint32_t longSpan = n / 5;
        const TimelineIndex idx = crowdedIndex(n, longSpan);
        const int columns = 533; // a 1600-pixel timeline at 3 pixels a column
        using A = TimelineIndex::Axis;
        struct View
        {
            const char* name;
            double width;
        };
        for (const View& v : { View { "200 steps in view", 200.0 }, View { "20,000 steps in view", 20000.0 },
                 View { "all in view", double(n) } }) {
            // Twenty positions across the run (one when all is in view), each query timed.
            const int positions = v.width >= n ? 1 : 20;
            size_t arrows = 0, fromLeft = 0;
            const double arrowsUs = medianUs([&] {
                arrows = fromLeft = 0;
                for (int k = 0; k < positions; ++k) {
                    const double t0 = positions == 1 ? 0.0 : (n - v.width) * (k + 0.5) / positions;
                    const auto got = idx.arrows(t0, t0 + v.width, columns, A::Steps);
                    arrows += got.size();
                    for (uint32_t m : got)
                        fromLeft += idx.messageStartStep(m) < t0;
                }
            }) / positions;
            size_t marks = 0;
            const double marksUs = medianUs([&] {
                marks = 0;
                for (int k = 0; k < positions; ++k) {
                    const double t0 = positions == 1 ? 0.0 : (n - v.width) * (k + 0.5) / positions;
                    marks += idx.marks(t0, t0 + v.width, columns, A::Steps).size();
                }
            }) / positions;
            qInfo("arrows() in %u crowded steps (%zu messages, a long arrow of %u steps every 997): %s: %.1f us "
                  "per query (%.1f arrows, %.1f of them from the left) = %.2fx marks() for the same view (%.1f us, "
                  "%.1f marks)",
                n, idx.messageCount(), longSpan, v.name, arrowsUs, double(arrows) / positions,
                double(fromLeft) / positions, arrowsUs / marksUs, marksUs, double(marks) / positions);
            QVERIFY(arrows > 0);
        }
    }

    void arrowsQueryDeepQueue()
    {
        // The worst case for arrows from the left: step 0 queues 100,000 messages that the next
        // 100,000 steps handle one by one, so half of them are in flight at a view in the
        // middle, each with its own end column when zoomed in. All come back (one per key) and
        // are drawn; the baselines are marks() for the same view and the 1,000-message redraw.
        const uint32_t queued = 100'000;
        auto snap = std::make_shared<SessionSnapshot>();
        snap->generation = 1;
        snap->stepCount = queued + 1;
        snap->timeline.resize(queued + 1);
        for (uint32_t i = 0; i <= queued; ++i) {
            TimelineStep& st = snap->timeline[i];
            st.index = i;
            st.block = i / 1000 + 1;
            st.actor = ActorId::fromU64(i * 7 % Lanes);
            st.message = MessageId::fromU64(i == 0 ? 1 : 100 + i - 1);
            st.source = ActorId::fromU64(i == 0 ? 999 : 0);
        }
        for (uint32_t k = 0; k < queued; ++k)
            snap->timeline[0].generated.push_back(
                { MessageId::fromU64(100 + k), ActorId::fromU64((k + 1) * 7 % Lanes), TimelineKind::Handle });
        TimelineSource source;
        source.applySnapshot(snap);
        snap.reset();
        const TimelineIndex& idx = source.index();
        QCOMPARE(idx.messageCount(), size_t(queued) + 1);

        const QSize size(1600, 420);
        TimelineSource smallSource;
        smallSource.applySnapshot(syntheticRun(1000));
        TimelinePlot smallPlot(&smallSource, TimelinePlot::Orientation::Horizontal);
        smallPlot.resize(size);
        smallPlot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&smallPlot));
        smallPlot.showAll();
        const double smallMs = medianRedrawMs(smallPlot);
        TimelinePlot plot(&source, TimelinePlot::Orientation::Horizontal);
        plot.resize(size);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));

        const int columns = 533;
        const double t0 = queued / 2.0;
        for (double width : { 200.0, 20000.0 }) {
            size_t arrows = 0, marks = 0;
            const double arrowsUs
                = medianUs([&] { arrows = idx.arrows(t0, t0 + width, columns, TimelineIndex::Axis::Steps).size(); });
            const double marksUs
                = medianUs([&] { marks = idx.marks(t0, t0 + width, columns, TimelineIndex::Axis::Steps).size(); });
            plot.setTimeRange(t0, t0 + width);
            const double redrawMs = medianRedrawMs(plot, 5);
            qInfo("deep queue (%u messages queued at step 0), %.0f steps in view at step %.0f: arrows() %.1f us (%zu "
                  "arrows) = %.1fx marks() for the same view (%.1f us, %zu marks); redraw %.1f ms (%zu arrows drawn) = "
                  "%.1fx the 1,000-message redraw",
                queued, width, t0, arrowsUs, arrows, arrowsUs / marksUs, marksUs, marks, redrawMs,
                plot.lastArrowsDrawn(), redrawMs / smallMs);
            QVERIFY(arrows > 0);
        }
    }
};

QTEST_MAIN(tst_BenchTimeline)
#include "tst_bench_timeline.moc"
