// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// MainWindow offscreen: open the default sample, keyboard controls, shared selection, menus,
// dialogs, drag and drop, recent files.
#include "actorselection.h"
#include "dialogs/replydialog.h"
#include "dialogs/sendmessagedialog.h"
#include "dialogs/uploadprogramdialog.h"
#include "mainwindow.h"
#include "models/actortablemodel.h"
#include "models/queuemodel.h"
#include "session/session.h"
#include "views/actorgraphview.h"
#include "views/actornodeitem.h"
#include "widgets/mailboxwidget.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Gearscope;

namespace {

ActorId idOf(const SessionSnapshotPtr& snap, const std::string& name)
{
    for (const auto& [id, n] : snap->names)
        if (n == name)
            return id;
    return {};
}

QString cell(QTableView* view, int row, int column) { return view->model()->index(row, column).data().toString(); }

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_traces;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;

    QLabel* label(const char* name) { return m_window->findChild<QLabel*>(QString::fromLatin1(name)); }
    QTableView* view(const char* name) { return m_window->findChild<QTableView*>(QString::fromLatin1(name)); }
    QAction* action(const char* name) { return m_window->findChild<QAction*>(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GearscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(m_traces.isValid());
    }

    void init()
    {
        m_session = std::make_unique<Session>();
        m_session->setTraceDirectory(m_traces.path());
        m_window = std::make_unique<MainWindow>(m_session.get());
        m_window->resize(1400, 900);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openDefaultSample();
        QTRY_COMPARE(view("queueView")->model()->rowCount(), 2);
    }

    void cleanup()
    {
        m_window.reset();
        m_session.reset();
    }

    void openDefaultSampleShowsTheWorld()
    {
        QCOMPARE(label("statusStep")->text(), QStringLiteral("Step 0"));
        QCOMPARE(label("statusQueue")->text(), QStringLiteral("Queue 2"));
        QCOMPARE(label("statusBlock")->text(), QStringLiteral("Block 0"));
        QVERIFY(label("statusTrace")->text().contains(QStringLiteral("pingpong")));
        QCOMPARE(view("actorsView")->model()->rowCount(), 6); // pong, ping and the four default users
        QCOMPARE(cell(view("queueView"), 0, QueueModel::KindColumn), QStringLiteral("\u25b6 init"));
        QCOMPARE(cell(view("queueView"), 0, QueueModel::ToColumn), QStringLiteral("pong"));
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("pingpong.json")));
        QVERIFY(m_window->findChild<QWidget*>(QStringLiteral("actorGraph")));
    }

    void f10StepsAndEveryPanelFollows()
    {
        QTableView* queue = view("queueView");
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 1"));
        QCOMPARE(label("statusBlock")->text(), QStringLiteral("Block 1 (open)"));
        QCOMPARE(label("statusQueue")->text(), QStringLiteral("Queue 2"));
        QVERIFY(label("statusGas")->text() != QStringLiteral("Gas 0"));
        // Init of pong ran; ping's init is next, then alice's scheduled message.
        QCOMPARE(queue->model()->rowCount(), 2);
        QCOMPARE(cell(queue, 0, QueueModel::KindColumn), QStringLiteral("\u25b6 init"));
        QCOMPARE(cell(queue, 0, QueueModel::ToColumn), QStringLiteral("ping"));
        QCOMPARE(cell(queue, 1, QueueModel::FromColumn), QStringLiteral("alice"));
        QVERIFY(queue->model()->index(0, 0).data(Qt::FontRole).value<QFont>().bold());

        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 2"));
        QCOMPARE(queue->model()->rowCount(), 1);
        QCOMPARE(cell(queue, 0, QueueModel::KindColumn), QStringLiteral("\u25b6 handle"));
        QVERIFY(view("logView")->model()->rowCount() >= 3);
    }

    void selectionIsShared()
    {
        const SessionSnapshotPtr snap = m_window->snapshot();
        const ActorId pong = idOf(snap, "pong"), ping = idOf(snap, "ping"), bob = idOf(snap, "bob");
        // A new world selects its first program.
        QCOMPARE(m_window->selection()->selectedActor(), std::optional<ActorId>(pong));
        QSignalSpy selected(m_window.get(), &MainWindow::actorSelected);
        m_window->selectActor(ping);
        m_window->selectActor(ping);
        QCOMPARE(selected.count(), 1);
        QTableView* actors = view("actorsView");
        QCOMPARE(actors->currentIndex().siblingAtColumn(ActorTableModel::NameColumn).data().toString(),
            QStringLiteral("ping"));
        // Choosing a row in the actors table selects for everyone; a user also shows its mailbox.
        for (int r = 0; r < actors->model()->rowCount(); ++r)
            if (actors->model()->index(r, 0).data().toString() == u"bob")
                actors->setCurrentIndex(actors->model()->index(r, 0));
        QCOMPARE(m_window->selection()->selectedActor(), std::optional<ActorId>(bob));
        QCOMPARE(selected.count(), 2);
        auto* mailbox = m_window->findChild<MailboxWidget*>();
        QVERIFY(mailbox);
        QCOMPARE(mailbox->user(), std::optional<ActorId>(bob));
    }

    void f5RunsAndPauses()
    {
        auto* speed = m_window->findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findData(1)); // one step a second: still running when F5 comes again
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QTRY_VERIFY(m_session->isRunning());
        QCOMPARE(action("actionRun")->text(), QStringLiteral("&Pause"));
        QTest::keyClick(m_window.get(), Qt::Key_F5);
        QTRY_VERIFY(!m_session->isRunning());
        QCOMPARE(action("actionRun")->text(), QStringLiteral("&Run"));
        QTRY_VERIFY(label("statusRun")->text().contains(QStringLiteral("paused")));
    }

    void runUntilIdle()
    {
        action("actionRunIdle")->trigger();
        QTRY_COMPARE(label("statusRun")->text(), QStringLiteral("idle"));
        QCOMPARE(label("statusQueue")->text(), QStringLiteral("Queue 0"));
        QAbstractItemModel* log = view("logView")->model();
        bool gameOver = false;
        for (int r = 0; r < log->rowCount(); ++r)
            gameOver |= log->index(r, 4).data().toString() == u"ping: game over";
        QVERIFY(gameOver);
    }

    void resetStartsOver()
    {
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 1"));
        action("actionReset")->trigger();
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 0"));
        QCOMPARE(view("queueView")->model()->rowCount(), 2);
    }

    void breakpointsFromTheMenu()
    {
        action("actionBreakOnTrap")->trigger();
        QCOMPARE(m_session->breakpoints().size(), size_t(1));
        QCOMPARE(m_session->breakpoints().front().kind, Breakpoint::Kind::TrapOrErrorReply);
        m_window->selectActor(idOf(m_window->snapshot(), "ping"));
        action("actionBreakOnActor")->trigger();
        QCOMPARE(m_session->breakpoints().size(), size_t(2));
        QCOMPARE(m_session->breakpoints().back().actor, idOf(m_window->snapshot(), "ping"));
        // Running stops before ping's init (the first dispatch involving ping after the first step).
        action("actionRunIdle")->trigger();
        QTRY_VERIFY(label("statusRun")->text().contains(QStringLiteral("breakpoint")));
        QCOMPARE(label("statusStep")->text(), QStringLiteral("Step 1"));
        action("actionBreakClear")->trigger();
        QVERIFY(m_session->breakpoints().empty());
        QVERIFY(!action("actionBreakOnTrap")->isChecked());
    }

    void sendMessageDialog()
    {
        const SessionSnapshotPtr snap = m_window->snapshot();
        SendMessageDialog dialog(snap);
        dialog.setDestination(idOf(snap, "pong"));
        dialog.setPayload(QStringLiteral("PING"));
        auto r = dialog.request();
        QVERIFY(r);
        QCOMPARE(r->from, idOf(snap, "alice"));
        QCOMPARE(r->to, idOf(snap, "pong"));
        QCOMPARE(r->payload, (Bytes { 'P', 'I', 'N', 'G' }));
        QVERIFY(!r->gas);
        dialog.setPayload(QStringLiteral("0x50494e4"), true);
        QString error;
        QVERIFY(!dialog.request(&error));
        QVERIFY(error.contains(QStringLiteral("hex")));
        dialog.setPayload(QStringLiteral("0x50494e47"), true);
        QCOMPARE(dialog.request()->payload, (Bytes { 'P', 'I', 'N', 'G' }));
    }

    /// OK with a malformed field keeps every dialog open and says which field is wrong; fixing
    /// the field lets OK through.
    void requestDialogsRefuseBadFields()
    {
        const SessionSnapshotPtr snap = m_window->snapshot();
        SendMessageDialog send(snap);
        send.setPayload(QStringLiteral("0x5"), true);
        send.accept();
        QCOMPARE(send.result(), int(QDialog::Rejected));
        QVERIFY2(send.errorText().startsWith(QStringLiteral("Payload:")), qPrintable(send.errorText()));
        send.setPayload(QStringLiteral("0x50"), true);
        send.accept();
        QCOMPARE(send.result(), int(QDialog::Accepted));
        QVERIFY(send.errorText().isEmpty());

        UploadProgramDialog upload(snap);
        upload.setFile(QStringLiteral("/no/such/program.wasm"));
        upload.accept();
        QCOMPARE(upload.result(), int(QDialog::Rejected));
        QVERIFY2(upload.errorText().contains(QStringLiteral("does not exist")), qPrintable(upload.errorText()));

        ReplyDialog reply(QStringLiteral("alice"), QStringLiteral("PONG"));
        reply.setPayload(QStringLiteral("0xzz"), true);
        reply.accept();
        QCOMPARE(reply.result(), int(QDialog::Rejected));
        QVERIFY2(reply.errorText().startsWith(QStringLiteral("Payload:")), qPrintable(reply.errorText()));
        reply.setPayload(QStringLiteral("ok"));
        reply.accept();
        QCOMPARE(reply.result(), int(QDialog::Accepted));
    }

    void dropATraceReplaysItAndContinuesLive()
    {
        // Two steps of the sample, recorded; opening the sample again finishes that recording.
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 2"));
        const QString trace = m_session->tracePath();
        QVERIFY(QFileInfo::exists(trace));
        m_window->openDefaultSample();
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 0"));
        QTRY_VERIFY(m_session->tracePath() != trace);

        // A dropped trace opens in replay mode, at its end.
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(trace) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &drop);
        const QString name = QFileInfo(trace).fileName();
        QTRY_VERIFY(m_window->windowTitle().startsWith(QStringLiteral("[Replay] ") + name));
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 2"));
        QCOMPARE(view("queueView")->model()->rowCount(), 1);
        QCOMPARE(cell(view("queueView"), 0, QueueModel::FromColumn), QStringLiteral("alice"));
        QVERIFY(label("statusMode")->text().contains(QStringLiteral("REPLAY")));
        QVERIFY(!m_window->findChild<QAction*>(QStringLiteral("actionStep"))->isEnabled());

        // "Continue live from here" forks a recorded live run from the position.
        m_window->findChild<QAction*>(QStringLiteral("actionContinueLive"))->trigger();
        QTRY_VERIFY(m_window->windowTitle().startsWith(name));
        QTRY_VERIFY(label("statusTrace")->text().contains(QStringLiteral("rec")));
        QCOMPARE(label("statusStep")->text(), QStringLiteral("Step 2"));
        QVERIFY(m_session->tracePath() != trace);
        QAbstractItemModel* log = view("logView")->model();
        bool continued = false;
        for (int r = 0; r < log->rowCount(); ++r)
            continued |= log->index(r, 4).data().toString().startsWith(
                QStringLiteral("continued from %1 at step 2; recording to ").arg(name));
        QVERIFY(continued);
        // Ready to go on: the next step is the third of the run.
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 3"));
        // And remembered with the recent files, whose entry replays it again.
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0), trace);
        auto* recent = m_window->findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(recent);
        QCOMPARE(recent->actions().value(0)->text(), name);
        recent->actions().value(0)->trigger();
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 2"));
        QTRY_VERIFY(m_window->windowTitle().startsWith(QStringLiteral("[Replay] ") + name));
        m_window->findChild<QAction*>(QStringLiteral("actionLeaveReplay"))->trigger();
    }

    void showOnlySelectedActorsFiltersTheGraph()
    {
        auto* graph = m_window->graphView();
        QVERIFY(graph);
        QTRY_COMPARE(graph->visibleNodeCount(), 6);
        const SessionSnapshotPtr snap = m_window->snapshot();
        const ActorId ping = idOf(snap, "ping"), alice = idOf(snap, "alice"), bob = idOf(snap, "bob");
        QTableView* actors = view("actorsView");
        actors->clearSelection();
        for (int r = 0; r < actors->model()->rowCount(); ++r) {
            const QString name = actors->model()->index(r, ActorTableModel::NameColumn).data().toString();
            if (name == u"ping" || name == u"alice")
                actors->selectionModel()->select(
                    actors->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(actors->selectionModel()->selectedRows().size(), 2);
        QVERIFY(action("actionShowOnlySelected")->isEnabled());
        action("actionShowOnlySelected")->trigger();
        QCOMPARE(graph->visibleNodeCount(), 2);
        QVERIFY(graph->nodeItem(ping)->isVisible());
        QVERIFY(graph->nodeItem(alice)->isVisible());
        QVERIFY(!graph->nodeItem(bob)->isVisible());
        QVERIFY(action("actionShowAllActors")->isEnabled());
        // New snapshots keep the filter.
        QTest::keyClick(m_window.get(), Qt::Key_F10);
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 1"));
        QCOMPARE(graph->visibleNodeCount(), 2);
        action("actionShowAllActors")->trigger();
        QCOMPARE(graph->visibleNodeCount(), 6);
        QVERIFY(!graph->visibleActors());
        QVERIFY(!action("actionShowAllActors")->isEnabled());
        // A new session starts unfiltered.
        actors->selectionModel()->select(
            actors->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        action("actionShowOnlySelected")->trigger();
        QCOMPARE(graph->visibleNodeCount(), 1);
        action("actionReset")->trigger();
        QTRY_COMPARE(label("statusStep")->text(), QStringLiteral("Step 0"));
        QTRY_COMPARE(graph->visibleNodeCount(), 6);
    }

    void collapseAndExpandAGroup()
    {
        auto* graph = m_window->graphView();
        const SessionSnapshotPtr snap = m_window->snapshot();
        const ActorId pong = idOf(snap, "pong"), ping = idOf(snap, "ping");
        QTRY_VERIFY(graph->nodeItem(ping));
        graph->setCreator(ping, pong); // as if pong had made ping
        m_window->selectActor(idOf(snap, "bob"));
        m_window->selectActor(pong);
        QAction* group = action("actionToggleGroup");
        QVERIFY(group->isEnabled());
        QCOMPARE(group->text(), QStringLiteral("Collapse children of pong"));
        group->trigger();
        QVERIFY(graph->isGroupCollapsed(pong));
        QCOMPARE(graph->representative(ping), graph->groupItem(pong));
        QCOMPARE(group->text(), QStringLiteral("Expand children of pong"));
        // The child's entry names its creator's group too.
        m_window->selectActor(ping);
        QCOMPARE(group->text(), QStringLiteral("Expand children of pong"));
        group->trigger();
        QVERIFY(!graph->isGroupCollapsed(pong));
        QCOMPARE(graph->representative(ping), graph->nodeItem(ping));
        // An actor without children or creator has nothing to collapse.
        m_window->selectActor(idOf(snap, "bob"));
        QVERIFY(!group->isEnabled());
    }

    void dropAProgramOpensItAndRemembersIt()
    {
        const QString file = QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pong.wat");
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(file) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &drop);
        QTRY_VERIFY(m_window->windowTitle().startsWith(QStringLiteral("pong.wat")));
        QCOMPARE(view("actorsView")->model()->rowCount(), 5);
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0), file);
        auto* recent = m_window->findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(recent);
        QCOMPARE(recent->actions().value(0)->text(), QStringLiteral("pong.wat"));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
