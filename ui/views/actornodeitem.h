// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"
#include "runtime/runtimetypes.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStaticText>

#include <string>
#include <vector>

namespace Gearscope {

class MessageEdgeItem;

/** One actor on the graph: a user (rounded box with a person), a program (circle coloured and
 *  lined by its state, with the state written under the name) or a collapsed group of programs
 *  made by the same creator (stacked circles with the count).
 *
 *  Above the body, badges show the queued messages addressed to the actor (Q), its waitlist (W)
 *  and, for users, its mailbox (M). Everything painted is prepared when the data changes (static
 *  texts, badge paths); paint() only draws interned pens and brushes (GraphStyle).
 *
 *  Owned by the view's scene; GUI thread only. */
class ActorNodeItem : public QGraphicsItem
{
public:
    enum class Kind { User, Program, Group };
    enum { Type = UserType + 1 };

    /// For Group, `id` is the creator's id.
    ActorNodeItem(Kind kind, const ActorId& id);
    ~ActorNodeItem() override;

    int type() const override { return Type; }
    Kind kind() const { return m_kind; }
    const ActorId& actorId() const { return m_id; }

    /// Returns true if the name changed.
    bool setName(const std::string& name);
    QString name() const { return m_name; }

    void setProgramState(ProgramState s);
    ProgramState programState() const { return m_state; }
    /// What the label under the name says: the state for programs, "user", or "N programs" for a group.
    QString stateLabel() const { return m_stateText.text(); }

    void setCounts(int queued, int waitlisted, int mailbox);
    int queuedCount() const { return m_queued; }
    int waitlistCount() const { return m_waitlisted; }
    int mailboxCount() const { return m_mailbox; }

    /// Figures shown only in the tooltip (built on hover).
    void setStats(u128 balance, uint64_t executions, Gas gasBurned);
    void setCreatorName(const QString& creator) { m_creatorName = creator; }
    QString creatorName() const { return m_creatorName; }
    /// Group only: names of the members, for the label and the tooltip.
    void setMembers(const QStringList& names);
    int memberCount() const { return m_members.size(); }

    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }
    /// A pinned node was placed by hand: the tidy leaves it alone. Shown as a small pin.
    void setPinned(bool on);
    bool isPinned() const { return m_pinned; }
    /// Present in the current world (absent nodes are hidden but keep their place).
    void setPresent(bool on) { m_present = on; }
    bool isPresent() const { return m_present; }

    QString toolTipText() const;

    void addEdge(MessageEdgeItem* e);
    void removeEdge(MessageEdgeItem* e);
    const std::vector<MessageEdgeItem*>& edges() const { return m_edges; }
    /// Distance from the centre to the body's outline in the direction of `towards` (for edge ends).
    qreal outlineDistance(const QPointF& towards) const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    void updateStateText();
    void layoutBadges();

    struct Badge
    {
        QStaticText text;
        QPainterPath pill;
        QPointF textPos;
        const QBrush* brush = nullptr;
    };

    Kind m_kind;
    ActorId m_id;
    std::string m_rawName;
    QString m_name;
    QStaticText m_nameText;
    QStaticText m_stateText;
    QStaticText m_groupCountText;
    ProgramState m_state = ProgramState::Uninitialized;
    int m_queued = 0;
    int m_waitlisted = 0;
    int m_mailbox = 0;
    std::vector<Badge> m_badges;
    u128 m_balance = 0;
    uint64_t m_executions = 0;
    Gas m_gasBurned = 0;
    QString m_creatorName;
    QStringList m_members;
    bool m_highlighted = false;
    bool m_pinned = false;
    bool m_present = true;
    std::vector<MessageEdgeItem*> m_edges;
};

} // namespace Gearscope
