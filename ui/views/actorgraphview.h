// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "graphlayout.h"
#include "model/types.h"

#include <QGraphicsView>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

class QGraphicsEllipseItem;
class QVariantAnimation;

namespace Gearscope {

class ActorNodeItem;
class MessageEdgeItem;
struct Message;
struct StepRecord;
struct WorldState;

/** The actor graph (issue 5): one node per user and program, badges with each actor's queue,
 *  waitlist and mailbox counts, and one arrow per (sender, receiver) pair whose width and label
 *  grow with the number of messages sent so far.
 *
 *  Feeding it: setWorld() with each world snapshot (nodes appear as actors appear; actors absent
 *  from a later snapshot are hidden but keep their place), showStep() with each step (highlights
 *  the executing actor, counts the dispatched and generated messages, and animates the delivered
 *  one along its edge). Every message is counted once: a message seen as generated is not counted
 *  again when it is dispatched. After seeking backwards call clearMessages(); for a new session
 *  call clear().
 *
 *  Layout: GraphLayout places new nodes on free ring slots (programs made by another program next
 *  to their creator) and never moves existing ones; dragging a node pins it; tidyLayout() runs a
 *  force-directed relaxation on a worker thread and swaps the result in. Wheel zooms under the
 *  mouse, dragging the background pans, fitAll() (key 0) shows everything, +/- zoom.
 *
 *  Groups: a program's creator is the program whose step created it (StepRecord::createdPrograms)
 *  or, failing that, a program that sent its Init message; setCreator() lets a caller that knows
 *  better say so. Collapsing a creator's group draws all its children as one node (double-click a
 *  creator to collapse, the group to expand); messages to and from the children go to the group.
 *  One level only: a collapsed child's own children stay separate.
 *
 *  GUI thread only. */
class ActorGraphView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit ActorGraphView(QWidget* parent = nullptr);
    ~ActorGraphView() override;

    void setWorld(const WorldState& w);
    void showStep(const StepRecord& r);
    /// Forgets the edges and message counts (e.g. after seeking backwards).
    void clearMessages();
    /// Forgets everything: nodes, positions, pins, groups, messages (a new session or trace).
    void clear();

    void setSelectedActor(const std::optional<ActorId>& id);
    std::optional<ActorId> selectedActor() const;

    /// Shows only these actors (and edges between them); nullopt shows all.
    void setVisibleActors(std::optional<std::set<ActorId>> actors);
    const std::optional<std::set<ActorId>>& visibleActors() const { return m_filter; }

    void setCreator(const ActorId& child, const ActorId& creator);
    std::optional<ActorId> creatorOf(const ActorId& child) const;
    /// The programs created by `creator`, in the order they became known.
    std::vector<ActorId> childrenOf(const ActorId& creator) const;
    /// Collapses `creator`'s children into one group node (no-op without children).
    void setGroupCollapsed(const ActorId& creator, bool collapsed);
    bool isGroupCollapsed(const ActorId& creator) const { return m_collapsed.count(creator) > 0; }

    void setAnimationsEnabled(bool on);
    bool animationsEnabled() const { return m_animationsEnabled; }
    bool isAnimating() const;

    void setActorPinned(const ActorId& id, bool pinned);

    // ---- inspection (main window, tests) ----
    ActorNodeItem* nodeItem(const ActorId& id) const;
    /// The group node of a collapsed (or once collapsed) creator.
    ActorNodeItem* groupItem(const ActorId& creator) const;
    /// The node an actor is drawn as now: its own, or its collapsed group's.
    ActorNodeItem* representative(const ActorId& id) const;
    /// The drawn edge between the nodes representing `from` and `to`, if any.
    MessageEdgeItem* edgeItem(const ActorId& from, const ActorId& to) const;
    /// Messages counted from `from` to `to` (regardless of grouping and filtering).
    int messageCount(const ActorId& from, const ActorId& to) const;
    int nodeCount() const { return int(m_nodes.size()); }
    int visibleNodeCount() const;
    int edgeCount() const { return int(m_edges.size()); }
    QGraphicsEllipseItem* messageDot() const { return m_dot; }
    qreal zoom() const;

public Q_SLOTS:
    void fitAll();
    void zoomBy(qreal factor);
    /// Relaxes the layout off the UI thread (pinned nodes stay); emits layoutTidied() when applied.
    void tidyLayout();

Q_SIGNALS:
    /// The user clicked an actor's node.
    void actorSelected(const Gearscope::ActorId& id);
    void layoutTidied();

protected:
    bool viewportEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    using ActorSet = std::unordered_set<ActorId, IdHash<ActorTag>>;
    using NodePair = std::pair<ActorNodeItem*, ActorNodeItem*>;

    ActorNodeItem* nodeAt(const QPoint& viewportPos) const;
    ActorNodeItem* ensureGroupItem(const ActorId& creator);
    /// Counts one message; `dispatched` for the message a dispatch step delivered.
    MessageEdgeItem* countMessage(const Message& m, bool dispatched);
    MessageEdgeItem* addToEdge(ActorNodeItem* from, ActorNodeItem* to, int n);
    /// Recreates the drawn edges from the message counts (after grouping or new nodes).
    void rebuildEdges();
    void updateVisibility();
    void updateGroups();
    void updateSceneRect();
    void refreshLayoutObstacles();
    void stopFlight();
    bool passesFilter(const ActorId& id) const;
    void setHighlighted(ActorNodeItem* node);
    void setRecentEdge(MessageEdgeItem* edge);

    QGraphicsScene* m_scene;
    std::unordered_map<ActorId, ActorNodeItem*, IdHash<ActorTag>> m_nodes;
    std::vector<ActorNodeItem*> m_nodeOrder; ///< creation order, for deterministic iteration
    std::map<ActorId, ActorNodeItem*> m_groups; ///< by creator
    ActorSet m_users;
    std::map<ActorId, ActorId> m_creator; ///< child → creator
    std::map<ActorId, std::vector<ActorId>> m_children; ///< creator → children, in order
    std::set<ActorId> m_collapsed;
    std::optional<std::set<ActorId>> m_filter;

    std::map<std::pair<ActorId, ActorId>, int> m_messageCounts; ///< logical (source, destination) → count
    std::map<NodePair, MessageEdgeItem*> m_edges; ///< drawn edges between representatives
    /// Generated messages not yet dispatched: their dispatch must not count them twice.
    std::unordered_set<MessageId, IdHash<MessageTag>> m_inFlight;

    GraphLayout m_layout;
    bool m_layoutStale = false; ///< a node moved since the obstacles were recorded

    ActorNodeItem* m_highlighted = nullptr;
    MessageEdgeItem* m_recentEdge = nullptr;

    bool m_animationsEnabled = true;
    QVariantAnimation* m_flight;
    QGraphicsEllipseItem* m_dot;
    MessageEdgeItem* m_flightEdge = nullptr;

    ActorNodeItem* m_pressedNode = nullptr;
    QPointF m_pressedNodePos;

    uint64_t m_tidyGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_tidyCancel;
};

} // namespace Gearscope
