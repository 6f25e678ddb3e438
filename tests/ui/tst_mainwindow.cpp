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
#include "models/breakpointmodel.h"
#include "models/queuemodel.h"
#include "replay/replaycontroller.h"
#include "session/session.h"
#include "sessionwait.h"
#include "views/actorgraphview.h"
#include "views/actornodeitem.h"
#include "widgets/mailboxwidget.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
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
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

using namespace Gearscope;
using namespace Gearscope::Test;

namespace {

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

    /// Shows the Breakpoints panel (a tab behind the log) and returns its table.
    QTableView* breakpointsPanel()
    {
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("breakpointsDock"));
        if (!dock)
            return nullptr;
        dock->show();
        dock->raise();
        QTableView* v = view("breakpointsView");
        return v && QTest::qWaitForWindowExposed(m_window.get()) && QTest::qWaitFor([v] { return v->isVisible(); })
            ? v
            : nullptr;
    }
    /// Clicks the panel's tool button for `actionName`, as a person would.
    bool clickPanelButton(const char* actionName)
    {
        for (auto* bar : m_window->findChild<QWidget*>(QStringLiteral("breakpointsPanel"))->findChildren<QToolBar*>())
            if (auto* b = qobject_cast<QToolButton*>(bar->widgetForAction(action(actionName)))) {
                if (!b->isVisible() || !b->isEnabled())
                    return false;
                QTest::mouseClick(b, Qt::LeftButton);
                return true;
            }
        return false;
    }
    /// The condition of every row of the panel, in words.
    QStringList panelRows(QTableView* v)
    {
        QStringList rows;
        for (int r = 0; r < v->model()->rowCount(); ++r)
            rows << cell(v, r, BreakpointModel::BreakpointColumn);
        return rows;
    }
    /// The session's list in words (actor names as the snapshot has them).
    QStringList sessionRows()
    {
        QStringList rows;
        const auto snap = m_window->snapshot();
        for (const auto& bp : m_session->breakpoints())
            rows << QString::fromStdString(bp.describe([&](const ActorId& id) { return snap->actorName(id); }));
        return rows;
    }

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

    void breakpointsPanelAndMenuShowOneList()
    {
        QTableView* panel = breakpointsPanel();
        QVERIFY(panel);
        QCOMPARE(panel->model()->rowCount(), 0);
        const ActorId ping = idOf(m_window->snapshot(), "ping"), pong = idOf(m_window->snapshot(), "pong");

        // From the menu: the panel shows it.
        action("actionBreakOnTrap")->trigger();
        QCOMPARE(panelRows(panel), QStringList { QStringLiteral("trap or error reply") });
        // From the panel's buttons: the session and the menu have it too.
        m_window->selectActor(ping);
        QVERIFY(!action("actionBreakOnActor")->isChecked());
        QVERIFY(clickPanelButton("actionBreakAddActor"));
        QCOMPARE(panelRows(panel),
            (QStringList { QStringLiteral("trap or error reply"), QStringLiteral("dispatch to or from ping") }));
        QCOMPARE(panelRows(panel), sessionRows());
        QVERIFY(action("actionBreakOnActor")->isChecked());
        QVERIFY(!action("actionBreakAddActor")->isEnabled()); // already there
        // The kind toggles are in the panel too, as the same actions as the menu's.
        QVERIFY(clickPanelButton("actionBreakOnExit"));
        QCOMPARE(panelRows(panel).last(), QStringLiteral("program exited"));
        QVERIFY(action("actionBreakOnExit")->isChecked());
        QVERIFY(clickPanelButton("actionBreakOnExit"));
        QCOMPARE(panelRows(panel).size(), 2);
        // The menu lists what the panel added (menus are built when opened).
        auto* menu = m_window->findChild<QMenu*>(QStringLiteral("breakpointMenu"));
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QStringList menuTexts;
        for (QAction* a : menu->actions())
            menuTexts << a->text();
        QVERIFY2(menuTexts.contains(QStringLiteral("Dispatch to or from ping")), qPrintable(menuTexts.join(u'|')));

        // The panel's checkbox disables: the menu's toggle follows; the menu enables it again.
        QAbstractItemModel* model = panel->model();
        QVERIFY(model->setData(model->index(0, BreakpointModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!m_session->breakpoints().front().enabled);
        QVERIFY(!action("actionBreakOnTrap")->isChecked());
        action("actionBreakOnTrap")->trigger();
        QVERIFY(m_session->breakpoints().front().enabled);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        // Disable all, enable all.
        QVERIFY(clickPanelButton("actionBreakDisableAll"));
        QVERIFY(std::none_of(m_session->breakpoints().begin(), m_session->breakpoints().end(),
            [](const Breakpoint& b) { return b.enabled; }));
        QVERIFY(!action("actionBreakOnActor")->isChecked());
        QVERIFY(clickPanelButton("actionBreakEnableAll"));
        QVERIFY(action("actionBreakOnActor")->isChecked());

        // Double-click on the actor breakpoint selects its actor.
        m_window->selectActor(pong);
        const QRect r = panel->visualRect(model->index(1, BreakpointModel::BreakpointColumn));
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseDClick(panel->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(m_window->selection()->selectedActor(), std::optional<ActorId>(ping));

        // Delete in the panel removes the selected row; the menu's toggle follows.
        panel->setFocus();
        panel->selectRow(1);
        QTest::keyClick(panel, Qt::Key_Delete);
        QCOMPARE(panelRows(panel), QStringList { QStringLiteral("trap or error reply") });
        QCOMPARE(panelRows(panel), sessionRows());
        QVERIFY(!action("actionBreakOnActor")->isChecked());
        // Clear from the panel; the menu's Clear is the same action.
        QVERIFY(clickPanelButton("actionBreakClear"));
        QVERIFY(m_session->breakpoints().empty());
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!action("actionBreakOnTrap")->isChecked());
    }

    void aHitMarksItsRowInThePanel()
    {
        QTableView* panel = breakpointsPanel();
        QVERIFY(panel);
        m_window->selectActor(idOf(m_window->snapshot(), "ping"));
        QVERIFY(clickPanelButton("actionBreakAddActor"));
        action("actionBreakOnTrap")->trigger(); // never hit in ping-pong
        QAbstractItemModel* model = panel->model();
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(!model->index(0, 0).data(BreakpointModel::StoppedRole).toBool());

        // Stops before ping's init, the first dispatch involving ping (tst_session).
        action("actionRunIdle")->trigger();
        QTRY_VERIFY(label("statusRun")->text().contains(QStringLiteral("breakpoint")));
        QTRY_VERIFY(model->index(0, 0).data(BreakpointModel::StoppedRole).toBool());
        QVERIFY(!model->index(1, 0).data(BreakpointModel::StoppedRole).toBool());
        QCOMPARE(cell(panel, 0, BreakpointModel::HitsColumn), QStringLiteral("1"));
        QCOMPARE(cell(panel, 1, BreakpointModel::HitsColumn), QStringLiteral("0"));
        QVERIFY(model->index(0, BreakpointModel::BreakpointColumn).data(Qt::DecorationRole).isValid());
        // Again: past it, to the next dispatch involving ping.
        action("actionRunIdle")->trigger();
        QTRY_COMPARE(cell(panel, 0, BreakpointModel::HitsColumn), QStringLiteral("2"));
        QTRY_VERIFY(model->index(0, 0).data(BreakpointModel::StoppedRole).toBool());

        // A reset starts the counts again.
        action("actionReset")->trigger();
        QTRY_COMPARE(cell(panel, 0, BreakpointModel::HitsColumn), QStringLiteral("0"));
        QVERIFY(!model->index(0, 0).data(BreakpointModel::StoppedRole).toBool());
        QCOMPARE(model->rowCount(), 2);
    }

    void breakpointsAreReadOnlyInReplay()
    {
        QTableView* panel = breakpointsPanel();
        QVERIFY(panel);
        action("actionBreakOnTrap")->trigger();
        action("actionRunIdle")->trigger();
        QTRY_COMPARE(label("statusRun")->text(), QStringLiteral("idle"));
        const QString trace = m_session->tracePath();
        QVERIFY(!trace.isEmpty());
        QSignalSpy opened(m_window->replay(), &ReplayController::replayOpened);
        m_window->openFile(trace);
        QVERIFY(opened.wait(10000));
        QVERIFY(m_window->replay()->isActive());
        QAbstractItemModel* model = panel->model();
        QCOMPARE(model->rowCount(), 1); // still shown
        QVERIFY(!(model->flags(model->index(0, 0)) & Qt::ItemIsUserCheckable));
        for (const char* name : { "actionBreakOnTrap", "actionBreakOnCreate", "actionBreakOnExit", "actionBreakOnActor",
                 "actionBreakOnPayload", "actionBreakAddActor", "actionBreakRemove", "actionBreakEnableAll",
                 "actionBreakDisableAll", "actionBreakClear" })
            QVERIFY2(!action(name)->isEnabled(), name);
        panel->setFocus();
        panel->selectRow(0);
        QTest::keyClick(panel, Qt::Key_Delete);
        QCOMPARE(m_session->breakpoints().size(), size_t(1));
        // Back to live: editable again.
        m_window->replay()->close();
        QTRY_VERIFY(action("actionBreakClear")->isEnabled());
        QVERIFY(model->flags(model->index(0, 0)) & Qt::ItemIsUserCheckable);
    }

    /// <build>/screenshots/breakpoints.png (and docs/screenshots/ with GEARSCOPE_UPDATE_SCREENSHOTS):
    /// the window with the Breakpoints panel up, a few breakpoints, one disabled, one just hit.
    void breakpointsScreenshot()
    {
        m_window->resize(1600, 1000);
        QTableView* panel = breakpointsPanel();
        QVERIFY(panel);
        BreakpointModel* model = m_window->breakpointModel();
        action("actionBreakOnTrap")->trigger();
        model->addBreakpoint(Breakpoint::onActor(idOf(m_window->snapshot(), "ping")));
        model->addBreakpoint(Breakpoint::onPayload({ 'P', 'O', 'N', 'G' }));
        action("actionBreakOnExit")->trigger();
        QVERIFY(model->setData(model->index(3, 0), Qt::Unchecked, Qt::CheckStateRole));
        // ping stops the run twice, is disabled, and the next stop is the first PONG.
        for (int hitsOfPing = 1; hitsOfPing <= 2; ++hitsOfPing) {
            action("actionRunIdle")->trigger();
            QTRY_COMPARE(cell(panel, 1, BreakpointModel::HitsColumn), QString::number(hitsOfPing));
        }
        QVERIFY(model->setData(model->index(1, 0), Qt::Unchecked, Qt::CheckStateRole));
        action("actionRunIdle")->trigger();
        QTRY_COMPARE(cell(panel, 2, BreakpointModel::HitsColumn), QStringLiteral("1"));
        QTRY_VERIFY(model->index(2, 0).data(BreakpointModel::StoppedRole).toBool());
        panel->clearSelection();
        QTest::qWait(300); // the graph's step animation settles

        const QImage image = m_window->grab().toImage();
        QVERIFY(!image.isNull());
        QStringList outs { QStringLiteral(GEARSCOPE_BINARY_DIR "/screenshots/breakpoints.png") };
        if (qEnvironmentVariableIsSet("GEARSCOPE_UPDATE_SCREENSHOTS"))
            outs << QStringLiteral(GEARSCOPE_SOURCE_DIR "/docs/screenshots/breakpoints.png");
        for (const QString& out : outs) {
            QDir().mkpath(QFileInfo(out).absolutePath());
            QVERIFY2(image.save(out), qPrintable(out));
        }
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
