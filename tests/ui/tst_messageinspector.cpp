// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// The message inspector (issue 6): every field of a known message of the counter sample (eve's
// "-100", which panics, and its error reply), links that select the messages they name, a message
// the trace has not committed yet, and the window: its docks, queue/mailbox rows selecting
// messages, and "Save run as test".
#include "format.h"
#include "inspectfixture.h"
#include "inspectors/messageinspector.h"
#include "mainwindow.h"
#include "messageselection.h"
#include "models/mailboxmodel.h"
#include "scenario/scenario.h"
#include "search/searchpanel.h"
#include "search/searchresultmodel.h"
#include "session/session.h"
#include "widgets/mailboxwidget.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Gearscope;
using namespace Gearscope::Test;

/// A session recording into a temporary folder, and its window shown at a size that fits every dock.
struct ShownWindow
{
    QTemporaryDir traces;
    Session session;
    MainWindow window { &session };
    ShownWindow()
    {
        session.setTraceDirectory(traces.path());
        window.resize(1600, 1000);
        window.show();
    }
};

class tst_MessageInspector : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SessionSnapshotPtr m_snap;
    MessageId m_eveSend; ///< eve's "-" 100: panics
    MessageId m_eveReply; ///< its error reply
    Gas m_eveBurned = 0;
    uint64_t m_eveStep = 0;
    Gas m_eveGasLimit = 0;

    static ActorId byName(const SessionSnapshotPtr& s, const std::string& name)
    {
        for (const auto& [id, n] : s->names)
            if (n == name)
                return id;
        return {};
    }

    /// Selects `id` and waits for the inspector to show it.
    static bool showAndWait(MessageSelection& sel, MessageInspector& inspector, const MessageId& id)
    {
        QSignalSpy shown(&inspector, &MessageInspector::detailsShown);
        sel.selectMessage(id);
        return (!shown.isEmpty() || shown.wait(10000)) && inspector.details().id == id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GearscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_messageinspector"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        std::string error;
        m_snap
            = recordSample(QString::fromUtf8(CounterSample), m_dir.filePath(QStringLiteral("counter.sqlite")), &error);
        QVERIFY2(m_snap, error.c_str());
        // The oracles: the trace's inputs, the runtime's user log and the steps as recorded.
        auto reader = TraceReader::open(m_snap->tracePath);
        QVERIFY(reader.ok());
        const ActorId eve = byName(m_snap, "eve");
        const auto inputs = reader.value()->inputs();
        QVERIFY(inputs.ok());
        for (const auto& in : inputs.value())
            if (in.kind == InputKind::Send && in.user == eve)
                m_eveSend = in.message;
        QVERIFY(m_eveSend != MessageId {});
        for (const auto& m : m_snap->world.userLog)
            if (m.replyTo && *m.replyTo == m_eveSend)
                m_eveReply = m.id;
        QVERIFY(m_eveReply != MessageId {});
        QVERIFY(reader.value()
                    ->forEachStep(0, reader.value()->stepCount(),
                        [&](const StepRecord& r) {
                            if (r.kind == StepKind::Dispatch && r.message.id == m_eveSend) {
                                m_eveBurned += r.gasBurned;
                                m_eveGasLimit = r.gasLimit;
                                m_eveStep = r.index;
                            }
                            return true;
                        })
                    .ok());
        QVERIFY(m_eveBurned > 0);
    }

    void showsEveryFieldOfAPanickingMessage()
    {
        MessageSelection sel;
        MessageInspector inspector(&sel);
        inspector.applySnapshot(m_snap);
        QVERIFY(showAndWait(sel, inspector, m_eveSend));
        const QString eveHex = QString::fromStdString(m_eveSend.hex());
        QCOMPARE(inspector.fieldText(QStringLiteral("id")), eveHex);
        QCOMPARE(inspector.fieldText(QStringLiteral("kind")), QStringLiteral("handle"));
        QVERIFY(inspector.fieldText(QStringLiteral("source")).startsWith(QStringLiteral("eve ")));
        QCOMPARE(inspector.fieldText(QStringLiteral("source")),
            QStringLiteral("eve ") + QString::fromStdString(byName(m_snap, "eve").shortHex()));
        QCOMPARE(inspector.findChild<QLabel*>(QStringLiteral("field_source"))->toolTip(),
            QString::fromStdString(byName(m_snap, "eve").hex()));
        QVERIFY(inspector.fieldText(QStringLiteral("destination")).startsWith(QStringLiteral("counter ")));
        // "-" then u32 100, little-endian (the scenario file).
        QVERIFY2(inspector.fieldText(QStringLiteral("payloadHex")).contains(QStringLiteral("2d 64 00 00 00")),
            qPrintable(inspector.fieldText(QStringLiteral("payloadHex"))));
        QCOMPARE(inspector.fieldText(QStringLiteral("payloadText")), QStringLiteral("-d..."));
        QCOMPARE(inspector.fieldText(QStringLiteral("value")), QStringLiteral("0"));
        QCOMPARE(inspector.fieldText(QStringLiteral("gasLimit")),
            QStringLiteral("%1 at step %2").arg(Format::gas(m_eveGasLimit)).arg(m_eveStep));
        QCOMPARE(m_eveGasLimit, Gas(750'000'000'000ull)); // the scenario's default gas, all of it available
        QCOMPARE(inspector.fieldText(QStringLiteral("gasBurned")), Format::gas(m_eveBurned));
        QCOMPARE(inspector.fieldText(QStringLiteral("replyTo")), QStringLiteral("—"));
        QCOMPARE(inspector.fieldText(QStringLiteral("replyCode")), QStringLiteral("—"));
        QCOMPARE(inspector.fieldText(QStringLiteral("panic")), QStringLiteral("counter would go below zero"));
        QCOMPARE(inspector.fieldText(QStringLiteral("processed")), QStringLiteral("step %1: trap").arg(m_eveStep));
        QCOMPARE(inspector.fieldText(QStringLiteral("cameFrom")), QStringLiteral("a user (input)"));
        QVERIFY2(inspector.fieldText(QStringLiteral("caused"))
                     .contains(QStringLiteral("reply ") + QString::fromStdString(m_eveReply.shortHex())),
            qPrintable(inspector.fieldText(QStringLiteral("caused"))));
        QVERIFY(inspector.fieldText(QStringLiteral("status")).isEmpty());
    }

    /** In replay the inspector shows a message as of the position (a snapshot's stepCount): not
     *  its later dispatches and reply, and not the message at all before it is sent. Positions
     *  around eve's panicking message: before it appears, after it appears but before the step
     *  that runs it, and after that step. */
    void showsOnlyWhatHappenedByThePosition_data()
    {
        QTest::addColumn<int>("where"); // 0 before it appears, 1 queued, 2 processed
        QTest::newRow("before it is sent") << 0;
        QTest::newRow("queued, not yet run") << 1;
        QTest::newRow("after the step that ran it") << 2;
    }
    void showsOnlyWhatHappenedByThePosition()
    {
        QFETCH(int, where);
        auto reader = TraceReader::open(m_snap->tracePath);
        QVERIFY(reader.ok());
        auto pos = reader.value()->query(
            "SELECT max(created_pos, 0) FROM messages WHERE id = X'" + m_eveSend.hex() + "'", 1);
        QVERIFY(pos.ok() && pos.value().rows.size() == 1);
        const uint64_t appears = std::stoull(pos.value().rows[0][0]);
        QVERIFY(appears >= 1 && appears <= m_eveStep); // sent as an input before the step that ran it
        auto snap = std::make_shared<SessionSnapshot>(*m_snap);
        snap->stepCount = where == 0 ? appears - 1 : where == 1 ? m_eveStep : m_eveStep + 1;

        MessageSelection sel;
        MessageInspector inspector(&sel);
        inspector.applySnapshot(snap);
        QVERIFY(showAndWait(sel, inspector, m_eveSend));
        const QString status = inspector.fieldText(QStringLiteral("status"));
        const QString caused = inspector.fieldText(QStringLiteral("caused"));
        switch (where) {
        case 0:
            QCOMPARE(status,
                QStringLiteral("Not sent yet at step %1: it appears at step %2.").arg(appears - 1).arg(appears));
            QCOMPARE(inspector.fieldText(QStringLiteral("processed")), QStringLiteral("not yet"));
            QCOMPARE(caused, QStringLiteral("nothing"));
            break;
        case 1:
            QCOMPARE(status, QStringLiteral("As of step %1: what happens to it later is not shown.").arg(m_eveStep));
            QCOMPARE(inspector.fieldText(QStringLiteral("processed")), QStringLiteral("not yet"));
            QCOMPARE(inspector.fieldText(QStringLiteral("panic")), QStringLiteral("—"));
            QCOMPARE(caused, QStringLiteral("nothing"));
            break;
        default:
            QVERIFY2(status.isEmpty(), qPrintable(status));
            QCOMPARE(inspector.fieldText(QStringLiteral("processed")), QStringLiteral("step %1: trap").arg(m_eveStep));
            QVERIFY2(caused.contains(QStringLiteral("reply ") + QString::fromStdString(m_eveReply.shortHex())),
                qPrintable(caused));
        }
    }

    void showsTheErrorReply()
    {
        MessageSelection sel;
        MessageInspector inspector(&sel);
        inspector.applySnapshot(m_snap);
        QVERIFY(showAndWait(sel, inspector, m_eveReply));
        QCOMPARE(inspector.fieldText(QStringLiteral("kind")), QStringLiteral("reply"));
        QVERIFY(inspector.fieldText(QStringLiteral("source")).startsWith(QStringLiteral("counter ")));
        QVERIFY(inspector.fieldText(QStringLiteral("destination")).startsWith(QStringLiteral("eve ")));
        QCOMPARE(inspector.fieldText(QStringLiteral("replyTo")), QString::fromStdString(m_eveSend.shortHex()));
        QCOMPARE(inspector.fieldText(QStringLiteral("replyCode")),
            QStringLiteral("Error(Execution(UserspacePanic)) 01000300"));
        QCOMPARE(inspector.fieldText(QStringLiteral("payloadText")), QStringLiteral("counter would go below zero"));
        QCOMPARE(inspector.fieldText(QStringLiteral("cameFrom")),
            QStringLiteral("step %1, dispatching %2").arg(m_eveStep).arg(QString::fromStdString(m_eveSend.shortHex())));
        // A reply to a user is never dispatched.
        QCOMPARE(inspector.fieldText(QStringLiteral("gasBurned")), QStringLiteral("not processed"));
        QCOMPARE(inspector.fieldText(QStringLiteral("caused")), QStringLiteral("nothing"));
    }

    void linksSelectTheirMessage()
    {
        MessageSelection sel;
        MessageInspector inspector(&sel);
        inspector.applySnapshot(m_snap);
        QVERIFY(showAndWait(sel, inspector, m_eveSend));
        auto* caused = inspector.findChild<QLabel*>(QStringLiteral("field_caused"));
        QVERIFY(caused);
        QVERIFY(caused->text().contains(QStringLiteral("msg:") + QString::fromStdString(m_eveReply.hex())));
        QSignalSpy shown(&inspector, &MessageInspector::detailsShown);
        Q_EMIT caused->linkActivated(QStringLiteral("msg:") + QString::fromStdString(m_eveReply.hex()));
        QCOMPARE(sel.selectedMessage(), std::optional<MessageId>(m_eveReply));
        QVERIFY(shown.wait(10000));
        QCOMPARE(inspector.fieldText(QStringLiteral("id")), QString::fromStdString(m_eveReply.hex()));
        // And back through "reply to" and "came from".
        auto* replyTo = inspector.findChild<QLabel*>(QStringLiteral("field_replyTo"));
        Q_EMIT replyTo->linkActivated(QStringLiteral("msg:") + QString::fromStdString(m_eveSend.hex()));
        QCOMPARE(sel.selectedMessage(), std::optional<MessageId>(m_eveSend));
        sel.clear();
        QTRY_VERIFY(inspector.fieldText(QStringLiteral("id")).isEmpty());
    }

    /// A message still queued in a live run is not in the trace yet: the world shows it.
    void uncommittedMessageComesFromTheWorld()
    {
        auto snap = std::make_shared<SessionSnapshot>(*m_snap);
        Message m;
        m.id = MessageId::fromBytes(std::array<uint8_t, 32> { 7, 7, 7 }.data());
        m.source = byName(m_snap, "alice");
        m.destination = byName(m_snap, "counter");
        m.payload = { 'h', 'i' };
        m.value = 5;
        snap->world.queue.push_back(QueuedDispatch { DispatchKind::Handle, m, 1000, false });
        MessageSelection sel;
        MessageInspector inspector(&sel);
        inspector.applySnapshot(snap);
        QVERIFY(showAndWait(sel, inspector, m.id));
        QCOMPARE(inspector.fieldText(QStringLiteral("id")), QString::fromStdString(m.id.hex()));
        QCOMPARE(inspector.fieldText(QStringLiteral("payloadText")), QStringLiteral("hi"));
        QCOMPARE(inspector.fieldText(QStringLiteral("value")), QStringLiteral("5"));
        QVERIFY(inspector.fieldText(QStringLiteral("status")).contains(QStringLiteral("queue")));
        // Unknown anywhere: said so, no crash.
        const MessageId nowhere = MessageId::fromBytes(std::array<uint8_t, 32> { 9 }.data());
        QVERIFY(showAndWait(sel, inspector, nowhere));
        QVERIFY(inspector.fieldText(QStringLiteral("status")).contains(QStringLiteral("not in this run")));
    }

    void windowWiresTheInspectDocks()
    {
        ShownWindow shown;
        QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
        Session& session = shown.session;
        MainWindow& window = shown.window;
        for (const char* dock : { "messageInspectorDock", "searchDock", "queryDock" })
            QVERIFY2(window.findChild<QDockWidget*>(QString::fromLatin1(dock)), dock);
        window.openFile(QString::fromUtf8(CounterSample));
        auto* queue = window.findChild<QTableView*>(QStringLiteral("queueView"));
        QTRY_VERIFY(queue->model()->rowCount() >= 1); // the init message, at least
        // Selecting a queue row selects its message everywhere.
        const MessageId front = window.snapshot()->world.queue.front().message.id;
        window.messageSelection()->clear();
        queue->clearSelection();
        queue->setCurrentIndex(QModelIndex());
        queue->setCurrentIndex(queue->model()->index(0, 0));
        QCOMPARE(window.messageSelection()->selectedMessage(), std::optional<MessageId>(front));
        QTRY_COMPARE(window.messageInspector()->fieldText(QStringLiteral("id")), QString::fromStdString(front.hex()));

        // Run it, then save the run as a test: the saved scenario passes.
        session.runUntilIdle();
        QTRY_VERIFY(window.snapshot()->idle && window.snapshot()->stepCount > 0);
        QAction* save = window.findChild<QAction*>(QStringLiteral("saveRunAsTestAction"));
        QVERIFY(save);
        bool inFileMenu = false;
        for (QObject* o : save->associatedObjects())
            if (auto* menu = qobject_cast<QMenu*>(o))
                inFileMenu = inFileMenu || menu->title() == QStringLiteral("&File");
        QVERIFY(inFileMenu);
        const QString out = shown.traces.filePath(QStringLiteral("counter-test.json"));
        QSignalSpy saved(&window, &MainWindow::runSavedAsTest);
        window.saveRunAsTest(out);
        QVERIFY(!saved.isEmpty() || saved.wait(30000));
        QCOMPARE(saved.first().at(1).toString(), QString());
        auto sc = Scenario::load(out.toStdString());
        QVERIFY2(sc.ok(), sc.error().c_str());
        ScenarioRunner runner(sc.value());
        QVERIFY(runner.setUp().ok());
        QVERIFY(runner.run().ok());
        QVERIFY(runner.check().ok());
    }

    /// A mailbox row selects its message everywhere (chatroom leaves messages in mailboxes).
    void mailboxRowSelectsTheMessage()
    {
        const QString chatroom = QStringLiteral(GEARSCOPE_BINARY_DIR "/samples/chatroom/chatroom.json");
        if (!QFile::exists(QStringLiteral(GEARSCOPE_BINARY_DIR "/samples/chatroom/chatroom.wasm")))
            QSKIP("the C samples were not built (clang-14 missing)");
        ShownWindow shown;
        QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
        Session& session = shown.session;
        MainWindow& window = shown.window;
        window.openFile(chatroom);
        QTRY_VERIFY(window.snapshot()->loaded);
        for (int block = 1; block <= 3; ++block) {
            session.runBlock();
            QTRY_COMPARE(window.snapshot()->block, BlockNumber(block));
        }
        QTRY_VERIFY(!window.snapshot()->running);
        std::optional<ActorId> user;
        MessageId first;
        for (const auto& [u, entries] : window.snapshot()->world.mailboxes)
            if (!entries.empty()) {
                user = u;
                first = entries.front().message.id;
                break;
            }
        QVERIFY2(user, "chatroom left no message in a mailbox");
        window.selectActor(*user);
        auto* mailbox = window.findChild<MailboxWidget*>(QStringLiteral("mailboxWidget"));
        QTRY_VERIFY(mailbox->model()->rowCount() > 0);
        QCOMPARE(mailbox->model()->messageAt(0), first);
        mailbox->view()->setCurrentIndex(mailbox->model()->index(0, 0));
        QCOMPARE(window.messageSelection()->selectedMessage(), std::optional<MessageId>(first));
        QTRY_COMPARE(window.messageInspector()->fieldText(QStringLiteral("id")), QString::fromStdString(first.hex()));
        QCOMPARE(window.messageInspector()->fieldText(QStringLiteral("destination")),
            QStringLiteral("%1 %2").arg(
                QString::fromStdString(window.snapshot()->actorName(*user)), QString::fromStdString(user->shortHex())));
    }

    /// docs/screenshots/inspector.png: the counter sample run to its end, eve's panicking
    /// message found by its payload bytes and shown in the inspector.
    void screenshot()
    {
        ShownWindow shown;
        QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
        Session& session = shown.session;
        MainWindow& window = shown.window;
        window.openFile(QString::fromUtf8(CounterSample));
        QTRY_VERIFY(window.snapshot()->loaded);
        session.runUntilIdle();
        QTRY_VERIFY(window.snapshot()->idle && window.snapshot()->stepCount > 0);
        SearchPanel* search = window.searchPanel();
        search->setPayload(QStringLiteral("2d 64 00 00 00"), true);
        QSignalSpy found(search, &SearchPanel::searchFinished);
        search->search();
        QVERIFY(!found.isEmpty() || found.wait(10000));
        QCOMPARE(search->model()->rowCount(), 1);
        search->view()->setCurrentIndex(search->model()->index(0, 0));
        QTRY_COMPARE(window.messageInspector()->fieldText(QStringLiteral("panic")),
            QStringLiteral("counter would go below zero"));
        window.findChild<QDockWidget*>(QStringLiteral("searchDock"))->raise();
        QCoreApplication::processEvents();

        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        QStringList outs { QStringLiteral(GEARSCOPE_BINARY_DIR "/screenshots/inspector.png") };
        if (qEnvironmentVariableIsSet("GEARSCOPE_UPDATE_SCREENSHOTS"))
            outs << QStringLiteral(GEARSCOPE_SOURCE_DIR "/docs/screenshots/inspector.png");
        for (const QString& out : outs) {
            QDir().mkpath(QFileInfo(out).path());
            QVERIFY(image.save(out));
        }
    }
};

QTEST_MAIN(tst_MessageInspector)
#include "tst_messageinspector.moc"
