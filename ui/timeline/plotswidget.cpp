// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/plotswidget.h"

#include "timeline/plotexport.h"
#include "timeline/timelinesource.h"
#include "timeline/timelinestyle.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace Gearscope {

namespace {

constexpr double PointsPerPixel = 1.0;

/// Bucket maxima of v(i) for i in [first, last): no more than `buckets` points, peaks kept.
template <typename F>
void reduce(size_t first, size_t last, int buckets, F value, QVector<double>* keys, QVector<double>* values)
{
    keys->clear();
    values->clear();
    if (last <= first)
        return;
    const size_t n = last - first;
    const size_t per = std::max<size_t>(1, (n + size_t(std::max(1, buckets)) - 1) / size_t(std::max(1, buckets)));
    for (size_t a = first; a < last; a += per) {
        const size_t b = std::min(last, a + per);
        double best = value(a);
        size_t at = a;
        for (size_t i = a + 1; i < b; ++i) {
            const double v = value(i);
            if (v > best) {
                best = v;
                at = i;
            }
        }
        keys->push_back(double(at));
        values->push_back(best);
    }
}

} // namespace

class PlotsWidget::Private
{
public:
    QCustomPlot* plot = nullptr;
    QCPAxisRect* rects[SeriesCount] = {};
    QCPGraph* graphs[SeriesCount] = {};
    QCPItemStraightLine* cursors[SeriesCount] = {};
    bool rebuilding = false;
};

PlotsWidget::PlotsWidget(TimelineSource* source, QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
    , m_source(source)
{
    d->plot = new QCustomPlot(this);
    d->plot->setObjectName(QStringLiteral("plotsCustomPlot"));
    d->plot->plotLayout()->clear();
    const QString titles[SeriesCount] = { tr("queue length"), tr("gas burned per step"), tr("messages per block") };
    const QColor colors[SeriesCount] = { TimelineStyle::kindColor(TimelineKind::Handle),
        TimelineStyle::kindColor(TimelineKind::ErrorReply), TimelineStyle::kindColor(TimelineKind::Init) };
    for (int s = 0; s < SeriesCount; ++s) {
        auto* rect = new QCPAxisRect(d->plot);
        d->plot->plotLayout()->addElement(s, 0, rect);
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        rect->axis(QCPAxis::atLeft)->setLabel(titles[s]);
        rect->axis(QCPAxis::atBottom)->setLabel(s == MessagesPerBlock ? tr("block") : tr("step"));
        auto* g = d->plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        g->setPen(QPen(colors[s], 1.2));
        g->setLineStyle(s == MessagesPerBlock ? QCPGraph::lsImpulse : QCPGraph::lsStepLeft);
        if (s == MessagesPerBlock) // a run may have a single block: impulses with dots show it
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colors[s], colors[s], 5));
        auto* cursor = new QCPItemStraightLine(d->plot);
        cursor->setClipAxisRect(rect);
        cursor->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        cursor->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        cursor->setPen(QPen(TimelineStyle::cursorColor(), 1.2, Qt::DashLine));
        d->rects[s] = rect;
        d->graphs[s] = g;
        d->cursors[s] = cursor;
    }
    // Steps share one range: moving one moves the other; the data follows the view.
    QCPAxis* queueX = d->rects[QueueLength]->axis(QCPAxis::atBottom);
    QCPAxis* gasX = d->rects[GasPerStep]->axis(QCPAxis::atBottom);
    connect(queueX, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), gasX,
        qOverload<const QCPRange&>(&QCPAxis::setRange));
    connect(gasX, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), queueX,
        qOverload<const QCPRange&>(&QCPAxis::setRange));
    for (int s = 0; s < SeriesCount; ++s)
        connect(d->rects[s]->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
            if (!d->rebuilding)
                rebuildData();
        });
    d->plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(d->plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* e) {
        for (int s = 0; s < MessagesPerBlock; ++s)
            if (d->rects[s]->rect().contains(e->pos())) {
                const double x = d->rects[s]->axis(QCPAxis::atBottom)->pixelToCoord(e->pos().x());
                Q_EMIT stepActivated(m_source->index().firstStepIndex() + uint64_t(std::max(0.0, std::round(x))));
            }
    });

    auto* exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(QStringLiteral("plotsExport"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the plots"), QStringLiteral("plots.png"), tr("PNG image (*.png);;PDF document (*.pdf)"));
        QString error;
        if (!path.isEmpty() && !exportTo(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    auto* bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(exportButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(d->plot, 1);

    connect(source, &TimelineSource::indexChanged, this, &PlotsWidget::onIndexChanged);
    connect(source, &TimelineSource::cursorChanged, this, &PlotsWidget::updateCursor);
    onIndexChanged(true);
}

PlotsWidget::~PlotsWidget() = default;

void PlotsWidget::onIndexChanged(bool)
{
    // The plots show the whole run (they are overviews); zooming in is the user's choice, and a
    // growing run keeps showing all of it.
    const TimelineIndex& idx = m_source->index();
    d->rebuilding = true;
    const double steps = std::max<double>(10, double(idx.stepCount()));
    d->rects[QueueLength]->axis(QCPAxis::atBottom)->setRange(0, steps);
    d->rects[GasPerStep]->axis(QCPAxis::atBottom)->setRange(0, steps);
    const double b0 = idx.blockCount() ? idx.blockNumber(0) : 0;
    const double b1 = idx.blockCount() ? idx.blockNumber(idx.blockCount() - 1) : 1;
    d->rects[MessagesPerBlock]->axis(QCPAxis::atBottom)->setRange(b0 - 0.5, std::max(b1 + 0.5, b0 + 5));
    d->rebuilding = false;
    rebuildData();
    updateCursor();
}

void PlotsWidget::rebuildData()
{
    const TimelineIndex& idx = m_source->index();
    QVector<double> keys, values;
    for (int s = 0; s < SeriesCount; ++s) {
        QCPAxis* x = d->rects[s]->axis(QCPAxis::atBottom);
        const int buckets = std::max(1, int(d->rects[s]->width() * PointsPerPixel));
        if (s == MessagesPerBlock) {
            // Blocks are found by number: binary search over the index's block list.
            size_t first = 0, last = idx.blockCount();
            while (first < last && idx.blockNumber(first) < x->range().lower - 1)
                ++first; // blocks are few compared to steps; a linear skip is fine here
            while (last > first && idx.blockNumber(last - 1) > x->range().upper + 1)
                --last;
            reduce(
                first, last, buckets, [&](size_t b) { return double(idx.blockDispatches(b)); }, &keys, &values);
            for (auto& k : keys)
                k = idx.blockNumber(size_t(k));
        } else {
            const size_t first = size_t(std::clamp(std::floor(x->range().lower), 0.0, double(idx.stepCount())));
            const size_t last = size_t(std::clamp(std::ceil(x->range().upper) + 1, 0.0, double(idx.stepCount())));
            if (s == QueueLength)
                reduce(
                    first, last, buckets, [&](size_t i) { return double(idx.stepQueueLength(i)); }, &keys, &values);
            else
                reduce(
                    first, last, buckets, [&](size_t i) { return double(idx.stepGas(i)); }, &keys, &values);
        }
        d->graphs[s]->setData(keys, values, true);
        double maxValue = 1;
        for (double v : values)
            maxValue = std::max(maxValue, v);
        d->rects[s]->axis(QCPAxis::atLeft)->setRange(0, maxValue * 1.1);
    }
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlotsWidget::updateCursor()
{
    const TimelineIndex& idx = m_source->index();
    const uint64_t first = idx.firstStepIndex();
    const uint64_t pos = m_source->cursor() > first ? m_source->cursor() - first : 0;
    for (int s = 0; s < SeriesCount; ++s) {
        double key = double(pos);
        if (s == MessagesPerBlock) {
            // The block of the last step done.
            key = idx.stepCount() ? idx.stepBlock(size_t(std::min<uint64_t>(pos ? pos - 1 : 0, idx.stepCount() - 1)))
                                  : 0;
        }
        d->cursors[s]->point1->setCoords(key, 0);
        d->cursors[s]->point2->setCoords(key, 1);
    }
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

std::vector<std::pair<double, double>> PlotsWidget::seriesData(Series series) const
{
    std::vector<std::pair<double, double>> out;
    for (auto it = d->graphs[series]->data()->constBegin(); it != d->graphs[series]->data()->constEnd(); ++it)
        out.emplace_back(it->key, it->value);
    return out;
}

double PlotsWidget::cursorKey(Series series) const { return d->cursors[series]->point1->key(); }

bool PlotsWidget::exportTo(const QString& path, QString* error)
{
    // A dock that was never shown has no useful size: export at a readable default then.
    const int width = d->plot->width() >= 200 ? d->plot->width() : 900;
    const int height = d->plot->height() >= 200 ? d->plot->height() : 700;
    return PlotExport::save(d->plot, path, width, height, error);
}

void PlotsWidget::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

} // namespace Gearscope
