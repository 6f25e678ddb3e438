// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The item models over session snapshots, each under QAbstractItemModelTester: they follow a
// new snapshot with row inserts/removes and dataChanged, and reset only for a new session.
#include "models/actorfilterproxymodel.h"
#include "models/actortablemodel.h"
#include "models/logmodel.h"
#include "models/mailboxmodel.h"
#include "models/queuemodel.h"
#include "models/taskmodel.h"
#include "models/waitlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Gearscope;

namespace {

ActorId actor(char c) { return ActorId::fromU64(uint64_t(uint8_t(c))); }

MessageId message(char c)
{
    MessageId m;
    m.bytes[0] = uint8_t(c);
    return m;
}

/// A world with programs A and B and users u and v, written compactly:
/// `queue` is one letter per queued message (payload = the letter, u → B, or B → A for upper case).
struct WorldText
{
    QString queue;
    QString waitlist; ///< one letter per entry, parked in A
    QString tasks; ///< one letter per WakeMessage task for A, at block 5 + position
    QString mailbox; ///< one letter per message in u's mailbox, from A
    Gas gasOfA = 100;
    Gas gasOfB = 50;
};

WorldText queueOnly(const QString& queue)
{
    WorldText t;
    t.queue = queue;
    return t;
}

SessionSnapshotPtr snapshot(const WorldText& t, uint64_t generation = 1)
{
    auto s = std::make_shared<SessionSnapshot>();
    s->generation = generation;
    for (char c : { 'A', 'B' }) {
        ProgramSnapshot p;
        p.id = actor(c);
        p.name = std::string(1, c);
        p.state = ProgramState::Active;
        p.gasBurned = c == 'A' ? t.gasOfA : t.gasOfB;
        p.balance = c == 'A' ? u128(1) << 100 : u128(7);
        s->world.programs.push_back(p);
    }
    for (char c : { 'u', 'v' }) {
        UserSnapshot u;
        u.id = actor(c);
        u.name = std::string(1, c);
        u.balance = 1000;
        s->world.users.push_back(u);
    }
    for (const auto& p : s->world.programs)
        s->names[p.id] = p.name;
    for (const auto& u : s->world.users)
        s->names[u.id] = u.name;
    for (QChar q : t.queue) {
        const char c = char(q.unicode());
        QueuedDispatch d;
        d.kind = DispatchKind::Handle;
        d.message.id = message(c);
        d.message.source = q.isUpper() ? actor('B') : actor('u');
        d.message.destination = q.isUpper() ? actor('A') : actor('B');
        d.message.payload = { uint8_t(c) };
        d.gasAvailable = 1000;
        s->world.queue.push_back(d);
    }
    for (QChar q : t.waitlist) {
        WaitlistEntry e;
        e.program = actor('A');
        e.kind = DispatchKind::Handle;
        e.message.id = message(char(q.unicode()));
        e.message.source = actor('u');
        e.message.destination = actor('A');
        e.since = 1;
        e.expiresAt = 100;
        s->world.waitlist.push_back(e);
    }
    int i = 0;
    for (QChar q : t.tasks) {
        TaskSnapshot task;
        task.block = BlockNumber(5 + i++);
        task.kind = TaskKind::WakeMessage;
        task.actor = actor('A');
        task.message = message(char(q.unicode()));
        s->world.tasks.push_back(task);
    }
    for (QChar q : t.mailbox) {
        MailboxEntry e;
        e.message.id = message(char(q.unicode()));
        e.message.source = actor('A');
        e.message.destination = actor('u');
        e.message.payload = { uint8_t(q.unicode()) };
        e.since = 2;
        e.expiresAt = 50;
        s->world.mailboxes[actor('u')].push_back(e);
    }
    s->queueLength = s->world.queue.size();
    return s;
}

QString column(const QAbstractItemModel& m, int col)
{
    QString out;
    for (int r = 0; r < m.rowCount(); ++r)
        out += m.index(r, col).data().toString().remove(QStringLiteral("\u25b6 ")).remove(QLatin1Char('"'));
    return out;
}

} // namespace

class tst_Models : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void queueFollowsTheWorld_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("removed");
        QTest::addColumn<int>("inserted");

        QTest::addRow("nothing changed") << "abc" << "abc" << 0 << 0;
        QTest::addRow("a dispatch pops the front") << "abc" << "bc" << 1 << 0;
        QTest::addRow("a send pushes at the back") << "ab" << "abc" << 0 << 1;
        QTest::addRow("pop and two pushes") << "abc" << "bcDE" << 1 << 1;
        QTest::addRow("re-queued at the front") << "bc" << "abc" << 0 << 1;
        QTest::addRow("emptied") << "abc" << "" << 1 << 0;
        QTest::addRow("filled") << "" << "abc" << 0 << 1;
    }

    void queueFollowsTheWorld()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, removed);
        QFETCH(int, inserted);

        QueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(queueOnly(before)));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(snapshot(queueOnly(after)));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removes.count(), removed);
        QCOMPARE(inserts.count(), inserted);
        QCOMPARE(column(model, QueueModel::PayloadColumn), after);
        if (before == after)
            QCOMPARE(changes.count(), 0);
        // Exactly the first row is marked as the next dispatch.
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, 0).data(SnapshotTableModel::EmphasisRole).toBool(), r == 0);
            QCOMPARE(model.index(r, 0).data().toString().startsWith(QStringLiteral("\u25b6")), r == 0);
        }
        if (!after.isEmpty() && before.isEmpty() == false && before[0] != after[0])
            QVERIFY(changes.count() >= 1); // the new front gained its mark
    }

    void queueRolesCarryTheEnds()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("aB"))));
        QCOMPARE(model.index(0, 0).data(SnapshotTableModel::SourceRole).value<ActorId>(), actor('u'));
        QCOMPARE(model.index(0, 0).data(SnapshotTableModel::DestinationRole).value<ActorId>(), actor('B'));
        QCOMPARE(model.index(1, QueueModel::FromColumn).data().toString(), QStringLiteral("B"));
        QCOMPARE(model.index(1, QueueModel::ToColumn).data().toString(), QStringLiteral("A"));
        QCOMPARE(model.headerData(QueueModel::PayloadColumn, Qt::Horizontal).toString(), QStringLiteral("Payload"));
        QCOMPARE(model.columnCount(), int(QueueModel::ColumnCount));
    }

    void aLongQueueIsCapped()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto s = std::make_shared<SessionSnapshot>();
        s->generation = 1;
        for (int i = 0; i < QueueModel::MaxRows + 5; ++i) {
            QueuedDispatch d;
            d.kind = DispatchKind::Handle;
            d.message.id.bytes[0] = uint8_t(i);
            d.message.id.bytes[1] = uint8_t(i >> 8);
            s->world.queue.push_back(d);
        }
        model.setSnapshot(s);
        QCOMPARE(model.rowCount(), QueueModel::MaxRows + 1);
        QCOMPARE(model.index(QueueModel::MaxRows, 0).data().toString(), QStringLiteral("\u2026 5 more"));
    }

    void aNewSessionResets()
    {
        QueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("abc")), 1));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("abc")), 2));
        QCOMPARE(resets.count(), 1);
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("ab")), 2));
        QCOMPARE(resets.count(), 1);
    }

    void onlyChangedCellsAreReported()
    {
        ActorTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WorldText t;
        model.setSnapshot(snapshot(t));
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        t.gasOfB = 60;
        model.setSnapshot(snapshot(t));
        QCOMPARE(changes.count(), 1);
        const QModelIndex from = changes.first().at(0).toModelIndex(), to = changes.first().at(1).toModelIndex();
        QCOMPARE(from.row(), 1);
        QCOMPARE(from.column(), int(ActorTableModel::GasBurnedColumn));
        QCOMPARE(to.column(), int(ActorTableModel::GasBurnedColumn));
    }

    void actorTableCounts()
    {
        ActorTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WorldText t;
        t.queue = QStringLiteral("abC"); // two to B, one to A
        t.waitlist = QStringLiteral("xy"); // both in A
        t.mailbox = QStringLiteral("m"); // one in u's mailbox
        model.setSnapshot(snapshot(t));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(column(model, ActorTableModel::NameColumn), QStringLiteral("ABuv"));
        QCOMPARE(column(model, ActorTableModel::KindColumn), QStringLiteral("programprogramuseruser"));
        QCOMPARE(column(model, ActorTableModel::QueuedColumn), QStringLiteral("1200"));
        QCOMPARE(column(model, ActorTableModel::WaitingColumn), QStringLiteral("2010"));
        QCOMPARE(model.rowOfActor(actor('u')), 2);
        QCOMPARE(model.index(0, 0).data(SnapshotTableModel::ActorRole).value<ActorId>(), actor('A'));
    }

    void actorTableSorts_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("names");

        QTest::addRow("by name") << int(ActorTableModel::NameColumn) << int(Qt::AscendingOrder) << "ABuv";
        QTest::addRow("by gas burned, most first") << int(ActorTableModel::GasBurnedColumn) << int(Qt::DescendingOrder)
                                                   << "ABuv";
        // Balances are u128: 2^100 must sort above 1000, which a double or a plain string would not guarantee.
        QTest::addRow("by balance, smallest first") << int(ActorTableModel::BalanceColumn) << int(Qt::AscendingOrder)
                                                    << "BuvA";
        QTest::addRow("by kind") << int(ActorTableModel::KindColumn) << int(Qt::DescendingOrder) << "uvAB";
    }

    void actorTableSorts()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, names);
        ActorTableModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(SnapshotTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WorldText t;
        t.gasOfA = 1'000'000'000'000ull;
        t.gasOfB = 999;
        model.setSnapshot(snapshot(t));
        proxy.sort(column, Qt::SortOrder(order));
        QCOMPARE(::column(proxy, ActorTableModel::NameColumn), names);
        // The sort survives an update.
        t.gasOfB = 1000;
        model.setSnapshot(snapshot(t));
        QCOMPARE(::column(proxy, ActorTableModel::NameColumn), names);
    }

    void waitlistAndTasks()
    {
        WaitlistModel waitlist;
        TaskModel tasks;
        QAbstractItemModelTester t1(&waitlist, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&tasks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WorldText t;
        t.waitlist = QStringLiteral("xy");
        t.tasks = QStringLiteral("xx"); // the same task twice: keys must still be unique
        waitlist.setSnapshot(snapshot(t));
        tasks.setSnapshot(snapshot(t));
        QCOMPARE(waitlist.rowCount(), 2);
        QCOMPARE(waitlist.index(0, WaitlistModel::ExpiresColumn).data().toUInt(), 100u);
        QCOMPARE(waitlist.index(0, WaitlistModel::WakeColumn).data().toString(), QStringLiteral("\u2014"));
        QCOMPARE(tasks.rowCount(), 2);
        QCOMPARE(column(tasks, TaskModel::BlockColumn), QStringLiteral("56"));
        t.waitlist = QStringLiteral("y");
        t.tasks = QStringLiteral("x");
        QSignalSpy resets(&waitlist, &QAbstractItemModel::modelReset);
        waitlist.setSnapshot(snapshot(t));
        tasks.setSnapshot(snapshot(t));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(waitlist.rowCount(), 1);
        QCOMPARE(tasks.rowCount(), 1);
    }

    void mailboxOfOneUser()
    {
        MailboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WorldText t;
        t.mailbox = QStringLiteral("mn");
        model.setSnapshot(snapshot(t));
        QCOMPARE(model.rowCount(), 0); // no user chosen yet
        model.setUser(actor('u'));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.messageAt(1), message('n'));
        QCOMPARE(column(model, MailboxModel::PayloadColumn), QStringLiteral("mn"));
        model.setUser(actor('v'));
        QCOMPARE(model.rowCount(), 0);
    }

    void filterByActor_data()
    {
        QTest::addColumn<QChar>("actor");
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("payloads");

        QTest::addRow("to or from B") << QChar(u'B') << int(ActorFilterProxyModel::MatchSource | ActorFilterProxyModel::MatchDestination) << "abC";
        QTest::addRow("to A") << QChar(u'A') << int(ActorFilterProxyModel::MatchDestination) << "C";
        QTest::addRow("from u") << QChar(u'u') << int(ActorFilterProxyModel::MatchSource) << "ab";
        QTest::addRow("nobody") << QChar(u'v') << int(ActorFilterProxyModel::MatchSource | ActorFilterProxyModel::MatchDestination) << "";
    }

    void filterByActor()
    {
        QFETCH(QChar, actor);
        QFETCH(int, match);
        QFETCH(QString, payloads);
        QueueModel model;
        ActorFilterProxyModel proxy(match);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("abC"))));
        QCOMPARE(proxy.rowCount(), 0); // no actor: nothing
        proxy.setActor(::actor(char(actor.unicode())));
        QCOMPARE(column(proxy, QueueModel::PayloadColumn), payloads);
        // Follows the source: the front is popped.
        model.setSnapshot(snapshot(queueOnly(QStringLiteral("bC"))));
        QCOMPARE(column(proxy, QueueModel::PayloadColumn), QString(payloads).remove(QLatin1Char('a')));
    }

    void logAppendsAndCaps()
    {
        LogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto withLog = [](uint64_t generation, int lines, uint64_t dropped) {
            auto s = std::make_shared<SessionSnapshot>();
            s->generation = generation;
            for (int i = 0; i < lines; ++i) {
                LogEntry e;
                e.kind = LogEntry::Kind::Debug;
                e.fromStep = true;
                e.step = uint64_t(i);
                e.text = "line " + std::to_string(i);
                s->log.push_back(e);
            }
            s->logDropped = dropped;
            return SessionSnapshotPtr(s);
        };
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        model.setSnapshot(withLog(1, 3, 0));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserts.count(), 1); // one batch per snapshot
        model.setSnapshot(withLog(1, 2, 5));
        QCOMPARE(model.rowCount(), 6); // 2 lines and a note about the 5 skipped
        QCOMPARE(model.index(3, LogModel::TextColumn).data().toString(), QStringLiteral("… 5 lines skipped while running fast"));
        QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
        model.setSnapshot(withLog(1, LogModel::MaxRows, 0));
        QCOMPARE(model.rowCount(), LogModel::MaxRows);
        QCOMPARE(removes.count(), 1);
        QCOMPARE(model.index(0, LogModel::TextColumn).data().toString(), QStringLiteral("line 0"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(withLog(2, 1, 0));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(tst_Models)
#include "tst_models.moc"
