// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QMainWindow>

#include <set>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTableView;

namespace Gearscope {

class ActorDetailsWidget;
class ActorGraphView;
class ActorSelection;
class ActorTableModel;
class LogModel;
class MailboxWidget;
class MessageSelection;
class PlotsWidget;
class SequenceChartWidget;
class TimelineWidget;
class QueueModel;
class Session;
class TaskModel;
class WaitlistModel;

/** The debugger window: a central area for the actor graph, and dockable panels — actors table,
 *  actor details, the global queue, a user's mailbox, the log. Controls step, run a block,
 *  run/pause at a chosen speed, run until idle and reset; menus open programs, scenarios and
 *  traces (continued from their end), keep recent files, send messages, upload programs and set
 *  breakpoints. The graph can be filtered to the actors chosen in the actors table (several rows
 *  can be selected) and a creator's children collapsed into one node, from the actors table's
 *  and the graph's context menus and the View menu.
 *
 *  Everything it shows comes from the Session's snapshots; the selected actor is shared through
 *  an ActorSelection that every panel (and the graph) follows. GUI thread only. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Uses `session` (not owned) or, when null, creates its own.
    explicit MainWindow(Session* session = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return m_session; }
    ActorSelection* selection() const { return m_selection; }
    SessionSnapshotPtr snapshot() const { return m_snapshot; }
    ActorGraphView* graphView() const { return m_graph; }
    // Timeline, sequence chart and plots (issue 6)
    MessageSelection* messageSelection() const { return m_messageSelection; }
    TimelineWidget* timelineWidget() const { return m_timeline; }
    SequenceChartWidget* sequenceChart() const { return m_sequenceChart; }
    PlotsWidget* plotsWidget() const { return m_plots; }
    /// The default sample embedded in the executable (ping-pong).
    static QString defaultSamplePath();

public Q_SLOTS:
    /// Opens a program (.wasm/.wat), a scenario (.json) or a trace (.sqlite, continued from its
    /// end). The menu, the command line, recent files and drag and drop all come here.
    void openFile(const QString& path);
    void openDefaultSample();
    void selectActor(const Gearscope::ActorId& actor);
    void stepDispatch();
    void runBlock();
    void toggleRun();
    void runUntilIdle();
    void reset();
    void showSendMessageDialog();
    void showUploadProgramDialog();
    /// Shows only the actors selected in the actors table in the graph.
    void showOnlySelectedActors();
    void showAllActors();
    /// Collapses (or expands) the group of the selected actor's children — or, for a created
    /// program, its creator's.
    void toggleSelectedGroup();

Q_SIGNALS:
    void actorSelected(const Gearscope::ActorId& actor);
    /// Every panel shows this snapshot now.
    void snapshotShown(const Gearscope::SessionSnapshotPtr& snapshot);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void createTimelineDocks();
    void applySnapshot(const SessionSnapshotPtr& snapshot);
    void onActorSelected(const ActorId& actor);
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    void updateBreakpointMenu();
    void pushBreakpoints();
    void showOpenDialog();
    void replyFromMailbox(const ActorId& user, const MessageId& message);
    /// The actors selected in the actors table (the shared selection when no row is).
    std::set<ActorId> tableSelectedActors() const;
    /// The creator whose group the selected actor belongs to or heads, if any.
    std::optional<ActorId> groupCreatorForSelection() const;
    void updateGraphActions();
    void showGraphMenu(QWidget* on, const QPoint& globalPos);

    Session* m_session;
    bool m_ownsSession = false;
    ActorSelection* m_selection;
    SessionSnapshotPtr m_snapshot;

    QueueModel* m_queueModel;
    ActorTableModel* m_actorModel;
    QSortFilterProxyModel* m_actorProxy;
    WaitlistModel* m_waitlistModel;
    TaskModel* m_taskModel;
    LogModel* m_logModel;

    ActorGraphView* m_graph = nullptr;
    QTableView* m_queueView = nullptr;
    QTableView* m_actorView = nullptr;
    QTableView* m_logView = nullptr;
    ActorDetailsWidget* m_details = nullptr;
    MailboxWidget* m_mailbox = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_openSampleAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_runBlockAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_runIdleAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_sendAction = nullptr;
    QAction* m_uploadAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_bpTrapAction = nullptr;
    QAction* m_bpCreatedAction = nullptr;
    QAction* m_bpExitedAction = nullptr;
    QAction* m_bpActorAction = nullptr;
    QAction* m_bpPayloadAction = nullptr;
    QAction* m_bpClearAction = nullptr;
    QAction* m_showOnlySelectedAction = nullptr;
    QAction* m_showAllAction = nullptr;
    QAction* m_groupAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_breakpointMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QComboBox* m_speed = nullptr;

    QLabel* m_statusBlock = nullptr;
    QLabel* m_statusStep = nullptr;
    QLabel* m_statusQueue = nullptr;
    QLabel* m_statusGas = nullptr;
    QLabel* m_statusRun = nullptr;
    QLabel* m_statusTrace = nullptr;

    std::set<ActorId> m_actorBreakpoints;
    std::vector<Bytes> m_payloadBreakpoints;
    bool m_followLog = true;

    // Timeline, sequence chart and plots (issue 6): they share the timeline's TimelineSource.
    MessageSelection* m_messageSelection = nullptr;
    TimelineWidget* m_timeline = nullptr;
    SequenceChartWidget* m_sequenceChart = nullptr;
    PlotsWidget* m_plots = nullptr;
};

} // namespace Gearscope
