// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actornodeitem.h"

#include "graphstyle.h"
#include "messageedgeitem.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace Gearscope {

namespace {

constexpr qreal R = GraphStyle::NodeRadius;
constexpr qreal LabelGap = 5;
constexpr qreal NameHeight = 15;
constexpr qreal StateHeight = 13;
constexpr qreal BadgeGap = 3;

QStaticText preparedText(const QString& s, const QFont& font)
{
    QStaticText t(s);
    t.setTextFormat(Qt::PlainText);
    t.setPerformanceHint(QStaticText::AggressiveCaching);
    t.prepare(QTransform(), font);
    return t;
}

QString formatGas(Gas g)
{
    return QLocale::c().toString(qulonglong(g)).replace(QLatin1Char(','), QChar(0x2009));
}

} // namespace

ActorNodeItem::ActorNodeItem(Kind kind, const ActorId& id)
    : m_kind(kind)
    , m_id(id)
{
    setFlag(ItemIsMovable);
    setFlag(ItemSendsGeometryChanges);
    if (kind != Kind::Group)
        setFlag(ItemIsSelectable);
    setZValue(1);
    setCursor(Qt::PointingHandCursor);
    updateStateText();
}

ActorNodeItem::~ActorNodeItem()
{
    // Edges may outlive their nodes while a scene is torn down in arbitrary order.
    for (MessageEdgeItem* e : m_edges)
        e->forgetNode(this);
}

bool ActorNodeItem::setName(const std::string& name)
{
    if (name == m_rawName && !m_name.isEmpty())
        return false;
    m_rawName = name;
    m_name = name.empty() ? QString::fromStdString(m_id.shortHex()) : QString::fromStdString(name);
    const auto& st = GraphStyle::instance();
    // Program names often differ only at the end (worker1, worker12): keep both ends. A group's
    // label is a phrase and reads best cut at the end.
    const auto mode = m_kind == Kind::Group ? Qt::ElideRight : Qt::ElideMiddle;
    const QString elided = QFontMetricsF(st.labelFont).elidedText(m_name, mode, GraphStyle::LabelWidth);
    m_nameText = preparedText(elided, st.labelFont);
    update();
    return true;
}

void ActorNodeItem::setProgramState(ProgramState s)
{
    if (s == m_state)
        return;
    m_state = s;
    updateStateText();
    update();
}

void ActorNodeItem::updateStateText()
{
    const auto& st = GraphStyle::instance();
    QString text;
    switch (m_kind) {
    case Kind::User:
        text = QStringLiteral("user");
        break;
    case Kind::Program:
        text = GraphStyle::stateName(m_state);
        break;
    case Kind::Group:
        text = m_members.size() == 1 ? QStringLiteral("1 program")
                                     : QStringLiteral("%1 programs").arg(m_members.size());
        m_groupCountText = preparedText(QString::number(m_members.size()), st.groupCountFont);
        break;
    }
    m_stateText = preparedText(text, st.stateFont);
}

void ActorNodeItem::setCounts(int queued, int waitlisted, int mailbox)
{
    if (queued == m_queued && waitlisted == m_waitlisted && mailbox == m_mailbox)
        return;
    m_queued = queued;
    m_waitlisted = waitlisted;
    m_mailbox = mailbox;
    layoutBadges();
    update();
}

void ActorNodeItem::layoutBadges()
{
    const auto& st = GraphStyle::instance();
    m_badges.clear();
    const auto add = [&](QChar letter, int n, const QBrush& brush) {
        if (n <= 0)
            return;
        Badge b;
        b.text = preparedText(letter + QString::number(n), st.badgeFont);
        b.brush = &brush;
        m_badges.push_back(std::move(b));
    };
    add(QLatin1Char('Q'), m_queued, st.queueBadgeBrush);
    add(QLatin1Char('W'), m_waitlisted, st.waitBadgeBrush);
    add(QLatin1Char('M'), m_mailbox, st.mailboxBadgeBrush);

    // One row centred over the body, overlapping its top edge like an app-icon badge.
    qreal total = 0;
    for (const Badge& b : m_badges)
        total += b.text.size().width() + 8;
    total += BadgeGap * std::max<qreal>(0, qreal(m_badges.size()) - 1);
    const qreal top = (m_kind == Kind::User ? -GraphStyle::UserHalfHeight : -R) - GraphStyle::BadgeHeight + 4;
    qreal x = -total / 2;
    for (Badge& b : m_badges) {
        const QSizeF ts = b.text.size();
        const qreal w = ts.width() + 8;
        b.pill.addRoundedRect(QRectF(x, top, w, GraphStyle::BadgeHeight), GraphStyle::BadgeHeight / 2,
            GraphStyle::BadgeHeight / 2);
        b.textPos = QPointF(x + 4, top + (GraphStyle::BadgeHeight - ts.height()) / 2);
        x += w + BadgeGap;
    }
}

void ActorNodeItem::setStats(u128 balance, uint64_t executions, Gas gasBurned)
{
    m_balance = balance;
    m_executions = executions;
    m_gasBurned = gasBurned;
}

void ActorNodeItem::setMembers(const QStringList& names)
{
    if (names == m_members)
        return;
    m_members = names;
    updateStateText();
    update();
}

void ActorNodeItem::setHighlighted(bool on)
{
    if (on == m_highlighted)
        return;
    m_highlighted = on;
    update();
}

void ActorNodeItem::setPinned(bool on)
{
    if (on == m_pinned)
        return;
    m_pinned = on;
    update();
}

QString ActorNodeItem::toolTipText() const
{
    QString t;
    const QString name = m_name.toHtmlEscaped();
    switch (m_kind) {
    case Kind::User:
        t = QStringLiteral("<b>%1</b> — user").arg(name);
        break;
    case Kind::Program:
        t = QStringLiteral("<b>%1</b> — program, <i>%2</i>").arg(name, GraphStyle::stateName(m_state));
        break;
    case Kind::Group: {
        t = QStringLiteral("<b>%1</b><br>").arg(name);
        QStringList shown = m_members.mid(0, 12);
        for (QString& s : shown)
            s = s.toHtmlEscaped();
        t += shown.join(QStringLiteral(", "));
        if (m_members.size() > shown.size())
            t += QStringLiteral(", … (%1 more)").arg(m_members.size() - shown.size());
        t += QStringLiteral("<br>queued: %1 · waitlist: %2").arg(m_queued).arg(m_waitlisted);
        t += QStringLiteral("<br><i>double-click to expand</i>");
        return t;
    }
    }
    t += QStringLiteral("<br><tt>0x%1</tt>").arg(QString::fromStdString(m_id.hex()));
    if (m_kind == Kind::Program) {
        t += QStringLiteral("<br>queued: %1 · waitlist: %2").arg(m_queued).arg(m_waitlisted);
        t += QStringLiteral("<br>executions: %1 · gas burned: %2").arg(m_executions).arg(formatGas(m_gasBurned));
        if (!m_creatorName.isEmpty())
            t += QStringLiteral("<br>created by: %1").arg(m_creatorName.toHtmlEscaped());
    } else {
        t += QStringLiteral("<br>mailbox: %1").arg(m_mailbox);
        if (m_queued)
            t += QStringLiteral(" · queued: %1").arg(m_queued);
    }
    t += QStringLiteral("<br>balance: %1").arg(QString::fromStdString(u128ToString(m_balance)));
    if (m_pinned)
        t += QStringLiteral("<br><i>pinned (placed by hand)</i>");
    return t;
}

void ActorNodeItem::addEdge(MessageEdgeItem* e)
{
    m_edges.push_back(e);
}

void ActorNodeItem::removeEdge(MessageEdgeItem* e)
{
    m_edges.erase(std::remove(m_edges.begin(), m_edges.end(), e), m_edges.end());
}

qreal ActorNodeItem::outlineDistance(const QPointF& towards) const
{
    if (m_kind != Kind::User)
        return R + 2;
    const qreal dx = std::abs(towards.x());
    const qreal dy = std::abs(towards.y());
    const qreal len = std::hypot(dx, dy);
    if (len < 1e-6)
        return GraphStyle::UserHalfWidth;
    const qreal tx = dx > 1e-9 ? GraphStyle::UserHalfWidth / (dx / len) : 1e9;
    const qreal ty = dy > 1e-9 ? GraphStyle::UserHalfHeight / (dy / len) : 1e9;
    return std::min(tx, ty) + 2;
}

QRectF ActorNodeItem::boundingRect() const
{
    // Badges and the highlight ring above, two label lines below; fixed so it never needs
    // prepareGeometryChange().
    const qreal half = GraphStyle::LabelWidth / 2 + 4;
    const qreal top = -R - GraphStyle::BadgeHeight - 6;
    const qreal bottom = R + LabelGap + NameHeight + StateHeight + 4;
    return QRectF(-half, top, 2 * half, bottom - top);
}

QPainterPath ActorNodeItem::shape() const
{
    const auto& st = GraphStyle::instance();
    QPainterPath p = m_kind == Kind::User ? st.userBody : st.programBody;
    // The name is part of the node: clicking or dragging it acts on the actor.
    const QSizeF ns = m_nameText.size();
    p.addRect(QRectF(-ns.width() / 2, R + LabelGap, ns.width(), NameHeight));
    return p;
}

void ActorNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const auto& st = GraphStyle::instance();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod * 2 * R < GraphStyle::MinVisiblePixels)
        return;
    const bool user = m_kind == Kind::User;

    if (m_highlighted) {
        painter->setPen(st.highlightPen);
        painter->setBrush(Qt::NoBrush);
        if (user)
            painter->drawPath(st.userHighlight);
        else
            painter->drawEllipse(QPointF(), R + 7, R + 7);
    }

    switch (m_kind) {
    case Kind::User:
        painter->setPen(st.userPen);
        painter->setBrush(st.userBrush);
        painter->drawPath(st.userBody);
        painter->setPen(st.userGlyphPen);
        painter->setBrush(st.userGlyphBrush);
        painter->drawPath(st.userGlyph);
        break;
    case Kind::Program: {
        painter->setPen(st.programPen[size_t(m_state)]);
        painter->setBrush(st.programBrush[size_t(m_state)]);
        painter->drawEllipse(QPointF(), R, R);
        if (m_state == ProgramState::Terminated) {
            painter->setPen(st.terminatedCross);
            const qreal c = R * 0.45;
            painter->drawLine(QPointF(-c, -c), QPointF(c, c));
            painter->drawLine(QPointF(-c, c), QPointF(c, -c));
        }
        break;
    }
    case Kind::Group:
        painter->setPen(st.groupPen);
        painter->setBrush(st.groupBackBrush);
        painter->drawEllipse(QPointF(8, -6), R, R);
        painter->drawEllipse(QPointF(4, -3), R, R);
        painter->setBrush(st.groupBrush);
        painter->drawEllipse(QPointF(), R, R);
        if (lod >= GraphStyle::MinLabelScale) {
            painter->setFont(st.groupCountFont);
            painter->setPen(st.labelPen);
            const QSizeF cs = m_groupCountText.size();
            painter->drawStaticText(QPointF(-cs.width() / 2, -cs.height() / 2), m_groupCountText);
        }
        break;
    }

    if (isSelected()) {
        painter->setPen(st.selectedPen);
        painter->setBrush(Qt::NoBrush);
        if (user)
            painter->drawPath(st.userSelected);
        else
            painter->drawEllipse(QPointF(), R + 3.5, R + 3.5);
    }
    if (m_pinned) {
        painter->setPen(st.pinnedPen);
        painter->setBrush(st.pinnedBrush);
        const QPointF at = user ? QPointF(-GraphStyle::UserHalfWidth + 6, -GraphStyle::UserHalfHeight + 6)
                                : QPointF(-R * 0.7, -R * 0.7);
        painter->drawEllipse(at, 3.5, 3.5);
    }

    for (const Badge& b : m_badges) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(*b.brush);
        painter->drawPath(b.pill);
    }
    // Text below ~4 px is noise and the most expensive thing to draw: skip it when zoomed out.
    if (lod < GraphStyle::MinLabelScale)
        return;
    painter->setPen(st.badgeTextPen);
    painter->setFont(st.badgeFont);
    for (const Badge& b : m_badges)
        painter->drawStaticText(b.textPos, b.text);

    const qreal bodyBottom = user ? GraphStyle::UserHalfHeight : R;
    const QSizeF ns = m_nameText.size();
    const QSizeF ss = m_stateText.size();
    // Edges run under nodes; a patch of background under the labels keeps them readable.
    painter->setPen(Qt::NoPen);
    painter->setBrush(st.background);
    const qreal labelWidth = std::max(ns.width(), ss.width()) + 6;
    painter->drawRect(QRectF(-labelWidth / 2, bodyBottom + LabelGap, labelWidth, NameHeight + StateHeight + 1));
    painter->setPen(st.labelPen);
    painter->setFont(st.labelFont);
    painter->drawStaticText(QPointF(-ns.width() / 2, bodyBottom + LabelGap), m_nameText);
    painter->setPen(st.stateLabelPen);
    painter->setFont(st.stateFont);
    painter->drawStaticText(QPointF(-ss.width() / 2, bodyBottom + LabelGap + NameHeight), m_stateText);
}

QVariant ActorNodeItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemPositionHasChanged) {
        for (MessageEdgeItem* e : m_edges)
            e->adjust();
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace Gearscope
