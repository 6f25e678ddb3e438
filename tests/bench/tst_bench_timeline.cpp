// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Benchmark of issue 6: redraw time of the message timeline with 1,000,000 messages, against
// baselines measured in the same run:
//  - the same widget with 1,000 messages (what culling and level of detail should make it cost);
//  - drawing every one of the 1,000,000 marks with a plain QPainter into an image of the same
//    size (what the view would cost without them).
// Also the index's build rate and memory per step + message.
// GEARSCOPE_BENCH_TIMELINE_MESSAGES sets the big size (default 1,000,000).
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
};

QTEST_MAIN(tst_BenchTimeline)
#include "tst_bench_timeline.moc"
