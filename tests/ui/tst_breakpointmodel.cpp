// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// BreakpointModel under QAbstractItemModelTester, over a real Session running the ping-pong
// sample: rows follow the session's list by inserts and removes, the checkbox enables and
// disables (and the engine then does or does not stop), hits are counted per breakpoint, the
// one that stopped the run is marked, a reset clears the counts, replay makes it read-only.
#include "fixtures.h"
#include "models/breakpointmodel.h"
#include "session/session.h"
#include "sessionwait.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

QString text(const BreakpointModel& m, int row)
{
    return m.index(row, BreakpointModel::BreakpointColumn).data().toString();
}

qulonglong hits(const BreakpointModel& m, int row)
{
    return m.index(row, BreakpointModel::HitsColumn).data(BreakpointModel::HitsRole).toULongLong();
}

bool stopped(const BreakpointModel& m, int row) { return m.index(row, 0).data(BreakpointModel::StoppedRole).toBool(); }

} // namespace

class tst_BreakpointModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_traces;

    SessionSnapshotPtr openSample(Session& s)
    {
        s.setTraceDirectory(m_traces.path());
        return awaitDone(s, s.openFile(DefaultSample));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_traces.isValid());
    }

    void rowsFollowTheSessionsList()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        BreakpointModel m(&s);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QCOMPARE(m.rowCount(), 0);

        const ActorId ping = idOf(snap, "ping");
        s.setBreakpoints({ Breakpoint::onTrapOrErrorReply(), Breakpoint::onActor(ping) });
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(text(m, 0), QStringLiteral("trap or error reply"));
        // Actor names, not hex.
        QCOMPARE(text(m, 1), QStringLiteral("dispatch to or from ping"));
        QCOMPARE(m.index(1, 0).data(BreakpointModel::ActorRole).value<ActorId>(), ping);
        QCOMPARE(m.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));

        // Added through the model: appended, and the session's list is the one that changed.
        QCOMPARE(m.addBreakpoint(Breakpoint::onPayload(bytesOf("PONG"))), 2);
        QCOMPARE(s.breakpoints().size(), size_t(3));
        QCOMPARE(text(m, 2), QStringLiteral("payload contains \"PONG\""));
        // Adding the same condition again adds nothing.
        QCOMPARE(m.addBreakpoint(Breakpoint::onActor(ping)), 1);
        QCOMPARE(s.breakpoints().size(), size_t(3));

        QVERIFY(m.removeRows(0, 1));
        QCOMPARE(s.breakpoints().size(), size_t(2));
        QCOMPARE(text(m, 0), QStringLiteral("dispatch to or from ping"));
        m.removeBreakpoint(Breakpoint::onPayload(bytesOf("PONG")));
        QCOMPARE(m.rowCount(), 1);

        m.setAllEnabled(false);
        QVERIFY(!s.breakpoints().front().enabled);
        QCOMPARE(m.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        m.setAllEnabled(true);
        QVERIFY(s.breakpoints().front().enabled);
        m.clearAll();
        QVERIFY(s.breakpoints().empty());
        QCOMPARE(m.rowCount(), 0);

        QVERIFY(inserted.count() >= 2);
        QVERIFY(removed.count() >= 3);
        QCOMPARE(reset.count(), 0); // small edits move rows, never reset the view
    }

    void checkboxDecidesWhetherTheEngineStops_data()
    {
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<int>("steps"); ///< when the run ends
        QTest::addColumn<bool>("atBreakpoint");
        // The first PONG reaches ping at step 5 (tst_session: the run stops with 4 done); a
        // disabled breakpoint lets the whole game (9 steps) run to idle.
        QTest::addRow("enabled stops before the first PONG") << true << 4 << true;
        QTest::addRow("disabled never stops") << false << 9 << false;
    }
    void checkboxDecidesWhetherTheEngineStops()
    {
        QFETCH(bool, enabled);
        QFETCH(int, steps);
        QFETCH(bool, atBreakpoint);
        Session s;
        QVERIFY(openSample(s));
        BreakpointModel m(&s);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.addBreakpoint(Breakpoint::onPayload(bytesOf("PONG")));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        const QModelIndex check = m.index(0, BreakpointModel::EnabledColumn);
        QVERIFY(m.flags(check) & Qt::ItemIsUserCheckable);
        QVERIFY(m.setData(check, enabled ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(s.breakpoints().front().enabled, enabled);
        QCOMPARE(changed.count(), enabled ? 0 : 1); // unticking is a change, ticking again is not
        QSignalSpy hit(&s, &Session::breakpointHit);

        auto snap = awaitDone(s, s.runUntilIdle());
        QVERIFY(snap);
        QCOMPARE(snap->stepCount, uint64_t(steps));
        QCOMPARE(hit.count(), atBreakpoint ? 1 : 0);
        QTRY_COMPARE(hits(m, 0), qulonglong(atBreakpoint ? 1 : 0));
        QCOMPARE(stopped(m, 0), atBreakpoint);
        QCOMPARE(m.stoppedRow(), atBreakpoint ? 0 : -1);
    }

    void hitsAreCountedPerBreakpointAndResetClearsThem()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        BreakpointModel m(&s);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The sample plays three rounds (its scenario's expectation): pong answers PONG three
        // times; nothing traps.
        m.addBreakpoint(Breakpoint::onTrapOrErrorReply());
        m.addBreakpoint(Breakpoint::onPayload(bytesOf("PONG")));
        int runs = 0;
        for (; runs < 10; ++runs) {
            snap = awaitDone(s, s.runUntilIdle());
            QVERIFY(snap);
            if (snap->stopReason == "idle")
                break;
            // Stopped: the PONG row is marked, the other is not.
            QTRY_VERIFY(stopped(m, 1));
            QVERIFY(!stopped(m, 0));
            QCOMPARE(hits(m, 1), qulonglong(runs + 1));
        }
        QCOMPARE(runs, 3);
        QTRY_COMPARE(hits(m, 1), qulonglong(3));
        QCOMPARE(hits(m, 0), qulonglong(0));
        // The last run ended idle: nothing is marked any more.
        QCOMPARE(m.stoppedRow(), -1);
        QCOMPARE(m.index(1, BreakpointModel::HitsColumn).data().toString(), QStringLiteral("3"));

        // Edits keep the counts of the breakpoints that stay.
        m.removeBreakpoint(Breakpoint::onTrapOrErrorReply());
        QCOMPARE(hits(m, 0), qulonglong(3));
        QVERIFY(m.setData(m.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(awaitDone(s, s.lastCommand()));
        QTRY_COMPARE(s.snapshot()->breakpointHits, std::vector<uint64_t>({ 3 }));
        QCOMPARE(hits(m, 0), qulonglong(3));

        // A reset starts the counts again; the breakpoints stay.
        QVERIFY(awaitDone(s, s.reset()));
        QTRY_COMPARE(hits(m, 0), qulonglong(0));
        QCOMPARE(m.rowCount(), 1);
    }

    void theMarkMovesToTheBreakpointThatStopped()
    {
        Session s;
        auto snap = openSample(s);
        QVERIFY(snap);
        BreakpointModel m(&s);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ActorId pong = idOf(snap, "pong");
        // Before the first PONG (step 5) comes the first PING to pong (step 4): actor first.
        m.addBreakpoint(Breakpoint::onPayload(bytesOf("PONG")));
        m.addBreakpoint(Breakpoint::onActor(pong));
        QVERIFY(awaitDone(s, s.stepDispatch())); // past pong's own init
        QVERIFY(awaitDone(s, s.runUntilIdle()));
        QTRY_COMPARE(m.stoppedRow(), 1);
        QCOMPARE(text(m, 1), QStringLiteral("dispatch to or from pong"));
        QVERIFY(awaitDone(s, s.runUntilIdle()));
        QTRY_COMPARE(m.stoppedRow(), 0);
        QCOMPARE(hits(m, 0), qulonglong(1));
        QCOMPARE(hits(m, 1), qulonglong(1));
        // A step starts afresh: the mark goes.
        QVERIFY(awaitDone(s, s.stepDispatch()));
        QTRY_COMPARE(m.stoppedRow(), -1);
    }

    void readOnlyRefusesEdits()
    {
        Session s;
        BreakpointModel m(&s);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.addBreakpoint(Breakpoint::onProgramCreated());
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setReadOnly(true);
        m.setReadOnly(true);
        QCOMPARE(changed.count(), 1); // the checkboxes' flags changed, once
        QVERIFY(!(m.flags(m.index(0, 0)) & Qt::ItemIsUserCheckable));
        QVERIFY(!m.setData(m.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!m.removeRows(0, 1));
        QCOMPARE(m.addBreakpoint(Breakpoint::onProgramExited()), -1);
        m.setAllEnabled(false);
        m.clearAll();
        QCOMPARE(s.breakpoints().size(), size_t(1));
        QVERIFY(s.breakpoints().front().enabled);
        m.setReadOnly(false);
        QVERIFY(m.flags(m.index(0, 0)) & Qt::ItemIsUserCheckable);
    }
};

QTEST_MAIN(tst_BreakpointModel)
#include "tst_breakpointmodel.moc"
