// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "timeline/timelineplot.h"

#include "timeline/arrowparts.h"
#include "timeline/plotexport.h"
#include "timeline/timelinesource.h"
#include "timeline/timelinestyle.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QKeyEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace Gearscope {

namespace {

constexpr double MinMarkPixels = 3.0; // narrower runs of steps fold into one mark (Tracy's MinVisSize)
constexpr double MarkThickness = 10.0; // across the lane
constexpr double HitPixels = 5.0;
constexpr double FollowMargin = 0.02; // of the span, right of the newest step while following

struct DrawnArrow
{
    uint32_t message;
    QPointF from;
    QPointF to;
};

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = a + t * ab;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

} // namespace

/// The marks and arrows, drawn straight from the index with a painter: QCustomPlot's own
/// plottables would need every point handed over, which 1,000,000 messages cannot afford.
class TimelineLayer : public QCPLayerable
{
public:
    TimelineLayer(QCustomPlot* plot, TimelinePlot::Private* d)
        : QCPLayerable(plot, QString(), plot->axisRect())
        , m_d(d)
    {
    }

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override
    {
        applyAntialiasingHint(painter, true, QCP::aeOther);
    }
    QRect clipRect() const override;
    void draw(QCPPainter* painter) override;

private:
    TimelinePlot::Private* m_d;
};

class TimelinePlot::Private
{
public:
    TimelinePlot* q;
    QCustomPlot* plot = nullptr;
    TimelineLayer* layer = nullptr;
    QCPAxis* timeAxis = nullptr;
    QCPAxis* laneAxis = nullptr;
    QSharedPointer<QCPAxisTickerText> laneTicker;
    std::vector<int> laneRow; // lane -> row, -1 hidden
    std::vector<uint32_t> rowLane;
    size_t lanesKnown = 0;
    std::vector<DrawnArrow> drawnArrows;
    double lastDrawMs = 0;
    size_t marksDrawn = 0;
    size_t arrowsDrawn = 0;
    bool settingRange = false;
    QPoint pressPos;

    const TimelineIndex& index() const { return q->m_source->index(); }
    bool horizontal() const { return q->m_orientation == Orientation::Horizontal; }
    QPointF point(double t, double row) const
    {
        const double tp = timeAxis->coordToPixel(t);
        const double lp = laneAxis->coordToPixel(row);
        return horizontal() ? QPointF(tp, lp) : QPointF(lp, tp);
    }
    double timePixel(const QPointF& p) const { return horizontal() ? p.x() : p.y(); }
    double lanePixel(const QPointF& p) const { return horizontal() ? p.y() : p.x(); }
    int rowOf(uint32_t lane) const { return lane < laneRow.size() ? laneRow[lane] : -1; }
    void setRange(double lower, double upper)
    {
        settingRange = true;
        timeAxis->setRange(lower, upper);
        settingRange = false;
    }
    std::optional<size_t> stepAt(const QPointF& plotPos) const;
    void drawMark(QCPPainter* p, size_t step, int row, double pixelsWide, bool ring, const QColor& ringColor) const;
};

QRect TimelineLayer::clipRect() const { return m_d->plot->axisRect()->rect(); }

void TimelinePlot::Private::drawMark(
    QCPPainter* p, size_t step, int row, double pixelsWide, bool ring, const QColor& ringColor) const
{
    const TimelineIndex& idx = index();
    const auto axis = q->m_axis;
    const QPointF c = point(idx.stepCenter(step, axis), row);
    const double along = std::max(MinMarkPixels, pixelsWide);
    const QSizeF size = horizontal() ? QSizeF(along, MarkThickness) : QSizeF(MarkThickness, along);
    QRectF r(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height());
    if (ring) {
        p->setPen(QPen(ringColor, 2.5));
        p->setBrush(Qt::NoBrush);
        p->drawRect(r.adjusted(-3, -3, 3, 3));
        return;
    }
    const Outcome o = idx.stepOutcome(step);
    const bool failed = o == Outcome::Trap || o == Outcome::Unavailable;
    p->setPen(failed ? QPen(TimelineStyle::failureColor(), 1.5) : Qt::NoPen);
    p->setBrush(TimelineStyle::kindColor(idx.stepKind(step)));
    p->drawRect(r);
}

void TimelineLayer::draw(QCPPainter* painter)
{
    QElapsedTimer timer;
    timer.start();
    TimelinePlot::Private& d = *m_d;
    const TimelineIndex& idx = d.index();
    const auto axis = d.q->m_axis;
    d.drawnArrows.clear();
    d.marksDrawn = 0;
    d.arrowsDrawn = 0;
    const double t0 = d.timeAxis->range().lower;
    const double t1 = d.timeAxis->range().upper;
    const double pixels = std::abs(d.timeAxis->coordToPixel(t1) - d.timeAxis->coordToPixel(t0));
    const int columns = std::max(1, int(pixels / MinMarkPixels));
    const double pxPerTime = pixels / std::max(1e-9, t1 - t0);
    const QRect area = clipRect();

    // The selected actor's lane gets a band.
    if (d.q->m_selectedActor) {
        const uint32_t lane = idx.laneOf(*d.q->m_selectedActor);
        const int row = d.rowOf(lane);
        if (lane != TimelineIndex::None && row >= 0) {
            const QPointF a = d.point(t0, row - 0.5), b = d.point(t1, row + 0.5);
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0, 114, 178, 28));
            painter->drawRect(QRectF(a, b).normalized());
        }
    }
    // Lane lines.
    painter->setPen(QPen(QColor(0, 0, 0, 30), 1));
    for (size_t row = 0; row < d.rowLane.size(); ++row)
        painter->drawLine(d.point(t0, double(row)), d.point(t1, double(row)));

    std::vector<bool> visible(idx.laneCount(), false);
    for (uint32_t lane = 0; lane < idx.laneCount(); ++lane)
        visible[lane] = d.rowOf(lane) >= 0;

    auto arrowEnds = [&](uint32_t m, QPointF* a, QPointF* b) {
        const int src = d.rowOf(idx.messageSourceLane(m)), dst = d.rowOf(idx.messageDestinationLane(m));
        if (src < 0 || dst < 0)
            return false;
        const uint32_t start = idx.messageStartStep(m);
        const uint32_t end = idx.messageProcessStep(m) != TimelineIndex::None ? idx.messageProcessStep(m) : start;
        *a = d.point(idx.stepCenter(start, axis), src);
        *b = d.point(idx.stepCenter(end, axis), dst);
        return true;
    };
    auto drawArrow = [&](const QPointF& a, const QPointF& b, const QColor& color, double width) {
        painter->setPen(QPen(color, width));
        painter->drawLine(a, b);
        const QPointF v = b - a;
        const double len = std::hypot(v.x(), v.y());
        if (len > 14) {
            // Head at the receiving end, pulled back to the mark's edge.
            const QPointF u = v / len;
            const QPointF tip = b - u * (MarkThickness / 2);
            const QPointF n(-u.y(), u.x());
            const QPointF poly[3] = { tip, tip - u * 7 + n * 3.5, tip - u * 7 - n * 3.5 };
            painter->setBrush(color);
            painter->setPen(Qt::NoPen);
            painter->drawPolygon(poly, 3);
        }
    };

    const auto arrowList = idx.arrows(t0, t1, columns, axis);
    // Thousands of overlapping hairlines look the same without antialiasing, at half the cost.
    painter->setAntialiasing(arrowList.size() < 1500);
    // A long queue can bring tens of thousands of arrows in from the left, mostly on the same
    // pixels: each distinct visible line is painted once, every arrow stays clickable.
    ArrowParts parts(area);
    for (uint32_t m : arrowList) {
        QPointF a, b;
        if (!arrowEnds(m, &a, &b))
            continue;
        d.drawnArrows.push_back({ m, a, b });
        if (!parts.needsPainting(a, b, int(idx.messageKind(m))))
            continue;
        QColor c = TimelineStyle::kindColor(idx.messageKind(m));
        c.setAlpha(150);
        drawArrow(a, b, c, 1.0);
        ++d.arrowsDrawn;
    }
    for (const auto& mk : idx.marks(t0, t1, columns, axis, visible)) {
        const double wide = mk.count > 1 ? pixels / columns
                                         : (idx.stepEnd(mk.step, axis) - idx.stepStart(mk.step, axis)) * pxPerTime - 1;
        d.drawMark(painter, mk.step, d.rowOf(mk.lane), wide, false, {});
        ++d.marksDrawn;
    }

    painter->setAntialiasing(true);
    auto ringMessage = [&](uint32_t m, const QColor& color) {
        for (uint32_t s : { idx.messageSendStep(m), idx.messageProcessStep(m) }) {
            if (s == TimelineIndex::None)
                continue;
            const int row = d.rowOf(idx.stepLane(s));
            if (row < 0 || idx.stepEnd(s, axis) < t0 || idx.stepStart(s, axis) > t1)
                continue;
            d.drawMark(painter, s, row, (idx.stepEnd(s, axis) - idx.stepStart(s, axis)) * pxPerTime - 1, true, color);
        }
    };
    // Search results: a ring on their marks; bounded by what is in range, not by the list.
    for (const auto& id : d.q->m_highlighted) {
        const uint32_t m = idx.messageOf(id);
        if (m != TimelineIndex::None)
            ringMessage(m, TimelineStyle::highlightColor());
    }
    if (d.q->m_selected) {
        const uint32_t m = idx.messageOf(*d.q->m_selected);
        if (m != TimelineIndex::None) {
            QPointF a, b;
            if (arrowEnds(m, &a, &b)) {
                drawArrow(a, b, TimelineStyle::selectionColor(), 2.5);
                d.drawnArrows.push_back({ m, a, b });
            }
            ringMessage(m, TimelineStyle::selectionColor());
        }
    }

    // The cursor: the boundary after the last step done (or the replay position).
    const uint64_t first = idx.firstStepIndex();
    const uint64_t pos = d.q->m_cursor > first ? d.q->m_cursor - first : 0;
    const double ct = idx.positionTime(pos, axis);
    if (ct >= t0 && ct <= t1) {
        painter->setPen(QPen(TimelineStyle::cursorColor(), 1.5, Qt::DashLine));
        const double px = d.timeAxis->coordToPixel(ct);
        if (d.horizontal())
            painter->drawLine(QPointF(px, area.top()), QPointF(px, area.bottom()));
        else
            painter->drawLine(QPointF(area.left(), px), QPointF(area.right(), px));
    }
    d.lastDrawMs = timer.nsecsElapsed() / 1e6;
}

std::optional<size_t> TimelinePlot::Private::stepAt(const QPointF& p) const
{
    const TimelineIndex& idx = index();
    const auto axis = q->m_axis;
    if (!plot->axisRect()->rect().contains(p.toPoint()))
        return std::nullopt;
    const double rowCoord = laneAxis->pixelToCoord(lanePixel(p));
    const long row = std::lround(rowCoord);
    if (row < 0 || size_t(row) >= rowLane.size())
        return std::nullopt;
    // Within the mark's thickness of the lane.
    if (std::abs(laneAxis->coordToPixel(double(row)) - lanePixel(p)) > MarkThickness / 2 + 2)
        return std::nullopt;
    const uint32_t lane = rowLane[size_t(row)];
    const double t = timeAxis->pixelToCoord(timePixel(p));
    const double dt = std::abs(timeAxis->pixelToCoord(timePixel(p) + HitPixels) - t);
    const auto& steps = idx.laneSteps(lane);
    auto it = std::lower_bound(steps.begin(), steps.end(), uint32_t(idx.stepAtOrAfter(t - dt, axis)));
    std::optional<size_t> best;
    double bestDist = 0;
    for (; it != steps.end() && idx.stepStart(*it, axis) <= t + dt; ++it) {
        const double dist = std::abs(idx.stepCenter(*it, axis) - t);
        const double half = (idx.stepEnd(*it, axis) - idx.stepStart(*it, axis)) / 2;
        if (dist > std::max(dt, half))
            continue;
        if (!best || dist < bestDist) {
            best = *it;
            bestDist = dist;
        }
    }
    return best;
}

TimelinePlot::TimelinePlot(TimelineSource* source, Orientation orientation, QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
    , m_source(source)
    , m_orientation(orientation)
{
    d->q = this;
    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->plot = new QCustomPlot(this);
    d->plot->setObjectName(QStringLiteral("timelineCustomPlot"));
    d->plot->setFocusPolicy(Qt::NoFocus);
    // QCustomPlot asks for the legend's full width (~540 px) as its minimum; in a narrow dock
    // the legend may clip instead, so the window still fits a laptop screen.
    d->plot->setMinimumSize(160, 80);
    layout->addWidget(d->plot);

    const bool horizontal = orientation == Orientation::Horizontal;
    d->timeAxis = horizontal ? d->plot->xAxis : d->plot->yAxis;
    d->laneAxis = horizontal ? d->plot->yAxis : d->plot->xAxis;
    d->laneAxis->setRangeReversed(horizontal); // first lane on top
    d->timeAxis->setRangeReversed(!horizontal); // the sequence chart's time runs downwards
    d->laneTicker.reset(new QCPAxisTickerText);
    d->laneAxis->setTicker(d->laneTicker);
    d->laneAxis->grid()->setVisible(false);
    d->laneAxis->setSubTicks(false);
    d->timeAxis->setLabel(tr("step"));
    d->plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    d->plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    d->plot->axisRect()->setRangeZoom(horizontal ? Qt::Horizontal : Qt::Vertical);
    if (horizontal)
        d->plot->axisRect()->setRangeZoomAxes(d->timeAxis, nullptr);
    else
        d->plot->axisRect()->setRangeZoomAxes(nullptr, d->timeAxis);
    d->plot->setNoAntialiasingOnDrag(true);

    // The legend: an empty graph per kind, below the plot.
    for (int k = 0; k < TimelineKindCount; ++k) {
        QCPGraph* g = d->plot->addGraph();
        const QColor c = TimelineStyle::kindColor(TimelineKind(k));
        g->setName(TimelineStyle::kindName(TimelineKind(k)));
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, c, c, 8));
    }
    d->plot->legend->setVisible(true);
    d->plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    d->plot->legend->setBorderPen(Qt::NoPen);
    // Below the plot, left-aligned at its natural width: a filler takes the rest of the row.
    d->plot->axisRect()->insetLayout()->take(d->plot->legend);
    auto* legendRow = new QCPLayoutGrid;
    d->plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->addElement(0, 0, d->plot->legend);
    legendRow->addElement(0, 1, new QCPLayoutElement(d->plot));
    legendRow->setColumnStretchFactor(0, 0.001);
    legendRow->setColumnStretchFactor(1, 1);
    legendRow->setMargins(QMargins(0, 0, 0, 0));
    d->plot->legend->setMargins(QMargins(6, 2, 6, 2));
    d->plot->legend->setColumnSpacing(14);
    d->plot->plotLayout()->setRowStretchFactor(1, 0.001);
    d->plot->plotLayout()->setRowSpacing(0);

    d->layer = new TimelineLayer(d->plot, d.get());
    d->setRange(0, 50);
    d->laneAxis->setRange(-0.5, 0.5);

    connect(d->timeAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this](const QCPRange& r) {
        if (!d->settingRange)
            m_follow = r.upper >= m_source->index().timeEnd(m_axis);
        Q_EMIT timeRangeChanged(r.lower, r.upper);
    });
    connect(d->plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { d->pressPos = e->pos(); });
    connect(d->plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if ((e->pos() - d->pressPos).manhattanLength() > 3)
            return; // a drag, not a click
        const QPointF p = d->plot->mapTo(this, QPointF(e->pos()));
        m_activeStep = stepAt(p);
        if (auto m = messageAt(p)) {
            const MessageId id = m_source->index().messageId(*m);
            setSelectedMessage(id);
            Q_EMIT messageClicked(id);
        }
    });
    connect(d->plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent* e) {
        const QPointF p = d->plot->mapTo(this, QPointF(e->pos()));
        const TimelineIndex& idx = m_source->index();
        if (auto s = stepAt(p)) {
            m_activeStep = s;
            Q_EMIT stepActivated(idx.firstStepIndex() + *s + 1);
        } else if (d->plot->axisRect()->rect().contains(e->pos())) {
            const double t = d->timeAxis->pixelToCoord(d->timePixel(e->pos()));
            Q_EMIT stepActivated(idx.firstStepIndex() + idx.stepAtOrAfter(t, m_axis));
        }
    });
    connect(d->plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() != Qt::NoButton)
            return; // dragging
        if (auto s = stepAt(d->plot->mapTo(this, QPointF(e->pos()))))
            QToolTip::showText(e->globalPosition().toPoint(), describeStep(*s), d->plot);
        else
            QToolTip::hideText();
    });
    connect(source, &TimelineSource::indexChanged, this, &TimelinePlot::onIndexChanged);
    connect(source, &TimelineSource::cursorChanged, this, &TimelinePlot::setCursorPosition);
    m_cursor = source->cursor();
    onIndexChanged(true);
}

TimelinePlot::~TimelinePlot() = default;

void TimelinePlot::setAxis(TimelineIndex::Axis axis)
{
    if (axis == m_axis)
        return;
    // Keep the same steps in view.
    const TimelineIndex& idx = m_source->index();
    const QCPRange r = d->timeAxis->range();
    const size_t s0 = idx.stepAtOrAfter(r.lower, m_axis);
    const size_t s1 = std::max(s0 + 1, idx.stepAtOrAfter(r.upper, m_axis));
    m_axis = axis;
    d->timeAxis->setLabel(axis == TimelineIndex::Axis::Steps ? tr("step") : tr("block"));
    if (idx.stepCount() > 0)
        d->setRange(idx.stepStart(std::min(s0, idx.stepCount() - 1), axis),
            idx.stepEnd(std::min(s1, idx.stepCount()) - 1, axis));
    else
        showAll();
    replot();
}

void TimelinePlot::setVisibleActors(const std::vector<ActorId>& actors)
{
    m_visibleActors = actors;
    d->lanesKnown = size_t(-1); // force
    updateLanes();
    replot();
}

void TimelinePlot::updateLanes()
{
    const TimelineIndex& idx = m_source->index();
    if (d->lanesKnown == idx.laneCount())
        return;
    d->lanesKnown = idx.laneCount();
    d->laneRow.assign(idx.laneCount(), -1);
    d->rowLane.clear();
    auto add = [&](uint32_t lane) {
        d->laneRow[lane] = int(d->rowLane.size());
        d->rowLane.push_back(lane);
    };
    if (m_visibleActors.empty()) {
        for (uint32_t lane = 0; lane < idx.laneCount(); ++lane)
            add(lane);
    } else {
        // In the order chosen, as a sequence chart reads.
        for (const auto& a : m_visibleActors) {
            const uint32_t lane = idx.laneOf(a);
            if (lane != TimelineIndex::None && d->laneRow[lane] < 0)
                add(lane);
        }
    }
    QMap<double, QString> ticks;
    for (size_t row = 0; row < d->rowLane.size(); ++row)
        ticks.insert(double(row), m_source->actorName(idx.laneActor(d->rowLane[row])));
    d->laneTicker->setTicks(ticks);
    d->laneAxis->setRange(-0.6, std::max<double>(0.6, double(d->rowLane.size()) - 0.4));
}

void TimelinePlot::onIndexChanged(bool reset)
{
    if (reset)
        d->lanesKnown = size_t(-1);
    else if (d->lanesKnown != m_source->index().laneCount())
        d->lanesKnown = size_t(-1); // new actors: names may have changed too
    updateLanes();
    const TimelineIndex& idx = m_source->index();
    if (reset) {
        m_follow = true;
        showAll();
    } else if (m_follow) {
        const double end = idx.timeEnd(m_axis), begin = idx.timeBegin(m_axis);
        const QCPRange r = d->timeAxis->range();
        if (r.lower <= begin + 1e-9 && end - begin <= 500) {
            showAll();
        } else if (end > r.upper - r.size() * FollowMargin) {
            const double span = r.size();
            d->setRange(end + span * FollowMargin - span, end + span * FollowMargin);
        }
    }
    replot();
}

TimelineMapping TimelinePlot::mapping() const
{
    TimelineMapping m;
    m.lower = d->timeAxis->range().lower;
    m.upper = d->timeAxis->range().upper;
    m.pixels = d->timeAxis->axisRect()
        ? (d->horizontal() ? d->plot->axisRect()->width() : d->plot->axisRect()->height())
        : 1;
    return m;
}

void TimelinePlot::setTimeRange(double lower, double upper)
{
    d->timeAxis->setRange(lower, upper); // as the user would: following stops unless at the end
    replot();
}

std::optional<QPointF> TimelinePlot::markPosition(size_t step) const
{
    const TimelineIndex& idx = m_source->index();
    if (step >= idx.stepCount())
        return std::nullopt;
    const int row = d->rowOf(idx.stepLane(step));
    if (row < 0)
        return std::nullopt;
    const QPointF p = d->point(idx.stepCenter(step, m_axis), row);
    if (!d->plot->axisRect()->rect().contains(p.toPoint()))
        return std::nullopt;
    return d->plot->mapTo(this, p);
}

std::optional<QPointF> TimelinePlot::arrowMidpoint(uint32_t message) const
{
    for (const auto& a : d->drawnArrows)
        if (a.message == message)
            return d->plot->mapTo(this, (a.from + a.to) / 2);
    return std::nullopt;
}

std::optional<size_t> TimelinePlot::stepAt(const QPointF& pos) const { return d->stepAt(d->plot->mapFrom(this, pos)); }

std::optional<uint32_t> TimelinePlot::messageAt(const QPointF& pos) const
{
    const TimelineIndex& idx = m_source->index();
    if (auto s = stepAt(pos)) {
        if (idx.stepMessage(*s) != TimelineIndex::None)
            return idx.stepMessage(*s);
    }
    const QPointF p = d->plot->mapFrom(this, pos);
    std::optional<uint32_t> best;
    double bestDist = HitPixels;
    for (const auto& a : d->drawnArrows) {
        const double dist = distanceToSegment(p, a.from, a.to);
        if (dist <= bestDist) {
            best = a.message;
            bestDist = dist;
        }
    }
    return best;
}

QString TimelinePlot::describeStep(size_t step) const
{
    const TimelineIndex& idx = m_source->index();
    if (step >= idx.stepCount())
        return {};
    QString text
        = tr("step %1 · block %2\n%3: %4, %5")
              .arg(idx.firstStepIndex() + step)
              .arg(idx.stepBlock(step))
              .arg(m_source->actorName(idx.laneActor(idx.stepLane(step))), TimelineStyle::kindName(idx.stepKind(step)),
                  QString::fromLatin1(toString(idx.stepOutcome(step))));
    text += tr("\ngas burned %1 · queue after %2").arg(idx.stepGas(step)).arg(idx.stepQueueLength(step));
    const uint32_t m = idx.stepMessage(step);
    if (m != TimelineIndex::None) {
        text += tr("\nmessage %1 from %2")
                    .arg(QString::fromStdString(idx.messageId(m).shortHex()),
                        m_source->actorName(idx.laneActor(idx.messageSourceLane(m))));
    }
    return text;
}

bool TimelinePlot::exportTo(const QString& path, QString* error, int width, int height)
{
    // A dock that was never shown has no useful size: export at a readable default then.
    if (width <= 0)
        width = d->plot->width() >= 200 ? d->plot->width() : (m_orientation == Orientation::Horizontal ? 1400 : 700);
    if (height <= 0)
        height = d->plot->height() >= 150 ? d->plot->height() : (m_orientation == Orientation::Horizontal ? 420 : 800);
    const bool ok = PlotExport::save(d->plot, path, width, height, error);
    replot(); // the export drew at another size
    return ok;
}

double TimelinePlot::lastDrawMs() const { return d->lastDrawMs; }
size_t TimelinePlot::lastMarksDrawn() const { return d->marksDrawn; }
size_t TimelinePlot::lastArrowsDrawn() const { return d->arrowsDrawn; }

void TimelinePlot::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

void TimelinePlot::replot() { d->plot->replot(QCustomPlot::rpQueuedReplot); }

void TimelinePlot::setCursorPosition(uint64_t pos)
{
    if (pos == m_cursor)
        return;
    m_cursor = pos;
    replot();
}

void TimelinePlot::setSelectedMessage(const MessageId& message)
{
    if (m_selected == message)
        return;
    m_selected = message;
    const uint32_t m = m_source->index().messageOf(message);
    if (m != TimelineIndex::None)
        ensureVisible(m);
    replot();
}

void TimelinePlot::clearSelectedMessage()
{
    if (!m_selected)
        return;
    m_selected.reset();
    replot();
}

void TimelinePlot::setHighlightedMessages(const std::vector<MessageId>& messages)
{
    m_highlighted = messages;
    replot();
}

void TimelinePlot::setSelectedActor(const ActorId& actor)
{
    m_selectedActor = actor;
    replot();
}

void TimelinePlot::clearSelectedActor()
{
    m_selectedActor.reset();
    replot();
}

void TimelinePlot::ensureVisible(uint32_t message)
{
    const TimelineIndex& idx = m_source->index();
    const uint32_t start = idx.messageStartStep(message);
    const uint32_t end
        = idx.messageProcessStep(message) != TimelineIndex::None ? idx.messageProcessStep(message) : start;
    const double a = idx.stepStart(start, m_axis), b = idx.stepEnd(end, m_axis);
    const QCPRange r = d->timeAxis->range();
    if (a >= r.lower && b <= r.upper)
        return;
    const double span = std::max(r.size(), (b - a) * 1.2);
    const double mid = (a + b) / 2;
    m_follow = false;
    d->setRange(mid - span / 2, mid + span / 2);
}

void TimelinePlot::zoomIn()
{
    const auto m = mapping().zoomed(
        2.0, (mapping().lower + mapping().upper) / 2, m_axis == TimelineIndex::Axis::Steps ? 4.0 : 0.05);
    d->timeAxis->setRange(m.lower, m.upper);
    replot();
}

void TimelinePlot::zoomOut()
{
    const auto m = mapping().zoomed(0.5, (mapping().lower + mapping().upper) / 2);
    d->timeAxis->setRange(m.lower, m.upper);
    replot();
}

void TimelinePlot::panLeft()
{
    const TimelineIndex& idx = m_source->index();
    const auto m
        = mapping().panned(-0.2).clamped(idx.timeBegin(m_axis), std::max(idx.timeEnd(m_axis), mapping().upper));
    d->timeAxis->setRange(m.lower, m.upper);
    replot();
}

void TimelinePlot::panRight()
{
    const TimelineIndex& idx = m_source->index();
    const auto m = mapping().panned(0.2).clamped(
        idx.timeBegin(m_axis), std::max(idx.timeEnd(m_axis), mapping().lower + mapping().span()));
    d->timeAxis->setRange(m.lower, m.upper);
    replot();
}

void TimelinePlot::showAll()
{
    const TimelineIndex& idx = m_source->index();
    const double begin = idx.timeBegin(m_axis);
    const double end = std::max(idx.timeEnd(m_axis), begin + (m_axis == TimelineIndex::Axis::Steps ? 20.0 : 2.0));
    d->setRange(begin, end + (end - begin) * FollowMargin);
    m_follow = true;
    replot();
}

void TimelinePlot::followEnd()
{
    const TimelineIndex& idx = m_source->index();
    const double span = mapping().span();
    const double end = idx.timeEnd(m_axis);
    d->setRange(end + span * FollowMargin - span, end + span * FollowMargin);
    m_follow = true;
    replot();
}

void TimelinePlot::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_Left:
        m_orientation == Orientation::Horizontal ? panLeft() : QWidget::keyPressEvent(event);
        break;
    case Qt::Key_Right:
        m_orientation == Orientation::Horizontal ? panRight() : QWidget::keyPressEvent(event);
        break;
    case Qt::Key_Up:
        m_orientation == Orientation::Vertical ? panLeft() : QWidget::keyPressEvent(event);
        break;
    case Qt::Key_Down:
        m_orientation == Orientation::Vertical ? panRight() : QWidget::keyPressEvent(event);
        break;
    case Qt::Key_Home:
        showAll();
        break;
    case Qt::Key_End:
        followEnd();
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_activeStep)
            Q_EMIT stepActivated(m_source->index().firstStepIndex() + *m_activeStep + 1);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace Gearscope
