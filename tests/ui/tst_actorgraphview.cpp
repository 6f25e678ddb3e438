// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The actor graph (issue 5): GraphLayout's slots and placement as plain data, then the view fed
// with hand-made worlds and steps — nodes, badges, states, edges and weights, highlight, layout
// stability, selection by click, filter, groups, drag-to-pin, a 200-actor run — and finally a
// real scenario rendered to <build>/screenshots/graph.png (and docs/screenshots/graph.png when
// GEARSCOPE_UPDATE_SCREENSHOTS is set).
#include "scenario/scenario.h"
#include "trace/worldstate.h"
#include "views/actorgraphview.h"
#include "views/actornodeitem.h"
#include "views/graphlayout.h"
#include "views/messageedgeitem.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsEllipseItem>
#include <QImage>
#include <QLineF>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <cstdio>

using namespace Gearscope;

namespace {

ActorId programId(int n) { return ActorId::fromU64(uint64_t(n) + 1); }

ActorId userId(int n) { return ActorId::fromU64(uint64_t(1) << 40 | uint64_t(n)); }

MessageId messageId(uint64_t n) { return MessageId::fromU64(n + 1); }

UserSnapshot user(int n)
{
    UserSnapshot u;
    u.id = userId(n);
    u.name = "user" + std::to_string(n);
    return u;
}

ProgramSnapshot program(int n, ProgramState state = ProgramState::Active)
{
    ProgramSnapshot p;
    p.id = programId(n);
    p.name = "prog" + std::to_string(n);
    p.state = state;
    return p;
}

WorldState world(int users, int programs)
{
    WorldState w;
    for (int i = 0; i < users; ++i)
        w.users.push_back(user(i));
    for (int i = 0; i < programs; ++i)
        w.programs.push_back(program(i));
    return w;
}

Message message(uint64_t id, const ActorId& from, const ActorId& to)
{
    Message m;
    m.id = messageId(id);
    m.source = from;
    m.destination = to;
    return m;
}

StepRecord dispatch(const Message& m, std::vector<Message> generated = {})
{
    StepRecord r;
    r.kind = StepKind::Dispatch;
    r.dispatchKind = DispatchKind::Handle;
    r.message = m;
    r.actor = m.destination;
    r.generated = std::move(generated);
    return r;
}

QPointF viewPoint(ActorGraphView& view, const QGraphicsItem* item) { return view.mapFromScene(item->scenePos()); }

} // namespace

class tst_ActorGraphView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- GraphLayout (plain data) ----
    void spreadOrder_data();
    void spreadOrder();
    void slotRadius_data();
    void slotRadius();
    void slotsAreApart();
    void placementSkipsOccupied();
    void placementIsDeterministic();
    void placementNearAnchor();
    void tidyKeepsPinnedAndSeparates();
    void tidyCancels();

    // ---- the view ----
    void nodesAndKinds();
    void badges();
    void programState_data();
    void programState();
    void layoutStableAsActorsAppear();
    void absentActorsHideAndReturn();
    void edgesAndWeights();
    void edgeWidth_data();
    void edgeWidth();
    void reverseEdgesCurve();
    void edgesWaitForTheirNodes();
    void highlightFollowsStep();
    void animation();
    void clickSelects();
    void setSelectedActorDoesNotSignal();
    void filterHidesNodes();
    void groupsCollapse();
    void creatorFromInit();
    void dragPinsNode();
    void tidyRunsAndKeepsPins();
    void wheelZooms();
    void tooltipsBuiltOnDemand();
    void performance200();
    void screenshot();
};

// ---- GraphLayout -----------------------------------------------------------------------------

void tst_ActorGraphView::spreadOrder_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<std::vector<int>>("order");
    QTest::addRow("one") << 1 << std::vector<int> { 0 };
    QTest::addRow("two") << 2 << std::vector<int> { 0, 1 };
    QTest::addRow("four: halves then quarters") << 4 << std::vector<int> { 0, 2, 1, 3 };
    QTest::addRow("six: not a power of two") << 6 << std::vector<int> { 0, 3, 1, 4, 2, 5 };
}

void tst_ActorGraphView::spreadOrder()
{
    QFETCH(int, capacity);
    QFETCH(std::vector<int>, order);
    QCOMPARE(GraphLayout::spreadOrder(capacity), order);
    // Any capacity gives a permutation.
    for (int c = 1; c < 80; ++c) {
        auto o = GraphLayout::spreadOrder(c);
        std::sort(o.begin(), o.end());
        QCOMPARE(int(o.size()), c);
        for (int i = 0; i < c; ++i)
            QCOMPARE(o[size_t(i)], i);
    }
}

void tst_ActorGraphView::slotRadius_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("index");
    QTest::addColumn<double>("radius");
    const int program = int(GraphLayout::Family::Program);
    const int userFamily = int(GraphLayout::Family::User);
    const int ring1 = GraphLayout::ringCapacity(GraphLayout::Family::Program, 1);
    QTest::addRow("first program at the centre") << program << 0 << 0.0;
    QTest::addRow("second program on ring 1") << program << 1 << GraphLayout::RingStep;
    QTest::addRow("last slot of ring 1") << program << ring1 << GraphLayout::RingStep;
    QTest::addRow("first slot of ring 2") << program << ring1 + 1 << 2 * GraphLayout::RingStep;
    QTest::addRow("first user on the user ring") << userFamily << 0 << GraphLayout::UserRingRadius;
    const int userRing0 = GraphLayout::ringCapacity(GraphLayout::Family::User, 0);
    QTest::addRow("users overflow outwards")
        << userFamily << userRing0 << GraphLayout::UserRingRadius + GraphLayout::RingStep;
}

void tst_ActorGraphView::slotRadius()
{
    QFETCH(int, family);
    QFETCH(int, index);
    QFETCH(double, radius);
    const QPointF p = GraphLayout::slot(GraphLayout::Family(family), index);
    QVERIFY2(std::abs(std::hypot(p.x(), p.y()) - radius) < 0.05,
        qPrintable(QStringLiteral("(%1, %2)").arg(p.x()).arg(p.y())));
}

void tst_ActorGraphView::slotsAreApart()
{
    for (auto family : { GraphLayout::Family::Program, GraphLayout::Family::User }) {
        std::vector<QPointF> pts;
        for (int i = 0; i < 150; ++i)
            pts.push_back(GraphLayout::slot(family, i));
        for (size_t i = 0; i < pts.size(); ++i)
            for (size_t j = i + 1; j < pts.size(); ++j)
                QVERIFY2(QLineF(pts[i], pts[j]).length() >= GraphLayout::MinGap, qPrintable(QString::number(i)));
    }
}

void tst_ActorGraphView::placementSkipsOccupied()
{
    GraphLayout layout;
    layout.occupy(QPointF(3, -4)); // a node dragged near the centre takes the first program slot
    const QPointF p = layout.place(GraphLayout::Family::Program);
    QCOMPARE(p, GraphLayout::slot(GraphLayout::Family::Program, 1));
    QVERIFY(!layout.isFree(p));
    QCOMPARE(layout.occupiedCount(), 2);

    // Programs crowding into the user ring skip the users' places.
    GraphLayout mixed;
    std::vector<QPointF> placed;
    for (int i = 0; i < 6; ++i)
        placed.push_back(mixed.place(GraphLayout::Family::User));
    for (int i = 0; i < 80; ++i)
        placed.push_back(mixed.place(GraphLayout::Family::Program));
    for (size_t i = 0; i < placed.size(); ++i)
        for (size_t j = i + 1; j < placed.size(); ++j)
            QVERIFY(QLineF(placed[i], placed[j]).length() >= GraphLayout::MinGap);
}

void tst_ActorGraphView::placementIsDeterministic()
{
    const auto run = [] {
        GraphLayout l;
        std::vector<QPointF> out;
        for (int i = 0; i < 40; ++i)
            out.push_back(l.place(i % 5 == 0 ? GraphLayout::Family::User : GraphLayout::Family::Program,
                i % 7 == 3 ? std::optional<QPointF>(QPointF(200, 100)) : std::nullopt));
        return out;
    };
    QCOMPARE(run(), run());
}

void tst_ActorGraphView::placementNearAnchor()
{
    GraphLayout layout;
    for (int i = 0; i < 7; ++i)
        layout.place(GraphLayout::Family::Program);
    const QPointF creator = GraphLayout::slot(GraphLayout::Family::Program, 3);
    const QPointF child = layout.place(GraphLayout::Family::Program, creator);
    const QPointF plain = GraphLayout::slot(GraphLayout::Family::Program, 7);
    QVERIFY(QLineF(child, creator).length() <= QLineF(plain, creator).length());
    QVERIFY(QLineF(child, creator).length() < 2.2 * GraphLayout::RingStep);
}

void tst_ActorGraphView::tidyKeepsPinnedAndSeparates()
{
    GraphLayout::TidyInput in;
    in.positions = { QPointF(0, 0), QPointF(0, 0), QPointF(5, 0), QPointF(400, 0) };
    in.pinned = { true, false, false, true };
    in.edges = { { 0, 1 }, { 1, 2 }, { 2, 3 } };
    const auto out = GraphLayout::tidy(in);
    QCOMPARE(out.size(), size_t(4));
    QCOMPARE(out[0], QPointF(0, 0));
    QCOMPARE(out[3], QPointF(400, 0));
    QVERIFY(QLineF(out[1], out[0]).length() > GraphLayout::NodeSpacing * 0.4);
    QVERIFY(QLineF(out[1], out[2]).length() > GraphLayout::NodeSpacing * 0.4);
    QCOMPARE(GraphLayout::tidy(in), out); // deterministic
}

void tst_ActorGraphView::tidyCancels()
{
    GraphLayout::TidyInput in;
    in.positions = { QPointF(0, 0), QPointF(1, 0) };
    in.pinned = { false, false };
    std::atomic<bool> cancel { true };
    QCOMPARE(GraphLayout::tidy(in, &cancel), in.positions);
}

// ---- the view ----------------------------------------------------------------------------------

void tst_ActorGraphView::nodesAndKinds()
{
    ActorGraphView view;
    view.setWorld(world(3, 4));
    QCOMPARE(view.nodeCount(), 7);
    QCOMPARE(view.visibleNodeCount(), 7);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(view.nodeItem(userId(i)));
        QCOMPARE(view.nodeItem(userId(i))->kind(), ActorNodeItem::Kind::User);
        QCOMPARE(view.nodeItem(userId(i))->name(), QStringLiteral("user%1").arg(i));
    }
    for (int i = 0; i < 4; ++i)
        QCOMPARE(view.nodeItem(programId(i))->kind(), ActorNodeItem::Kind::Program);
    // The same world again reuses the items.
    ActorNodeItem* before = view.nodeItem(programId(2));
    view.setWorld(world(3, 4));
    QCOMPARE(view.nodeCount(), 7);
    QCOMPARE(view.nodeItem(programId(2)), before);
}

void tst_ActorGraphView::badges()
{
    ActorGraphView view;
    WorldState w = world(2, 3);
    for (uint64_t i = 0; i < 3; ++i)
        w.queue.push_back(QueuedDispatch { DispatchKind::Handle, message(i, userId(0), programId(1)), 0, false });
    w.queue.push_back(QueuedDispatch { DispatchKind::Handle, message(9, userId(0), programId(2)), 0, false });
    for (uint64_t i = 0; i < 2; ++i) {
        WaitlistEntry e {};
        e.program = programId(2);
        e.message = message(20 + i, userId(1), programId(2));
        w.waitlist.push_back(e);
    }
    w.mailboxes[userId(1)] = { MailboxEntry { message(30, programId(0), userId(1)), 1, 100 },
        MailboxEntry { message(31, programId(1), userId(1)), 1, 100 } };
    view.setWorld(w);

    QCOMPARE(view.nodeItem(programId(0))->queuedCount(), 0);
    QCOMPARE(view.nodeItem(programId(1))->queuedCount(), 3);
    QCOMPARE(view.nodeItem(programId(2))->queuedCount(), 1);
    QCOMPARE(view.nodeItem(programId(2))->waitlistCount(), 2);
    QCOMPARE(view.nodeItem(userId(1))->mailboxCount(), 2);
    QCOMPARE(view.nodeItem(userId(0))->mailboxCount(), 0);
    QVERIFY(view.nodeItem(userId(1))->toolTipText().contains(QStringLiteral("mailbox: 2")));
    QVERIFY(view.nodeItem(programId(2))->toolTipText().contains(QStringLiteral("waitlist: 2")));

    // Counts follow the next world.
    w.queue.clear();
    w.waitlist.clear();
    view.setWorld(w);
    QCOMPARE(view.nodeItem(programId(1))->queuedCount(), 0);
    QCOMPARE(view.nodeItem(programId(2))->waitlistCount(), 0);
}

void tst_ActorGraphView::programState_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("label");
    QTest::addRow("uninitialized") << int(ProgramState::Uninitialized) << QStringLiteral("uninitialized");
    QTest::addRow("active") << int(ProgramState::Active) << QStringLiteral("active");
    QTest::addRow("exited") << int(ProgramState::Exited) << QStringLiteral("exited");
    QTest::addRow("terminated") << int(ProgramState::Terminated) << QStringLiteral("terminated");
}

void tst_ActorGraphView::programState()
{
    QFETCH(int, state);
    QFETCH(QString, label);
    ActorGraphView view;
    WorldState w = world(1, 2);
    w.programs[1].state = ProgramState(state);
    view.setWorld(w);
    ActorNodeItem* node = view.nodeItem(programId(1));
    QCOMPARE(node->programState(), ProgramState(state));
    QCOMPARE(node->stateLabel(), label);
    QVERIFY(node->toolTipText().contains(label));
    QCOMPARE(view.nodeItem(userId(0))->stateLabel(), QStringLiteral("user"));
}

void tst_ActorGraphView::layoutStableAsActorsAppear()
{
    ActorGraphView view;
    view.setWorld(world(2, 2));
    std::map<ActorId, QPointF> before;
    for (int i = 0; i < 2; ++i) {
        before[userId(i)] = view.nodeItem(userId(i))->pos();
        before[programId(i)] = view.nodeItem(programId(i))->pos();
    }
    for (int n = 3; n <= 40; n += 5) {
        view.setWorld(world(n / 4 + 2, n));
        for (const auto& [id, pos] : before)
            QCOMPARE(view.nodeItem(id)->pos(), pos);
    }
    // No two nodes overlap.
    const WorldState w = world(12, 40);
    view.setWorld(w);
    std::vector<QPointF> all;
    for (const auto& u : w.users)
        all.push_back(view.nodeItem(u.id)->pos());
    for (const auto& p : w.programs)
        all.push_back(view.nodeItem(p.id)->pos());
    for (size_t i = 0; i < all.size(); ++i)
        for (size_t j = i + 1; j < all.size(); ++j)
            QVERIFY(QLineF(all[i], all[j]).length() >= GraphLayout::MinGap);

    // The same sequence of worlds gives the same picture.
    ActorGraphView again;
    again.setWorld(world(2, 2));
    for (int n = 3; n <= 40; n += 5)
        again.setWorld(world(n / 4 + 2, n));
    again.setWorld(w);
    for (const auto& p : w.programs)
        QCOMPARE(again.nodeItem(p.id)->pos(), view.nodeItem(p.id)->pos());
}

void tst_ActorGraphView::absentActorsHideAndReturn()
{
    ActorGraphView view;
    view.setWorld(world(1, 3));
    const QPointF pos = view.nodeItem(programId(2))->pos();
    view.setWorld(world(1, 2)); // e.g. seeking back to before it was created
    QCOMPARE(view.nodeCount(), 4);
    QVERIFY(!view.nodeItem(programId(2))->isVisible());
    view.setWorld(world(1, 3));
    QVERIFY(view.nodeItem(programId(2))->isVisible());
    QCOMPARE(view.nodeItem(programId(2))->pos(), pos);
}

void tst_ActorGraphView::edgesAndWeights()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(1, 3));
    const ActorId alice = userId(0);
    const ActorId a = programId(0);
    const ActorId b = programId(1);

    view.showStep(dispatch(message(1, alice, a)));
    QCOMPARE(view.edgeCount(), 1);
    QVERIFY(view.edgeItem(alice, a));
    QCOMPARE(view.edgeItem(alice, a)->count(), 1);
    QCOMPARE(view.edgeItem(alice, a)->penWidth(), 1);

    // a sends b three messages and replies to alice; then b receives them: counted once each.
    view.showStep(dispatch(
        message(2, alice, a), { message(10, a, b), message(11, a, b), message(12, a, b), message(13, a, alice) }));
    QCOMPARE(view.messageCount(alice, a), 2);
    QCOMPARE(view.messageCount(a, b), 3);
    QCOMPARE(view.messageCount(a, alice), 1);
    for (uint64_t id = 10; id <= 12; ++id)
        view.showStep(dispatch(message(id, a, b)));
    QCOMPARE(view.messageCount(a, b), 3);
    QCOMPARE(view.edgeItem(a, b)->count(), 3);
    QCOMPARE(view.edgeItem(a, b)->penWidth(), MessageEdgeItem::widthForCount(3));
    QCOMPARE(view.edgeCount(), 3);
    QVERIFY(view.edgeItem(a, b)->isRecent());
    QVERIFY(!view.edgeItem(alice, a)->isRecent());
    QVERIFY(view.edgeItem(a, b)->toolTipText().contains(QStringLiteral("3 messages")));

    // A message that waited is dispatched again with the same id: still one message.
    StepRecord waits = dispatch(message(40, alice, b));
    waits.outcome = Outcome::Wait;
    view.showStep(waits);
    view.showStep(dispatch(message(40, alice, b)));
    QCOMPARE(view.messageCount(alice, b), 1);

    // A delayed message listed again by the task that sends it: still one message.
    StepRecord task;
    task.kind = StepKind::Task;
    task.taskKind = TaskKind::SendDispatch;
    task.actor = a;
    view.showStep(dispatch(message(60, alice, a), { message(61, a, b) }));
    task.generated = { message(61, a, b) };
    view.showStep(task);
    view.showStep(dispatch(message(61, a, b)));
    QCOMPARE(view.messageCount(a, b), 4);

    // Self-sends are loops.
    view.showStep(dispatch(message(50, b, b)));
    QVERIFY(view.edgeItem(b, b));
    QVERIFY(!view.edgeItem(b, b)->boundingRect().isEmpty());

    view.clearMessages();
    QCOMPARE(view.edgeCount(), 0);
    QCOMPARE(view.messageCount(a, b), 0);
}

void tst_ActorGraphView::edgeWidth_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("width");
    QTest::addRow("one message") << 1 << 1;
    QTest::addRow("two") << 2 << 2;
    QTest::addRow("three") << 3 << 2;
    QTest::addRow("four") << 4 << 3;
    QTest::addRow("sixteen") << 16 << 5;
    QTest::addRow("capped") << 100000 << 6;
}

void tst_ActorGraphView::edgeWidth()
{
    QFETCH(int, count);
    QFETCH(int, width);
    QCOMPARE(MessageEdgeItem::widthForCount(count), width);
}

void tst_ActorGraphView::reverseEdgesCurve()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(0, 2));
    view.showStep(dispatch(message(1, programId(0), programId(1))));
    QVERIFY(!view.edgeItem(programId(0), programId(1))->isCurved());
    view.showStep(dispatch(message(2, programId(1), programId(0))));
    QVERIFY(view.edgeItem(programId(0), programId(1))->isCurved());
    QVERIFY(view.edgeItem(programId(1), programId(0))->isCurved());
}

void tst_ActorGraphView::edgesWaitForTheirNodes()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(1, 1));
    // A message to a program the view has not seen yet.
    view.showStep(dispatch(message(1, programId(0), programId(5))));
    QCOMPARE(view.edgeCount(), 0);
    QCOMPARE(view.messageCount(programId(0), programId(5)), 1);
    WorldState w = world(1, 1);
    w.programs.push_back(program(5));
    view.setWorld(w);
    QCOMPARE(view.edgeCount(), 1);
    QCOMPARE(view.edgeItem(programId(0), programId(5))->count(), 1);
}

void tst_ActorGraphView::highlightFollowsStep()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(1, 2));
    view.showStep(dispatch(message(1, userId(0), programId(0))));
    QVERIFY(view.nodeItem(programId(0))->isHighlighted());
    view.showStep(dispatch(message(2, userId(0), programId(1))));
    QVERIFY(!view.nodeItem(programId(0))->isHighlighted());
    QVERIFY(view.nodeItem(programId(1))->isHighlighted());
}

void tst_ActorGraphView::animation()
{
    ActorGraphView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setWorld(world(1, 1));
    view.showStep(dispatch(message(1, userId(0), programId(0))));
    QVERIFY(view.isAnimating());
    QVERIFY(view.messageDot()->isVisible());
    QTRY_VERIFY(!view.isAnimating());
    QVERIFY(!view.messageDot()->isVisible());

    view.setAnimationsEnabled(false);
    view.showStep(dispatch(message(2, userId(0), programId(0))));
    QVERIFY(!view.isAnimating());
    QVERIFY(!view.messageDot()->isVisible());
}

void tst_ActorGraphView::clickSelects()
{
    ActorGraphView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setWorld(world(2, 5));
    view.fitAll();
    QSignalSpy spy(&view, &ActorGraphView::actorSelected);

    ActorNodeItem* node = view.nodeItem(programId(3));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, viewPoint(view, node).toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<ActorId>(), programId(3));
    QVERIFY(node->isSelected());
    QCOMPARE(view.selectedActor(), std::optional<ActorId>(programId(3)));
    QVERIFY(!node->isPinned()); // a click is not a drag

    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, viewPoint(view, view.nodeItem(userId(1))).toPoint());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<ActorId>(), userId(1));
    QVERIFY(!node->isSelected());
}

void tst_ActorGraphView::setSelectedActorDoesNotSignal()
{
    ActorGraphView view;
    view.setWorld(world(1, 3));
    QSignalSpy spy(&view, &ActorGraphView::actorSelected);
    view.setSelectedActor(programId(1));
    QVERIFY(view.nodeItem(programId(1))->isSelected());
    view.setSelectedActor(programId(2));
    QVERIFY(!view.nodeItem(programId(1))->isSelected());
    QVERIFY(view.nodeItem(programId(2))->isSelected());
    view.setSelectedActor(std::nullopt);
    QVERIFY(!view.selectedActor());
    QCOMPARE(spy.count(), 0);
}

void tst_ActorGraphView::filterHidesNodes()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(2, 4));
    view.showStep(dispatch(message(1, userId(0), programId(0))));
    view.showStep(dispatch(message(2, programId(0), programId(1))));
    view.setVisibleActors(std::set<ActorId> { userId(0), programId(0) });
    QCOMPARE(view.visibleNodeCount(), 2);
    QVERIFY(view.nodeItem(programId(0))->isVisible());
    QVERIFY(!view.nodeItem(programId(1))->isVisible());
    QVERIFY(view.edgeItem(userId(0), programId(0))->isVisible());
    QVERIFY(!view.edgeItem(programId(0), programId(1))->isVisible());

    // Actors appearing later respect the filter too.
    view.setWorld(world(2, 6));
    QVERIFY(!view.nodeItem(programId(5))->isVisible());

    view.setVisibleActors(std::nullopt);
    QCOMPARE(view.visibleNodeCount(), 8);
    QVERIFY(view.edgeItem(programId(0), programId(1))->isVisible());
}

void tst_ActorGraphView::groupsCollapse()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    const ActorId alice = userId(0);
    const ActorId factory = programId(0);
    WorldState w = world(1, 1);
    view.setWorld(w);

    // The factory creates three children in one step and sends each an Init.
    StepRecord make = dispatch(message(1, alice, factory));
    for (int i = 1; i <= 3; ++i) {
        make.createdPrograms.push_back(programId(i));
        make.generated.push_back(message(10 + uint64_t(i), factory, programId(i)));
        w.programs.push_back(program(i));
    }
    view.showStep(make);
    view.setWorld(w);
    QCOMPARE(view.childrenOf(factory), (std::vector<ActorId> { programId(1), programId(2), programId(3) }));
    QCOMPARE(view.creatorOf(programId(2)), std::optional<ActorId>(factory));
    // Children are placed next to their creator.
    for (int i = 1; i <= 3; ++i)
        QVERIFY(QLineF(view.nodeItem(programId(i))->pos(), view.nodeItem(factory)->pos()).length()
            < 2.2 * GraphLayout::RingStep);
    QCOMPARE(view.edgeCount(), 4);

    view.setGroupCollapsed(factory, true);
    QVERIFY(view.isGroupCollapsed(factory));
    ActorNodeItem* group = view.groupItem(factory);
    QVERIFY(group);
    QVERIFY(group->isVisible());
    QCOMPARE(group->kind(), ActorNodeItem::Kind::Group);
    QCOMPARE(group->memberCount(), 3);
    QCOMPARE(group->stateLabel(), QStringLiteral("3 programs"));
    for (int i = 1; i <= 3; ++i)
        QVERIFY(!view.nodeItem(programId(i))->isVisible());
    QCOMPARE(view.representative(programId(2)), group);
    // The three factory → child edges became one edge to the group.
    QCOMPARE(view.edgeCount(), 2);
    QCOMPARE(view.edgeItem(factory, programId(1))->count(), 3);
    QCOMPARE(view.edgeItem(factory, programId(1))->destinationNode(), group);

    // New messages to a child go to the group's edge.
    view.showStep(dispatch(message(20, programId(2), factory)));
    QCOMPARE(view.edgeItem(programId(3), factory)->count(), 1);
    QVERIFY(group->isHighlighted() == false);
    view.showStep(dispatch(message(21, factory, programId(1))));
    QVERIFY(group->isHighlighted());

    view.setGroupCollapsed(factory, false);
    QVERIFY(!group->isVisible());
    QVERIFY(view.nodeItem(programId(1))->isVisible());
    QCOMPARE(view.edgeItem(factory, programId(1))->count(), 2);
    QCOMPARE(view.edgeItem(factory, programId(2))->count(), 1);
    QCOMPARE(view.edgeCount(), 5);

    // A program without children cannot collapse.
    view.setGroupCollapsed(programId(1), true);
    QVERIFY(!view.isGroupCollapsed(programId(1)));
}

void tst_ActorGraphView::creatorFromInit()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    WorldState w = world(1, 2);
    view.setWorld(w);
    StepRecord init = dispatch(message(1, programId(0), programId(1)));
    init.dispatchKind = DispatchKind::Init;
    view.showStep(init);
    QCOMPARE(view.creatorOf(programId(1)), std::optional<ActorId>(programId(0)));
    // An Init from a user (an upload) makes no creator.
    StepRecord upload = dispatch(message(2, userId(0), programId(0)));
    upload.dispatchKind = DispatchKind::Init;
    view.showStep(upload);
    QVERIFY(!view.creatorOf(programId(0)));
}

void tst_ActorGraphView::dragPinsNode()
{
    ActorGraphView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setWorld(world(1, 3));
    view.fitAll();
    QSignalSpy spy(&view, &ActorGraphView::actorSelected);

    ActorNodeItem* node = view.nodeItem(programId(1));
    const QPointF before = node->pos();
    const QPoint from = viewPoint(view, node).toPoint();
    const QPoint to = from + QPoint(60, 40);
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
    for (int i = 1; i <= 4; ++i) {
        const QPointF p = from + (to - from) * i / 4;
        QMouseEvent move(
            QEvent::MouseMove, p, view.viewport()->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
    }
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);

    QVERIFY(node->pos() != before);
    QVERIFY(node->isPinned());
    QCOMPARE(spy.count(), 0);
    const QPointF dragged = node->pos();

    // New actors neither move it nor land on it.
    view.setWorld(world(3, 30));
    QCOMPARE(node->pos(), dragged);
    for (int i = 0; i < 30; ++i)
        if (i != 1)
            QVERIFY(QLineF(view.nodeItem(programId(i))->pos(), dragged).length() >= GraphLayout::MinGap);
}

void tst_ActorGraphView::tidyRunsAndKeepsPins()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.setWorld(world(2, 8));
    for (int i = 0; i < 7; ++i)
        view.showStep(dispatch(message(uint64_t(i), programId(i), programId(i + 1))));
    view.setActorPinned(programId(0), true);
    const QPointF pinned = view.nodeItem(programId(0))->pos();
    const QPointF free = view.nodeItem(programId(5))->pos();
    QSignalSpy spy(&view, &ActorGraphView::layoutTidied);
    view.tidyLayout();
    QVERIFY(spy.wait(10000));
    QCOMPARE(view.nodeItem(programId(0))->pos(), pinned);
    QVERIFY(view.nodeItem(programId(5))->pos() != free);

    // Latest request wins: two requests in a row apply once.
    spy.clear();
    view.tidyLayout();
    view.tidyLayout();
    QVERIFY(spy.wait(10000));
    QTest::qWait(200);
    QCOMPARE(spy.count(), 1);
}

void tst_ActorGraphView::wheelZooms()
{
    ActorGraphView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setWorld(world(2, 5));
    const qreal z0 = view.zoom();
    const QPointF at(420, 130); // off-centre: the zoom must stay anchored here
    const QPointF sceneAt = view.mapToScene(at.toPoint());
    QWheelEvent in(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &in);
    QVERIFY(view.zoom() > z0 * 1.1);
    QVERIFY(QLineF(view.mapFromScene(sceneAt), at).length() < 2);
    QWheelEvent out(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -240), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &out);
    QVERIFY(view.zoom() < z0);
    QVERIFY(QLineF(view.mapFromScene(sceneAt), at).length() < 2);
    for (int i = 0; i < 100; ++i)
        QApplication::sendEvent(view.viewport(), &in);
    QVERIFY(view.zoom() <= 6.0 + 1e-9);
    view.fitAll();
    QVERIFY(view.zoom() <= 1.25 + 1e-9);
}

void tst_ActorGraphView::tooltipsBuiltOnDemand()
{
    ActorGraphView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    WorldState w = world(1, 1);
    w.programs[0].handled = 7;
    w.programs[0].name = "a<b>";
    view.setWorld(w);
    view.fitAll();
    ActorNodeItem* node = view.nodeItem(programId(0));
    const QString tip = node->toolTipText();
    QVERIFY(tip.contains(QStringLiteral("a&lt;b&gt;")));
    QVERIFY(tip.contains(QStringLiteral("executions: 7")));
    QVERIFY(tip.contains(QString::fromStdString(programId(0).hex())));

    // Hovering asks the node for its text.
    const QPoint at = viewPoint(view, node).toPoint();
    QHelpEvent help(QEvent::ToolTip, at, view.viewport()->mapToGlobal(at));
    QApplication::sendEvent(view.viewport(), &help);
    QTRY_COMPARE(QToolTip::text(), tip);
}

void tst_ActorGraphView::performance200()
{
    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    constexpr int Users = 20;
    constexpr int Programs = 180;
    WorldState w = world(Users, Programs);
    QElapsedTimer timer;
    timer.start();
    view.setWorld(w);
    view.fitAll();
    QCoreApplication::processEvents();
    const qint64 setUpMs = timer.elapsed();
    const auto repaintMs = [&view] {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10; ++i)
            view.viewport()->repaint();
        return t.elapsed() / 10.0;
    };
    const double nodesOnlyMs = repaintMs();

    uint64_t rng = 12345;
    const auto next = [&rng](int n) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        return int((rng >> 33) % uint64_t(n));
    };
    const auto actor = [&](int i) { return i < Users ? userId(i) : programId(i - Users); };
    timer.restart();
    uint64_t id = 0;
    for (int step = 0; step < 1000; ++step) {
        const ActorId dst = programId(next(Programs));
        StepRecord r = dispatch(message(id++, actor(next(Users + Programs)), dst));
        for (int g = next(4); g > 0; --g)
            r.generated.push_back(message(id++, dst, actor(next(Users + Programs))));
        view.showStep(r);
        if (step % 10 == 0) {
            w.queue.clear();
            for (int q = next(50); q > 0; --q)
                w.queue.push_back(QueuedDispatch {
                    DispatchKind::Handle, message(id + uint64_t(q), userId(0), programId(next(Programs))), 0, false });
            view.setWorld(w);
            QCoreApplication::processEvents(); // lets the view paint, as a live run would
        }
    }
    QCoreApplication::processEvents();
    const qint64 stepsMs = timer.elapsed();
    std::printf("ActorGraphView, 200 actors: setWorld+fit %lld ms; 1000 showStep + 100 setWorld + paints %lld ms; "
                "full repaint: %.1f ms without edges, %.1f ms with %d edges\n",
        qlonglong(setUpMs), qlonglong(stepsMs), nodesOnlyMs, repaintMs(), view.edgeCount());
    std::fflush(stdout);
    QCOMPARE(view.nodeCount(), Users + Programs);
    QVERIFY(stepsMs < 30000);
}

void tst_ActorGraphView::screenshot()
{
    // Map-reduce and factory side by side: 4 users, coordinator + 3 workers, factory + 3 children.
    const QString built = QStringLiteral(GEARSCOPE_SAMPLES_BUILD_DIR);
    const QString coordinator = built + QStringLiteral("/mapreduce/coordinator.wasm");
    const QString factoryWasm = built + QStringLiteral("/factory/factory.wasm");
    if (!QFileInfo::exists(coordinator) || !QFileInfo::exists(factoryWasm))
        QSKIP("C samples not built (clang-14/wasm-ld-14 missing)");
    const QByteArray json = QStringLiteral(R"({
  "name": "graph screenshot",
  "codes": [ { "name": "child", "file": "%1/factory/child.wasm" } ],
  "programs": [
    { "name": "worker1", "file": "%1/mapreduce/worker.wat" },
    { "name": "worker2", "file": "%1/mapreduce/worker.wat" },
    { "name": "worker3", "file": "%1/mapreduce/worker.wat" },
    { "name": "coordinator", "file": "%1/mapreduce/coordinator.wasm",
      "init": [{ "actor": "worker1" }, { "actor": "worker2" }, { "actor": "worker3" }] },
    { "name": "factory", "file": "%1/factory/factory.wasm", "init": { "code": "child" } }
  ],
  "messages": [
    { "from": "alice", "to": "coordinator", "payload": "the quick brown fox jumps over the lazy dog" },
    { "from": "bob", "to": "coordinator", "payload": "to be or not to be" },
    { "from": "charlie", "to": "factory", "payload": ["N", { "u32": 3 }], "value": "3000000000000" },
    { "from": "eve", "to": "coordinator", "payload": "gear actors all the way down" }
  ]
})")
                                .arg(built)
                                .toUtf8();
    auto scenario = Scenario::parse(json, (built + QStringLiteral("/graph.json")).toStdString());
    QVERIFY2(scenario.ok(), scenario.ok() ? "" : scenario.error().c_str());
    ScenarioRunner runner(scenario.value());
    auto setUp = runner.setUp();
    QVERIFY2(setUp.ok(), setUp.ok() ? "" : setUp.error().c_str());

    ActorGraphView view;
    view.setAnimationsEnabled(false);
    view.resize(1000, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setWorld(WorldState::capture(runner.runtime()));

    // Stop mid-run, while messages are queued and the coordinator waits, so badges show.
    constexpr uint64_t ShownSteps = 17;
    uint64_t steps = 0;
    auto ran = runner.run([&](const StepRecord& r) {
        if (steps++ >= ShownSteps)
            return;
        view.showStep(r);
        view.setWorld(WorldState::capture(runner.runtime()));
    });
    QVERIFY2(ran.ok(), ran.ok() ? "" : ran.error().c_str());
    QVERIFY(view.nodeCount() >= 12);
    view.setSelectedActor(runner.runtime().actorByName("coordinator"));
    view.fitAll();
    QCoreApplication::processEvents();

    // Into the build tree on every run; into docs/ only on request, so running the tests never
    // dirties the checkout (like the golden tests' --rebase).
    const QImage image = view.grab().toImage();
    QVERIFY(!image.isNull());
    QStringList outs { QStringLiteral(GEARSCOPE_BINARY_DIR "/screenshots/graph.png") };
    if (qEnvironmentVariableIsSet("GEARSCOPE_UPDATE_SCREENSHOTS"))
        outs << QStringLiteral(GEARSCOPE_SOURCE_DIR "/docs/screenshots/graph.png");
    for (const QString& out : outs) {
        QDir().mkpath(QFileInfo(out).path());
        QVERIFY(image.save(out));
        std::printf("wrote %s (%dx%d)\n", qPrintable(out), image.width(), image.height());
    }
}

QTEST_MAIN(tst_ActorGraphView)
#include "tst_actorgraphview.moc"
