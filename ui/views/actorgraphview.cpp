// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actorgraphview.h"

#include "actornodeitem.h"
#include "graphstyle.h"
#include "messageedgeitem.h"
#include "runtime/steprecord.h"
#include "trace/worldstate.h"

#include <QFutureWatcher>
#include <QGraphicsEllipseItem>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QThread>
#include <QToolTip>
#include <QVariantAnimation>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <utility>

namespace Gearscope {

namespace {

constexpr int FlightMs = 450;
constexpr qreal MinZoom = 0.03;
constexpr qreal MaxZoom = 6.0;
constexpr qreal MaxFitZoom = 1.25; ///< fitAll() does not blow a small world up beyond this
constexpr qreal SceneMargin = 3000; ///< room to pan past the outermost node

} // namespace

ActorGraphView::ActorGraphView(QWidget* parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
    , m_flight(new QVariantAnimation(this))
{
    const auto& st = GraphStyle::instance();
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    // A step changes a handful of small, scattered items; Smart repaints their bounding region
    // instead of the whole viewport, and falls back to a full update when many change at once.
    setViewportUpdateMode(SmartViewportUpdate);
    // Items include their pen and label margins in boundingRect().
    setOptimizationFlag(DontAdjustForAntialiasing);
    setTransformationAnchor(AnchorViewCenter);
    setResizeAnchor(AnchorViewCenter);
    setDragMode(ScrollHandDrag);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(st.background);
    setFrameShape(QFrame::NoFrame);

    m_dot = new QGraphicsEllipseItem(-5.5, -5.5, 11, 11);
    m_dot->setBrush(st.flightBrush);
    m_dot->setPen(st.flightPen);
    m_dot->setZValue(0.5);
    m_dot->setAcceptedMouseButtons(Qt::NoButton);
    m_dot->hide();
    m_scene->addItem(m_dot);

    m_flight->setStartValue(0.0);
    m_flight->setEndValue(1.0);
    m_flight->setDuration(FlightMs);
    m_flight->setEasingCurve(QEasingCurve::InOutQuad);
    connect(m_flight, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        if (m_flightEdge)
            m_dot->setPos(m_flightEdge->pointAt(v.toReal()));
    });
    connect(m_flight, &QVariantAnimation::finished, this, [this] {
        m_flightEdge = nullptr;
        m_dot->hide();
    });
}

ActorGraphView::~ActorGraphView()
{
    if (m_tidyCancel)
        m_tidyCancel->store(true);
    clear();
}

// ---- feeding -------------------------------------------------------------------------------

void ActorGraphView::setWorld(const WorldState& w)
{
    Q_ASSERT(thread() == QThread::currentThread());
    std::unordered_map<ActorId, int, IdHash<ActorTag>> queued;
    std::unordered_map<ActorId, int, IdHash<ActorTag>> waitlisted;
    for (const QueuedDispatch& q : w.queue)
        ++queued[q.message.destination];
    for (const WaitlistEntry& e : w.waitlist)
        ++waitlisted[e.program];
    const auto countOf = [](const auto& map, const ActorId& id) {
        auto it = map.find(id);
        return it == map.end() ? 0 : it->second;
    };

    bool created = false;
    const auto obtain = [&](const ActorId& id, ActorNodeItem::Kind kind) {
        auto it = m_nodes.find(id);
        if (it != m_nodes.end())
            return it->second;
        if (!created)
            refreshLayoutObstacles();
        created = true;
        auto* node = new ActorNodeItem(kind, id);
        QPointF pos;
        if (kind == ActorNodeItem::Kind::User) {
            pos = m_layout.place(GraphLayout::Family::User);
        } else {
            std::optional<QPointF> anchor;
            auto c = m_creator.find(id);
            if (c != m_creator.end()) {
                if (ActorNodeItem* creator = nodeItem(c->second)) {
                    anchor = creator->pos();
                    node->setCreatorName(creator->name());
                }
            }
            pos = m_layout.place(GraphLayout::Family::Program, anchor);
        }
        node->setPos(pos);
        m_scene->addItem(node);
        m_nodes.emplace(id, node);
        m_nodeOrder.push_back(node);
        if (kind == ActorNodeItem::Kind::User)
            m_users.insert(id);
        return node;
    };

    ActorSet present;
    present.reserve(w.users.size() + w.programs.size());
    for (const UserSnapshot& u : w.users) {
        ActorNodeItem* node = obtain(u.id, ActorNodeItem::Kind::User);
        node->setName(u.name);
        auto mb = w.mailboxes.find(u.id);
        node->setCounts(countOf(queued, u.id), 0, mb == w.mailboxes.end() ? 0 : int(mb->second.size()));
        node->setStats(u.balance, 0, 0);
        present.insert(u.id);
    }
    for (const ProgramSnapshot& p : w.programs) {
        ActorNodeItem* node = obtain(p.id, ActorNodeItem::Kind::Program);
        node->setName(p.name);
        node->setProgramState(p.state);
        node->setCounts(countOf(queued, p.id), countOf(waitlisted, p.id), 0);
        node->setStats(p.balance, p.handled, p.gasBurned);
        present.insert(p.id);
    }

    bool presenceChanged = false;
    for (ActorNodeItem* node : m_nodeOrder) {
        const bool now = present.count(node->actorId()) > 0;
        if (node->isPresent() != now) {
            node->setPresent(now);
            presenceChanged = true;
        }
    }
    if (!m_groups.empty())
        updateGroups();
    if (created || presenceChanged)
        updateVisibility();
    if (created) {
        // Messages counted before their ends existed get their edges now.
        rebuildEdges();
        updateSceneRect();
    }
}

void ActorGraphView::showStep(const StepRecord& r)
{
    Q_ASSERT(thread() == QThread::currentThread());
    for (const ActorId& child : r.createdPrograms)
        if (!m_creator.count(child))
            setCreator(child, r.actor);

    MessageEdgeItem* delivered = nullptr;
    if (r.kind == StepKind::Dispatch) {
        if (r.dispatchKind == DispatchKind::Init && !m_creator.count(r.actor)) {
            // An Init sent by a program (not a user) means that program created the receiver.
            ActorNodeItem* src = nodeItem(r.message.source);
            if (src && src->kind() == ActorNodeItem::Kind::Program)
                setCreator(r.actor, r.message.source);
        }
        delivered = countMessage(r.message, true);
        // A waiting or re-queued dispatch comes back with the same id: it must not count again.
        if (r.outcome == Outcome::Wait || r.outcome == Outcome::AllowanceExceeded)
            m_inFlight.insert(r.message.id);
    }
    for (const Message& m : r.generated)
        countMessage(m, false);

    setHighlighted(representative(r.actor));
    setRecentEdge(delivered);
    if (m_animationsEnabled && delivered && delivered->isVisible() && isVisible()) {
        m_flight->stop();
        m_flightEdge = delivered;
        m_dot->setPos(delivered->pointAt(0));
        m_dot->show();
        m_flight->start();
    }
}

MessageEdgeItem* ActorGraphView::countMessage(const Message& m, bool dispatched)
{
    const auto existingEdge = [&]() -> MessageEdgeItem* {
        auto it = m_edges.find({ representative(m.source), representative(m.destination) });
        return it == m_edges.end() ? nullptr : it->second;
    };
    if (dispatched) {
        // Counted when it was generated; only find its edge for the animation.
        if (m_inFlight.erase(m.id) > 0)
            return existingEdge();
    } else if (!m_users.count(m.destination)) {
        // Messages to users end in a mailbox or the user log and are never dispatched. A delayed
        // message can be listed again by the task that sends it: count it once.
        if (!m_inFlight.insert(m.id).second)
            return existingEdge();
    }
    ++m_messageCounts[{ m.source, m.destination }];
    ActorNodeItem* a = representative(m.source);
    ActorNodeItem* b = representative(m.destination);
    if (!a || !b)
        return nullptr; // drawn by rebuildEdges() once both ends exist
    return addToEdge(a, b, 1);
}

MessageEdgeItem* ActorGraphView::addToEdge(ActorNodeItem* from, ActorNodeItem* to, int n)
{
    auto it = m_edges.find({ from, to });
    MessageEdgeItem* e;
    if (it != m_edges.end()) {
        e = it->second;
    } else {
        e = new MessageEdgeItem(from, to);
        m_scene->addItem(e);
        m_edges.emplace(NodePair { from, to }, e);
        if (from != to) {
            auto rev = m_edges.find({ to, from });
            if (rev != m_edges.end()) {
                rev->second->setCurved(true);
                e->setCurved(true);
            }
        }
        e->setVisible(from->isVisible() && to->isVisible());
    }
    e->setCount(e->count() + n);
    return e;
}

void ActorGraphView::rebuildEdges()
{
    std::map<NodePair, int> want;
    for (const auto& [pair, n] : m_messageCounts) {
        ActorNodeItem* a = representative(pair.first);
        ActorNodeItem* b = representative(pair.second);
        if (a && b)
            want[{ a, b }] += n;
    }
    for (auto it = m_edges.begin(); it != m_edges.end();) {
        if (want.count(it->first)) {
            ++it;
            continue;
        }
        if (it->second == m_recentEdge)
            m_recentEdge = nullptr;
        if (it->second == m_flightEdge)
            stopFlight();
        delete it->second;
        it = m_edges.erase(it);
    }
    for (const auto& [pair, n] : want) {
        auto it = m_edges.find(pair);
        if (it == m_edges.end())
            addToEdge(pair.first, pair.second, n);
        else
            it->second->setCount(n);
    }
    for (const auto& [pair, e] : m_edges) {
        e->setCurved(pair.first != pair.second && m_edges.count({ pair.second, pair.first }) > 0);
        e->setVisible(pair.first->isVisible() && pair.second->isVisible());
    }
}

void ActorGraphView::clearMessages()
{
    stopFlight();
    setRecentEdge(nullptr);
    setHighlighted(nullptr);
    for (const auto& [pair, e] : m_edges)
        delete e;
    m_edges.clear();
    m_messageCounts.clear();
    m_inFlight.clear();
}

void ActorGraphView::clear()
{
    clearMessages();
    if (m_tidyCancel)
        m_tidyCancel->store(true);
    ++m_tidyGeneration;
    m_pressedNode = nullptr;
    for (const auto& [creator, g] : m_groups)
        delete g;
    m_groups.clear();
    for (ActorNodeItem* node : m_nodeOrder)
        delete node;
    m_nodeOrder.clear();
    m_nodes.clear();
    m_users.clear();
    m_creator.clear();
    m_children.clear();
    m_collapsed.clear();
    m_layout.clear();
    m_layoutStale = false;
}

// ---- selection, filter, groups --------------------------------------------------------------

void ActorGraphView::setSelectedActor(const std::optional<ActorId>& id)
{
    if (selectedActor() == id)
        return;
    m_scene->clearSelection();
    if (id) {
        if (ActorNodeItem* node = nodeItem(*id))
            node->setSelected(true);
    }
}

std::optional<ActorId> ActorGraphView::selectedActor() const
{
    for (QGraphicsItem* item : m_scene->selectedItems())
        if (item->type() == ActorNodeItem::Type)
            return static_cast<ActorNodeItem*>(item)->actorId();
    return std::nullopt;
}

void ActorGraphView::setVisibleActors(std::optional<std::set<ActorId>> actors)
{
    if (actors == m_filter)
        return;
    m_filter = std::move(actors);
    updateVisibility();
}

bool ActorGraphView::passesFilter(const ActorId& id) const
{
    return !m_filter || m_filter->count(id) > 0;
}

void ActorGraphView::setCreator(const ActorId& child, const ActorId& creator)
{
    if (child == creator)
        return;
    bool regroup = isGroupCollapsed(creator);
    auto it = m_creator.find(child);
    if (it != m_creator.end()) {
        if (it->second == creator)
            return;
        regroup = regroup || isGroupCollapsed(it->second);
        auto& siblings = m_children[it->second];
        siblings.erase(std::remove(siblings.begin(), siblings.end(), child), siblings.end());
    }
    m_creator[child] = creator;
    m_children[creator].push_back(child);
    if (ActorNodeItem* node = nodeItem(child)) {
        ActorNodeItem* c = nodeItem(creator);
        node->setCreatorName(c ? c->name() : QString::fromStdString(creator.shortHex()));
    }
    if (regroup) {
        updateGroups();
        updateVisibility();
        rebuildEdges();
    }
}

std::optional<ActorId> ActorGraphView::creatorOf(const ActorId& child) const
{
    auto it = m_creator.find(child);
    if (it == m_creator.end())
        return std::nullopt;
    return it->second;
}

std::vector<ActorId> ActorGraphView::childrenOf(const ActorId& creator) const
{
    auto it = m_children.find(creator);
    return it == m_children.end() ? std::vector<ActorId>() : it->second;
}

void ActorGraphView::setGroupCollapsed(const ActorId& creator, bool collapsed)
{
    if (collapsed == isGroupCollapsed(creator))
        return;
    if (collapsed) {
        if (childrenOf(creator).empty())
            return;
        m_collapsed.insert(creator);
        ensureGroupItem(creator);
    } else {
        m_collapsed.erase(creator);
    }
    stopFlight();
    setHighlighted(nullptr);
    updateGroups();
    updateVisibility();
    rebuildEdges();
}

ActorNodeItem* ActorGraphView::ensureGroupItem(const ActorId& creator)
{
    auto it = m_groups.find(creator);
    if (it != m_groups.end())
        return it->second;
    auto* g = new ActorNodeItem(ActorNodeItem::Kind::Group, creator);
    // The first child's slot: free of other nodes, and where the eye last saw the family.
    QPointF pos;
    for (const ActorId& child : childrenOf(creator)) {
        if (ActorNodeItem* node = nodeItem(child)) {
            pos = node->pos();
            break;
        }
    }
    g->setPos(pos);
    m_scene->addItem(g);
    m_groups.emplace(creator, g);
    return g;
}

void ActorGraphView::updateGroups()
{
    for (const auto& [creator, g] : m_groups) {
        QStringList members;
        int queued = 0;
        int waitlisted = 0;
        for (const ActorId& child : childrenOf(creator)) {
            ActorNodeItem* node = nodeItem(child);
            if (!node || !node->isPresent())
                continue;
            members << node->name();
            queued += node->queuedCount();
            waitlisted += node->waitlistCount();
        }
        ActorNodeItem* c = nodeItem(creator);
        const QString creatorName = c ? c->name() : QString::fromStdString(creator.shortHex());
        g->setName(QStringLiteral("made by %1").arg(creatorName).toStdString());
        g->setMembers(members);
        g->setCounts(queued, waitlisted, 0);
    }
}

void ActorGraphView::updateVisibility()
{
    for (ActorNodeItem* node : m_nodeOrder) {
        bool grouped = false;
        if (!m_collapsed.empty()) {
            auto c = m_creator.find(node->actorId());
            grouped = c != m_creator.end() && m_collapsed.count(c->second);
        }
        node->setVisible(node->isPresent() && !grouped && passesFilter(node->actorId()));
    }
    for (const auto& [creator, g] : m_groups) {
        bool visible = false;
        if (isGroupCollapsed(creator)) {
            for (const ActorId& child : childrenOf(creator)) {
                ActorNodeItem* node = nodeItem(child);
                if (node && node->isPresent() && passesFilter(child)) {
                    visible = true;
                    break;
                }
            }
        }
        g->setVisible(visible);
    }
    for (const auto& [pair, e] : m_edges)
        e->setVisible(pair.first->isVisible() && pair.second->isVisible());
    if (m_flightEdge && !m_flightEdge->isVisible())
        stopFlight();
}

// ---- inspection -----------------------------------------------------------------------------

ActorNodeItem* ActorGraphView::nodeItem(const ActorId& id) const
{
    auto it = m_nodes.find(id);
    return it == m_nodes.end() ? nullptr : it->second;
}

ActorNodeItem* ActorGraphView::groupItem(const ActorId& creator) const
{
    auto it = m_groups.find(creator);
    return it == m_groups.end() ? nullptr : it->second;
}

ActorNodeItem* ActorGraphView::representative(const ActorId& id) const
{
    ActorNodeItem* node = nodeItem(id);
    if (!node || m_collapsed.empty())
        return node;
    auto c = m_creator.find(id);
    if (c != m_creator.end() && m_collapsed.count(c->second))
        return groupItem(c->second);
    return node;
}

MessageEdgeItem* ActorGraphView::edgeItem(const ActorId& from, const ActorId& to) const
{
    auto it = m_edges.find({ representative(from), representative(to) });
    return it == m_edges.end() ? nullptr : it->second;
}

int ActorGraphView::messageCount(const ActorId& from, const ActorId& to) const
{
    auto it = m_messageCounts.find({ from, to });
    return it == m_messageCounts.end() ? 0 : it->second;
}

int ActorGraphView::visibleNodeCount() const
{
    int n = 0;
    for (ActorNodeItem* node : m_nodeOrder)
        n += node->isVisible();
    for (const auto& [creator, g] : m_groups)
        n += g->isVisible();
    return n;
}

qreal ActorGraphView::zoom() const
{
    return transform().m11();
}

void ActorGraphView::setActorPinned(const ActorId& id, bool pinned)
{
    if (ActorNodeItem* node = nodeItem(id))
        node->setPinned(pinned);
}

// ---- highlight and animation ------------------------------------------------------------------

void ActorGraphView::setHighlighted(ActorNodeItem* node)
{
    if (node == m_highlighted)
        return;
    if (m_highlighted)
        m_highlighted->setHighlighted(false);
    m_highlighted = node;
    if (node)
        node->setHighlighted(true);
}

void ActorGraphView::setRecentEdge(MessageEdgeItem* edge)
{
    if (edge == m_recentEdge)
        return;
    if (m_recentEdge)
        m_recentEdge->setRecent(false);
    m_recentEdge = edge;
    if (edge)
        edge->setRecent(true);
}

void ActorGraphView::setAnimationsEnabled(bool on)
{
    m_animationsEnabled = on;
    if (!on)
        stopFlight();
}

bool ActorGraphView::isAnimating() const
{
    return m_flight->state() == QAbstractAnimation::Running;
}

void ActorGraphView::stopFlight()
{
    m_flight->stop();
    m_flightEdge = nullptr;
    m_dot->hide();
}

// ---- layout and navigation --------------------------------------------------------------------

void ActorGraphView::refreshLayoutObstacles()
{
    if (!m_layoutStale)
        return;
    m_layout.clear();
    for (ActorNodeItem* node : m_nodeOrder)
        m_layout.occupy(node->pos());
    for (const auto& [creator, g] : m_groups)
        m_layout.occupy(g->pos());
    m_layoutStale = false;
}

void ActorGraphView::updateSceneRect()
{
    QRectF r;
    for (ActorNodeItem* node : m_nodeOrder)
        r |= QRectF(node->pos(), QSizeF(1, 1));
    for (const auto& [creator, g] : m_groups)
        r |= QRectF(g->pos(), QSizeF(1, 1));
    setSceneRect(r.adjusted(-SceneMargin, -SceneMargin, SceneMargin, SceneMargin));
}

void ActorGraphView::fitAll()
{
    QRectF r;
    for (ActorNodeItem* node : m_nodeOrder)
        if (node->isVisible())
            r |= node->sceneBoundingRect();
    for (const auto& [creator, g] : m_groups)
        if (g->isVisible())
            r |= g->sceneBoundingRect();
    if (r.isNull())
        return;
    r.adjust(-16, -16, 16, 16);
    fitInView(r, Qt::KeepAspectRatio);
    if (zoom() > MaxFitZoom) {
        setTransform(QTransform::fromScale(MaxFitZoom, MaxFitZoom));
        centerOn(r.center());
    }
}

void ActorGraphView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, MinZoom, MaxZoom);
    const qreal f = target / zoom();
    if (!qFuzzyCompare(f, 1.0))
        scale(f, f);
}

void ActorGraphView::tidyLayout()
{
    GraphLayout::TidyInput in;
    std::vector<ActorNodeItem*> nodes;
    std::map<ActorNodeItem*, int> index;
    const auto add = [&](ActorNodeItem* node) {
        if (!node->isVisible())
            return;
        index[node] = int(nodes.size());
        nodes.push_back(node);
        in.positions.push_back(node->pos());
        in.pinned.push_back(node->isPinned());
    };
    for (ActorNodeItem* node : m_nodeOrder)
        add(node);
    for (const auto& [creator, g] : m_groups)
        add(g);
    for (const auto& [pair, e] : m_edges) {
        auto a = index.find(pair.first);
        auto b = index.find(pair.second);
        if (a != index.end() && b != index.end())
            in.edges.emplace_back(a->second, b->second);
    }

    // Latest request wins (9.4.3): an older job is cancelled and its result, if any, dropped.
    if (m_tidyCancel)
        m_tidyCancel->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_tidyCancel = cancel;
    const uint64_t generation = ++m_tidyGeneration;

    // A watcher owned by the view rather than then(this, …): in Qt 6.4 a continuation whose
    // context dies first asserts, while a dead watcher simply never reports.
    auto* watcher = new QFutureWatcher<std::vector<QPointF>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, nodes = std::move(nodes)] {
        watcher->deleteLater();
        if (generation != m_tidyGeneration)
            return;
        const std::vector<QPointF> result = watcher->result();
        for (size_t i = 0; i < nodes.size() && i < result.size(); ++i)
            if (!nodes[i]->isPinned())
                nodes[i]->setPos(result[i]);
        m_layoutStale = true;
        updateSceneRect();
        Q_EMIT layoutTidied();
    });
    watcher->setFuture(QtConcurrent::run([in = std::move(in), cancel] { return GraphLayout::tidy(in, cancel.get()); }));
}

// ---- events ---------------------------------------------------------------------------------

ActorNodeItem* ActorGraphView::nodeAt(const QPoint& viewportPos) const
{
    for (QGraphicsItem* item : items(viewportPos))
        if (item->type() == ActorNodeItem::Type)
            return static_cast<ActorNodeItem*>(item);
    return nullptr;
}

bool ActorGraphView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        // Built on hover (9.3.8): nothing is formatted for nodes nobody points at.
        auto* he = static_cast<QHelpEvent*>(event);
        for (QGraphicsItem* item : items(he->pos())) {
            QString text;
            if (item->type() == ActorNodeItem::Type)
                text = static_cast<ActorNodeItem*>(item)->toolTipText();
            else if (item->type() == MessageEdgeItem::Type)
                text = static_cast<MessageEdgeItem*>(item)->toolTipText();
            else
                continue;
            QToolTip::showText(he->globalPos(), text, viewport());
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

void ActorGraphView::wheelEvent(QWheelEvent* event)
{
    // Anchored by hand rather than with AnchorUnderMouse, which follows QCursor::pos() and so
    // misses wheel events that did not come from the real pointer (tests, touchpads over popups).
    const QPointF at = event->position();
    const QPointF scenePoint = mapToScene(at.toPoint());
    const auto anchor = transformationAnchor();
    setTransformationAnchor(NoAnchor);
    // 120 units per notch: one notch zooms by about 20 %.
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    setTransformationAnchor(anchor);
    const QPointF drift = mapFromScene(scenePoint) - at;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(drift.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(drift.y()));
    event->accept();
}

void ActorGraphView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(0.8);
        return;
    case Qt::Key_0:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void ActorGraphView::mousePressEvent(QMouseEvent* event)
{
    m_pressedNode = event->button() == Qt::LeftButton ? nodeAt(event->pos()) : nullptr;
    if (m_pressedNode)
        m_pressedNodePos = m_pressedNode->pos();
    QGraphicsView::mousePressEvent(event);
}

void ActorGraphView::mouseReleaseEvent(QMouseEvent* event)
{
    QGraphicsView::mouseReleaseEvent(event);
    ActorNodeItem* node = std::exchange(m_pressedNode, nullptr);
    if (!node || event->button() != Qt::LeftButton)
        return;
    if (node->pos() != m_pressedNodePos) {
        // Placed by hand: keep it there through tidies, and keep new nodes off its new spot.
        node->setPinned(true);
        m_layoutStale = true;
        updateSceneRect();
        return;
    }
    if (node->kind() != ActorNodeItem::Kind::Group)
        Q_EMIT actorSelected(node->actorId());
}

void ActorGraphView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (ActorNodeItem* node = event->button() == Qt::LeftButton ? nodeAt(event->pos()) : nullptr) {
        if (node->kind() == ActorNodeItem::Kind::Group)
            setGroupCollapsed(node->actorId(), false);
        else if (!childrenOf(node->actorId()).empty())
            setGroupCollapsed(node->actorId(), true);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

} // namespace Gearscope
