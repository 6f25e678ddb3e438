// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QMainWindow>

#include <set>
#include <vector>

class QAction;
class QComboBox;
class QDockWidget;
class QIcon;
class QKeySequence;
class QLabel;
class QMenu;
class QSlider;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QToolBar;

namespace Gearscope {

class ActorDetailsWidget;
class ActorGraphView;
class ActorSelection;
class ActorTableModel;
class BreakpointModel;
class MessageInspector;
class MessageSelection;
class QueryPanel;
class SearchPanel;
class LogModel;
class MailboxWidget;
class MessageSelection;
class PlotsWidget;
class SequenceChartWidget;
class TimelineWidget;
class QueueModel;
class ReplayController;
class Session;
class StateInspector;
class TaskModel;
class WaitlistModel;

/** The debugger window: a central area for the actor graph, and dockable panels — actors table,
 *  actor details, the global queue, a user's mailbox, the log, the breakpoints. Controls step,
 *  run a block, run/pause at a chosen speed, run until idle and reset; menus open programs,
 *  scenarios and traces (in replay mode, ui/replay), keep recent files, send messages, upload
 *  programs and set breakpoints (menu and panel both edit the Session's list, BreakpointModel).
 *  The graph can be filtered to the actors chosen in the actors table (several rows can be
 *  selected) and a creator's children collapsed into one node, from the actors table's and the
 *  graph's context menus and the View menu.
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
    // Issue 6, inspect: the message inspector, search and SQL docks, and "Save run as test".
    MessageSelection* messageSelection() const { return m_messageSelection; }
    MessageInspector* messageInspector() const { return m_messageInspector; }
    SearchPanel* searchPanel() const { return m_searchPanel; }
    QueryPanel* queryPanel() const { return m_queryPanel; }
    // Timeline, sequence chart and plots (issue 6)
    TimelineWidget* timelineWidget() const { return m_timeline; }
    SequenceChartWidget* sequenceChart() const { return m_sequenceChart; }
    PlotsWidget* plotsWidget() const { return m_plots; }
    /// The default sample embedded in the executable (ping-pong).
    static QString defaultSamplePath();
    /// Replay mode (a trace opened here is shown step by step).
    ReplayController* replay() const { return m_replay; }
    StateInspector* stateInspector() const { return m_stateInspector; }
    /// The Breakpoints panel's model (over the Session's list).
    BreakpointModel* breakpointModel() const { return m_breakpointModel; }

public Q_SLOTS:
    /// Opens a program (.wasm/.wat) or a scenario (.json) live, or a trace (.sqlite) in replay
    /// mode. The menu, the command line, recent files and drag and drop all come here.
    void openFile(const QString& path);
    /// Forks a new live recorded run from the replayed trace at the shown position.
    void continueLiveFromHere();
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
    /// Saves the current run's trace as a scenario (a regression test) at `path`, off the GUI
    /// thread; an empty path asks for one. Reports in the status bar and emits runSavedAsTest.
    void saveRunAsTest(const QString& path = QString());

Q_SIGNALS:
    void actorSelected(const Gearscope::ActorId& actor);
    /// Every panel shows this snapshot now.
    void snapshotShown(const Gearscope::SessionSnapshotPtr& snapshot);
    /// "Save run as test" finished: `error` is empty on success.
    void runSavedAsTest(const QString& path, const QString& error);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    /// An action named `name` (tests find it by that), with the shortcut shown in its tooltip.
    QAction* makeAction(
        const QString& text, const QString& name, const QKeySequence& key, const QIcon& icon, const QString& tip);
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void createInspectDocks();
    void createTimelineDocks();
    /// The links between the timeline and the replay and search panels (after all are made).
    void connectTimelineToPanels();
    /// Groups the bottom docks once every panel exists.
    void arrangeBottomDocks();
    void applySnapshot(const SessionSnapshotPtr& snapshot);
    void onActorSelected(const ActorId& actor);
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    // Breakpoints menu and panel (mainwindowbreakpoints.cpp).
    void createBreakpointActions();
    /// The Breakpoints dock; called by createDocks so it sits with the other panels.
    QDockWidget* createBreakpointsDock();
    void updateBreakpointMenu();
    /// Checks, texts and enabled states of the breakpoint actions; read-only in replay.
    void updateBreakpointActions();
    /// Asks for text or 0x… hex and adds a payload breakpoint.
    void addPayloadBreakpoint();
    void removeSelectedBreakpoints();
    /// The kind toggles: on adds (or enables) the breakpoint, off removes it.
    void setKindBreakpoint(const Breakpoint& bp, bool on);
    void showOpenDialog();
    void replyFromMailbox(const ActorId& user, const MessageId& message);
    /// The actors selected in the actors table (the shared selection when no row is).
    std::set<ActorId> tableSelectedActors() const;
    /// The creator whose group the selected actor belongs to or heads, if any.
    std::optional<ActorId> groupCreatorForSelection() const;
    void updateGraphActions();
    void showGraphMenu(QWidget* on, const QPoint& globalPos);
    // Replay mode and the state inspector (issue 6).
    void createReplay();
    void createStateInspector();
    void updateReplayControls();
    void showReplayError(const QString& message);
    /// A session snapshot while replaying: ends the replay once a "continue live" has forked.
    void onSessionSnapshotInReplay(const SessionSnapshotPtr& snapshot);

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
    QAction* m_bpAddActorAction = nullptr;
    QAction* m_bpRemoveAction = nullptr;
    QAction* m_bpEnableAllAction = nullptr;
    QAction* m_bpDisableAllAction = nullptr;
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

    // Replay mode and the state inspector (issue 6).
    ReplayController* m_replay = nullptr;
    QToolBar* m_replayBar = nullptr;
    QSlider* m_replaySlider = nullptr;
    QSpinBox* m_replaySpin = nullptr;
    QLabel* m_replayCount = nullptr;
    QLabel* m_statusMode = nullptr;
    QAction* m_replayFirstAction = nullptr;
    QAction* m_replayBackAction = nullptr;
    QAction* m_replayForwardAction = nullptr;
    QAction* m_replayLastAction = nullptr;
    QAction* m_continueLiveAction = nullptr;
    QAction* m_leaveReplayAction = nullptr;
    StateInspector* m_stateInspector = nullptr;
    quint64 m_continueCommand = 0; ///< a "continue live from here" the engine has not finished
    bool m_continueFailed = false;

    BreakpointModel* m_breakpointModel = nullptr;
    QTableView* m_breakpointView = nullptr;
    bool m_followLog = true;

    // Issue 6, inspect (createInspectDocks)
    MessageSelection* m_messageSelection = nullptr;
    MessageInspector* m_messageInspector = nullptr;
    SearchPanel* m_searchPanel = nullptr;
    QueryPanel* m_queryPanel = nullptr;
    QAction* m_saveRunAsTestAction = nullptr;
    // Timeline, sequence chart and plots (issue 6): they share the timeline's TimelineSource.
    TimelineWidget* m_timeline = nullptr;
    SequenceChartWidget* m_sequenceChart = nullptr;
    PlotsWidget* m_plots = nullptr;
};

} // namespace Gearscope
