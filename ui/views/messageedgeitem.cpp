// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "messageedgeitem.h"

#include "actornodeitem.h"
#include "graphstyle.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace Gearscope {

namespace {

QPointF unit(const QPointF& v)
{
    const qreal len = std::hypot(v.x(), v.y());
    return len < 1e-9 ? QPointF(1, 0) : v / len;
}

QPointF rightNormal(const QPointF& u)
{
    return QPointF(-u.y(), u.x()); // y grows downwards: this is the right-hand side of travel
}

} // namespace

MessageEdgeItem::MessageEdgeItem(ActorNodeItem* source, ActorNodeItem* destination)
    : m_source(source)
    , m_destination(destination)
{
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
    m_source->addEdge(this);
    if (m_destination != m_source)
        m_destination->addEdge(this);
    adjust();
}

MessageEdgeItem::~MessageEdgeItem()
{
    if (m_source)
        m_source->removeEdge(this);
    if (m_destination && m_destination != m_source)
        m_destination->removeEdge(this);
}

void MessageEdgeItem::forgetNode(ActorNodeItem* node)
{
    if (m_source == node)
        m_source = nullptr;
    if (m_destination == node)
        m_destination = nullptr;
}

int MessageEdgeItem::widthForCount(int count)
{
    if (count <= 1)
        return 1;
    return std::min(GraphStyle::MaxEdgeWidth, 1 + int(std::floor(std::log2(double(count)))));
}

void MessageEdgeItem::setCount(int count)
{
    if (count == m_count)
        return;
    const int oldWidth = penWidth();
    const bool hadLabel = m_count >= 2;
    const QSizeF oldLabelSize = m_label.size();
    m_count = count;
    if (m_count >= 2)
        updateLabel();
    // A new width or label size changes the arrow and the bounds; otherwise a repaint is enough.
    if (oldWidth != penWidth() || hadLabel != (m_count >= 2) || oldLabelSize != m_label.size())
        adjust();
    else
        update();
}

void MessageEdgeItem::updateLabel()
{
    const auto& st = GraphStyle::instance();
    m_label.setText(QStringLiteral("×%1").arg(m_count));
    m_label.setTextFormat(Qt::PlainText);
    m_label.prepare(QTransform(), st.edgeLabelFont);
}

void MessageEdgeItem::setCurved(bool on)
{
    if (on == m_curved)
        return;
    m_curved = on;
    adjust();
}

void MessageEdgeItem::setRecent(bool on)
{
    if (on == m_recent)
        return;
    m_recent = on;
    // Recent edges are drawn above the others so the current message is never hidden.
    setZValue(on ? -0.5 : -1);
    update();
}

QPointF MessageEdgeItem::pointAt(qreal t) const
{
    if (m_path.isEmpty())
        return m_source ? m_source->pos() : QPointF();
    return m_path.pointAtPercent(std::clamp<qreal>(t, 0, 1));
}

QString MessageEdgeItem::toolTipText() const
{
    const QString from = m_source ? m_source->name().toHtmlEscaped() : QString();
    const QString to = m_destination ? m_destination->name().toHtmlEscaped() : QString();
    return QStringLiteral("<b>%1</b> → <b>%2</b><br>%3 message%4")
        .arg(from, to)
        .arg(m_count)
        .arg(m_count == 1 ? QString() : QStringLiteral("s"));
}

void MessageEdgeItem::adjust()
{
    prepareGeometryChange();
    m_path = QPainterPath();
    m_arrow.clear();
    m_length = 0;
    if (!m_source || !m_destination) {
        m_bounds = QRectF();
        return;
    }
    const qreal width = penWidth();
    const qreal arrowLength = 8 + width * 1.5;
    const qreal arrowHalf = 3.5 + width;
    QPointF tip;
    QPointF dir; // direction of travel at the tip
    QPointF labelAt;

    if (m_source == m_destination) {
        // A loop on the node's right side, leaving upwards and coming back from below.
        const QPointF c = m_source->pos();
        const qreal r = m_source->outlineDistance(QPointF(1, 0));
        const auto at = [&](qreal deg, qreal dist) {
            const qreal a = qDegreesToRadians(deg);
            return c + QPointF(std::cos(a), std::sin(a)) * dist;
        };
        const QPointF start = at(-35, r);
        tip = at(35, r);
        const QPointF c1 = at(-45, r + 55);
        const QPointF c2 = at(45, r + 55);
        dir = unit(tip - c2);
        m_path.moveTo(start);
        m_path.cubicTo(c1, c2, tip - dir * arrowLength * 0.8);
        labelAt = at(0, r + 44);
    } else {
        const QPointF p1 = m_source->pos();
        const QPointF p2 = m_destination->pos();
        const QPointF d = p2 - p1;
        const qreal len = std::hypot(d.x(), d.y());
        if (len < 1) {
            m_bounds = QRectF();
            return;
        }
        const QPointF u = d / len;
        const qreal bend = m_curved ? std::min<qreal>(40, len * 0.18) : 0;
        const QPointF ctrl = (p1 + p2) / 2 + rightNormal(u) * bend;
        const QPointF u1 = unit(ctrl - p1);
        dir = unit(p2 - ctrl);
        const QPointF start = p1 + u1 * m_source->outlineDistance(u1);
        tip = p2 - dir * m_destination->outlineDistance(-dir);
        const QPointF end = tip - dir * arrowLength * 0.8;
        m_path.moveTo(start);
        if (m_curved)
            m_path.quadTo(ctrl, end);
        else
            m_path.lineTo(end);
        labelAt = m_path.pointAtPercent(0.5);
    }
    const QPointF base = tip - dir * arrowLength;
    const QPointF n = rightNormal(dir);
    m_arrow << tip << base + n * arrowHalf << base - n * arrowHalf;
    m_length = m_path.length();

    m_labelRect = QRectF();
    if (m_count >= 2) {
        const QSizeF ls = m_label.size();
        m_labelRect = QRectF(labelAt.x() - ls.width() / 2 - 3, labelAt.y() - ls.height() / 2 - 1, ls.width() + 6,
            ls.height() + 2);
    }
    const qreal margin = GraphStyle::MaxEdgeWidth / 2.0 + 2;
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-margin, -margin, margin, margin);
    if (!m_labelRect.isNull())
        m_bounds = m_bounds.united(m_labelRect);
}

QRectF MessageEdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath MessageEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(std::max(8, penWidth() + 4));
    QPainterPath p = stroker.createStroke(m_path);
    p.addPolygon(m_arrow);
    if (!m_labelRect.isNull())
        p.addRect(m_labelRect);
    return p;
}

void MessageEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    if (m_path.isEmpty())
        return;
    const auto& st = GraphStyle::instance();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod * m_length < GraphStyle::MinVisiblePixels)
        return;
    const size_t w = size_t(penWidth());
    painter->setPen(m_recent ? st.recentEdgePen[w] : st.edgePen[w]);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_recent ? st.recentArrowBrush : st.edgeArrowBrush);
    painter->drawPolygon(m_arrow);
    if (m_count >= 2 && lod >= GraphStyle::MinLabelScale) {
        painter->setBrush(st.edgeLabelBrush);
        painter->drawRect(m_labelRect);
        painter->setPen(st.edgeLabelPen);
        painter->setFont(st.edgeLabelFont);
        painter->drawStaticText(m_labelRect.topLeft() + QPointF(3, 1), m_label);
    }
}

} // namespace Gearscope
