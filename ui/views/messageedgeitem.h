// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>
#include <QStaticText>

namespace Gearscope {

class ActorNodeItem;

/** The messages sent from one node to another so far: an arrow whose pen grows with the count
 *  (1 px for one message, +1 px per doubling, at most GraphStyle::MaxEdgeWidth) and, from two
 *  messages on, a "×N" label. When the reverse edge exists both bend so they do not overlap; a
 *  node's messages to itself are a loop.
 *
 *  Geometry is recomputed only when a node moves or the count changes; paint() draws cached
 *  paths with interned pens. Owned by the view's scene; GUI thread only. */
class MessageEdgeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    MessageEdgeItem(ActorNodeItem* source, ActorNodeItem* destination);
    ~MessageEdgeItem() override;

    int type() const override { return Type; }
    ActorNodeItem* sourceNode() const { return m_source; }
    ActorNodeItem* destinationNode() const { return m_destination; }

    void setCount(int count);
    int count() const { return m_count; }
    /// The pen width used for `count` messages.
    static int widthForCount(int count);
    int penWidth() const { return widthForCount(m_count); }

    /// Bends the edge to its right (set while the reverse edge exists).
    void setCurved(bool on);
    bool isCurved() const { return m_curved; }
    /// Marks the edge of the message delivered by the current step.
    void setRecent(bool on);
    bool isRecent() const { return m_recent; }

    /// Point at `t` ∈ [0, 1] from the source's outline to the destination's (for the message dot).
    QPointF pointAt(qreal t) const;
    QString toolTipText() const;

    /// Recomputes the path after a node moved.
    void adjust();
    /// Called by a node being destroyed first.
    void forgetNode(ActorNodeItem* node);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void updateLabel();

    ActorNodeItem* m_source;
    ActorNodeItem* m_destination;
    int m_count = 0;
    bool m_curved = false;
    bool m_recent = false;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QStaticText m_label;
    QRectF m_labelRect;
    QRectF m_bounds;
    qreal m_length = 0;
};

} // namespace Gearscope
