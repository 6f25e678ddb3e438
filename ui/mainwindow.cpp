// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "actorselection.h"
#include "dialogs/replydialog.h"
#include "dialogs/sendmessagedialog.h"
#include "dialogs/uploadprogramdialog.h"
#include "format.h"
#include "messageselection.h"
#include "models/actortablemodel.h"
#include "models/breakpointmodel.h"
#include "models/logmodel.h"
#include "models/queuemodel.h"
#include "models/taskmodel.h"
#include "models/waitlistmodel.h"
#include "replay/replaycontroller.h"
#include "session/session.h"
#include "session/sessionengine.h"
#include "timeline/plotswidget.h"
#include "timeline/sequencechartwidget.h"
#include "timeline/timelinewidget.h"
#include "views/actorgraphview.h"
#include "views/actornodeitem.h"
#include "widgets/actordetailswidget.h"
#include "widgets/mailboxwidget.h"
// Issue 6, inspect
#include "inspectors/messageinspector.h"
#include "messageselection.h"
#include "models/mailboxmodel.h"
#include "query/querypanel.h"
#include "scenario/scenariowriter.h"
#include "search/searchpanel.h"
#include "trace/tracereader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QtConcurrent>

#include <algorithm>

namespace Gearscope {

namespace {

constexpr int MaxRecentFiles = 8;
constexpr int DefaultSpeed = 20;

/// The central area of the window: the actor graph, fed with the session's snapshots (world and
/// steps); it follows and sets the shared selection.
ActorGraphView* createCentralView(MainWindow* window, ActorSelection* selection, QWidget* parent)
{
    auto* graph = new ActorGraphView(parent);
    graph->setObjectName(QStringLiteral("actorGraph"));
    // The graph follows the snapshots the window shows (live or replay): a new generation (file
    // opened, reset) starts over; otherwise the world is merged and the steps since the last
    // snapshot are shown.
    auto generation = std::make_shared<uint64_t>(~uint64_t(0));
    QObject::connect(window, &MainWindow::snapshotShown, graph, [graph, generation](const SessionSnapshotPtr& s) {
        if (!s)
            return;
        if (*generation != s->generation) {
            graph->clear();
            graph->setVisibleActors(std::nullopt); // a filter names the old session's actors
            *generation = s->generation;
        }
        const int nodesBefore = graph->nodeCount();
        graph->setWorld(s->world);
        // While running fast many steps arrive at once: animate only the last one.
        graph->setAnimationsEnabled(s->steps.size() <= 1 && !s->running);
        for (const auto& step : s->steps)
            graph->showStep(step);
        if (graph->nodeCount() != nodesBefore)
            graph->fitAll(); // new actors: keep everyone in view
    });
    QObject::connect(graph, &ActorGraphView::actorSelected, selection, &ActorSelection::selectActor);
    QObject::connect(
        selection, &ActorSelection::actorSelected, graph, [graph](const ActorId& id) { graph->setSelectedActor(id); });
    QObject::connect(
        selection, &ActorSelection::selectionCleared, graph, [graph] { graph->setSelectedActor(std::nullopt); });
    return graph;
}

QTableView* makeTableView(QWidget* parent, const QString& objectName)
{
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    return view;
}

QDockWidget* makeDock(const QString& title, const QString& objectName, QWidget* content, QWidget* parent)
{
    auto* dock = new QDockWidget(title, parent);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    return dock;
}

/// Columns as wide as their contents (measured on the first rows only: queues can be long),
/// one column (or, with -1, the last) taking the rest of the width.
void fitColumns(QTableView* view, int stretchColumn)
{
    QHeaderView* h = view->horizontalHeader();
    h->setStretchLastSection(stretchColumn < 0);
    h->setResizeContentsPrecision(100);
    h->setSectionResizeMode(QHeaderView::ResizeToContents);
    if (stretchColumn >= 0)
        h->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
}

/// Content-sized columns are measured when rows come and go but not when a cell's text
/// changes; ask again (the header's own slot, which honours each section's mode).
void refitColumns(QTableView* view)
{
    QMetaObject::invokeMethod(view->horizontalHeader(), "resizeSections", Qt::DirectConnection);
}

} // namespace

MainWindow::MainWindow(Session* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_selection(new ActorSelection(this))
    , m_snapshot(std::make_shared<const SessionSnapshot>())
    , m_queueModel(new QueueModel(this))
    , m_actorModel(new ActorTableModel(this))
    , m_actorProxy(new QSortFilterProxyModel(this))
    , m_waitlistModel(new WaitlistModel(this))
    , m_taskModel(new TaskModel(this))
    , m_logModel(new LogModel(this))
{
    if (!m_session) {
        m_session = new Session(this);
        m_ownsSession = true;
    }
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gearscope"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    m_actorProxy->setSourceModel(m_actorModel);
    m_actorProxy->setSortRole(SnapshotTableModel::SortRole);
    m_breakpointModel = new BreakpointModel(m_session, this);

    m_graph = createCentralView(this, m_selection, this);
    setCentralWidget(m_graph);
    createActions();
    createMenus();
    createToolBar();
    createDocks();
    createTimelineDocks();
    createStatusBar();
    createInspectDocks();
    createReplay();
    createStateInspector();
    connectTimelineToPanels();
    arrangeBottomDocks();

    // In replay mode the window shows the replay's snapshots, not the session's.
    connect(m_session, &Session::snapshotAvailable, this, [this](const SessionSnapshotPtr& snapshot) {
        if (m_replay->isActive())
            onSessionSnapshotInReplay(snapshot);
        else
            applySnapshot(snapshot);
    });
    connect(m_session, &Session::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Failed: %1").arg(message.section(QLatin1Char('\n'), 0, 0)), 10000);
    });
    connect(m_session, &Session::breakpointHit, this,
        [this](const QString& what) { statusBar()->showMessage(tr("Stopped at %1").arg(what), 10000); });
    connect(m_session, &Session::progress, this, [this](const QString& what, qint64 done, qint64 total) {
        if (done >= total)
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(tr("%1: step %2 of %3").arg(what).arg(done).arg(total));
    });
    connect(m_selection, &ActorSelection::actorSelected, this, &MainWindow::onActorSelected);
    connect(m_selection, &ActorSelection::selectionCleared, this, [this] {
        m_details->setActor(std::nullopt);
        updateBreakpointMenu();
    });

    QSettings settings;
    const int speed = settings.value(QStringLiteral("speed"), DefaultSpeed).toInt();
    for (int i = 0; i < m_speed->count(); ++i)
        if (m_speed->itemData(i).toInt() == speed)
            m_speed->setCurrentIndex(i);
    m_session->setSpeed(m_speed->currentData().toInt());
    resize(1500, 920);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    updateRecentMenu();
    updateBreakpointMenu();
    applySnapshot(m_snapshot);
    updateGraphActions();
}

MainWindow::~MainWindow()
{
    // The session (if ours) goes with its QObject parent; stop a run first so its thread winds
    // down before the models it feeds are gone.
    if (m_ownsSession)
        m_session->pause();
}

QString MainWindow::defaultSamplePath() { return QStringLiteral(":/samples/pingpong/pingpong.json"); }

// ===================================================================== building the window

QAction* MainWindow::makeAction(
    const QString& text, const QString& name, const QKeySequence& key, const QIcon& icon, const QString& tip)
{
    auto* a = new QAction(icon, text, this);
    a->setObjectName(name);
    if (!key.isEmpty())
        a->setShortcut(key);
    // The shortcut in the tooltip: toolbar users learn the keys from it.
    a->setToolTip(key.isEmpty() ? tip : tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    return a;
}

void MainWindow::createActions()
{
    QStyle* st = style();
    auto make = [this](const QString& text, const QString& name, const QKeySequence& key, const QIcon& icon,
                    const QString& tip) { return makeAction(text, name, key, icon, tip); };
    m_openAction = make(tr("&Open…"), QStringLiteral("actionOpen"), QKeySequence::Open,
        st->standardIcon(QStyle::SP_DialogOpenButton), tr("Open a program, a scenario or a trace"));
    m_openSampleAction = make(tr("Open the &default sample"), QStringLiteral("actionOpenSample"), {}, {},
        tr("Open the embedded ping-pong sample"));
    m_stepAction = make(tr("&Step"), QStringLiteral("actionStep"), QKeySequence(Qt::Key_F10),
        st->standardIcon(QStyle::SP_ArrowRight), tr("Run the next dispatch (and any task before it)"));
    m_runBlockAction = make(tr("Run &block"), QStringLiteral("actionRunBlock"), QKeySequence(Qt::Key_F11),
        st->standardIcon(QStyle::SP_MediaSkipForward), tr("Finish the open block, or run the next one"));
    m_runAction = make(tr("&Run"), QStringLiteral("actionRun"), QKeySequence(Qt::Key_F5),
        st->standardIcon(QStyle::SP_MediaPlay), tr("Run at the chosen speed / pause"));
    m_runIdleAction = make(tr("Run until &idle"), QStringLiteral("actionRunIdle"), QKeySequence(Qt::CTRL | Qt::Key_F5),
        st->standardIcon(QStyle::SP_MediaSeekForward), tr("Run as fast as possible until nothing is left to do"));
    m_resetAction = make(tr("R&eset"), QStringLiteral("actionReset"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5),
        st->standardIcon(QStyle::SP_BrowserReload), tr("Start the open file again from the beginning"));
    m_sendAction = make(tr("Send &message…"), QStringLiteral("actionSend"), QKeySequence(Qt::CTRL | Qt::Key_M),
        st->standardIcon(QStyle::SP_ArrowForward), tr("Send a message as a user"));
    m_uploadAction = make(tr("&Upload program…"), QStringLiteral("actionUpload"), QKeySequence(Qt::CTRL | Qt::Key_U),
        st->standardIcon(QStyle::SP_FileDialogNewFolder), tr("Upload a .wasm or .wat program as a user"));
    m_quitAction = make(tr("&Quit"), QStringLiteral("actionQuit"), QKeySequence::Quit, {}, tr("Quit Gearscope"));

    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);
    connect(m_openSampleAction, &QAction::triggered, this, &MainWindow::openDefaultSample);
    connect(m_stepAction, &QAction::triggered, this, &MainWindow::stepDispatch);
    connect(m_runBlockAction, &QAction::triggered, this, &MainWindow::runBlock);
    connect(m_runAction, &QAction::triggered, this, &MainWindow::toggleRun);
    connect(m_runIdleAction, &QAction::triggered, this, &MainWindow::runUntilIdle);
    connect(m_resetAction, &QAction::triggered, this, &MainWindow::reset);
    connect(m_sendAction, &QAction::triggered, this, &MainWindow::showSendMessageDialog);
    connect(m_uploadAction, &QAction::triggered, this, &MainWindow::showUploadProgramDialog);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_showOnlySelectedAction = new QAction(tr("Show only selected actors"), this);
    m_showOnlySelectedAction->setObjectName(QStringLiteral("actionShowOnlySelected"));
    m_showOnlySelectedAction->setStatusTip(
        tr("Hide every actor but the ones selected in the actors table (Ctrl+click to select several)"));
    connect(m_showOnlySelectedAction, &QAction::triggered, this, &MainWindow::showOnlySelectedActors);
    m_showAllAction = new QAction(tr("Show all actors"), this);
    m_showAllAction->setObjectName(QStringLiteral("actionShowAllActors"));
    m_showAllAction->setStatusTip(tr("Show every actor in the graph again"));
    connect(m_showAllAction, &QAction::triggered, this, &MainWindow::showAllActors);
    m_groupAction = new QAction(tr("Collapse children"), this);
    m_groupAction->setObjectName(QStringLiteral("actionToggleGroup"));
    m_groupAction->setStatusTip(tr("Draw the programs a creator made as one node in the graph, or expand them again"));
    connect(m_groupAction, &QAction::triggered, this, &MainWindow::toggleSelectedGroup);

    createBreakpointActions();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addAction(m_openSampleAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_stepAction);
    run->addAction(m_runBlockAction);
    run->addAction(m_runAction);
    run->addAction(m_runIdleAction);
    run->addSeparator();
    run->addAction(m_resetAction);

    QMenu* actors = menuBar()->addMenu(tr("&Actors"));
    actors->addAction(m_sendAction);
    actors->addAction(m_uploadAction);

    m_breakpointMenu = menuBar()->addMenu(tr("&Breakpoints"));
    m_breakpointMenu->setObjectName(QStringLiteral("breakpointMenu"));
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu* graph = m_viewMenu->addMenu(tr("&Graph"));
    graph->setObjectName(QStringLiteral("graphMenu"));
    graph->addAction(m_showOnlySelectedAction);
    graph->addAction(m_showAllAction);
    graph->addAction(m_groupAction);
    connect(graph, &QMenu::aboutToShow, this, &MainWindow::updateGraphActions);
    m_viewMenu->addSeparator();
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Controls"));
    bar->setObjectName(QStringLiteral("controlsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_openAction);
    bar->addSeparator();
    bar->addAction(m_stepAction);
    bar->addAction(m_runBlockAction);
    bar->addAction(m_runAction);
    bar->addAction(m_runIdleAction);
    bar->addAction(m_resetAction);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed "), bar));
    m_speed = new QComboBox(bar);
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    m_speed->setToolTip(tr("Steps per second of Run (F5)"));
    for (int s : { 1, 5, 20, 100, 1000 })
        m_speed->addItem(tr("%1 steps/s").arg(s), s);
    m_speed->addItem(tr("Maximum"), 0);
    bar->addWidget(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        const int speed = m_speed->currentData().toInt();
        m_session->setSpeed(speed);
        QSettings().setValue(QStringLiteral("speed"), speed);
    });
    bar->addSeparator();
    bar->addAction(m_sendAction);
    bar->addAction(m_uploadAction);
}

void MainWindow::createDocks()
{
    // Actors table: sortable through the proxy; a click selects the actor everywhere.
    m_actorView = makeTableView(this, QStringLiteral("actorsView"));
    m_actorView->setModel(m_actorProxy);
    m_actorView->setSortingEnabled(true);
    m_actorView->sortByColumn(-1, Qt::AscendingOrder); // creation order until a header is clicked
    fitColumns(m_actorView, -1);
    // Several rows can be selected (to filter the graph to them); the current row is the
    // actor selected everywhere.
    m_actorView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_actorView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid())
                m_selection->selectActor(current.data(SnapshotTableModel::ActorRole).value<ActorId>());
        });
    connect(
        m_actorView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateGraphActions);
    m_actorView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_actorView, &QWidget::customContextMenuRequested, this,
        [this](const QPoint& pos) { showGraphMenu(m_actorView, m_actorView->viewport()->mapToGlobal(pos)); });
    m_graph->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_graph, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        // A right click on a node chooses that actor (a group node: its creator) first.
        for (QGraphicsItem* item : m_graph->items(pos)) {
            if (item->type() == ActorNodeItem::Type) {
                m_selection->selectActor(static_cast<ActorNodeItem*>(item)->actorId());
                break;
            }
        }
        showGraphMenu(m_graph, m_graph->viewport()->mapToGlobal(pos));
    });

    m_details = new ActorDetailsWidget(m_queueModel, m_waitlistModel, m_taskModel, this);
    m_details->setObjectName(QStringLiteral("actorDetails"));

    m_queueView = makeTableView(this, QStringLiteral("queueView"));
    m_queueView->setModel(m_queueModel);
    fitColumns(m_queueView, QueueModel::PayloadColumn);
    connect(m_queueView, &QTableView::clicked, this, [this](const QModelIndex& index) {
        m_selection->selectActor(index.data(SnapshotTableModel::DestinationRole).value<ActorId>());
    });

    m_mailbox = new MailboxWidget(this);
    m_mailbox->setObjectName(QStringLiteral("mailboxWidget"));
    connect(m_mailbox, &MailboxWidget::replyRequested, this, &MainWindow::replyFromMailbox);
    connect(m_mailbox, &MailboxWidget::claimRequested, this, [this](const ActorId& user, const MessageId& message) {
        if (m_replay->isActive())
            statusBar()->showMessage(tr("Replay: the mailbox is read-only (Continue live from here first)"), 6000);
        else
            m_session->claimValue(user, message);
    });

    m_logView = makeTableView(this, QStringLiteral("logView"));
    m_logView->setModel(m_logModel);
    m_logView->setAlternatingRowColors(false);
    m_logView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_logView->setColumnWidth(LogModel::StepColumn, 60);
    m_logView->setColumnWidth(LogModel::BlockColumn, 50);
    m_logView->setColumnWidth(LogModel::KindColumn, 95);
    m_logView->setColumnWidth(LogModel::ActorColumn, 80);
    // Follow the end of the log unless the user scrolled up to read.
    connect(m_logView->verticalScrollBar(), &QScrollBar::valueChanged, this,
        [this](int value) { m_followLog = value >= m_logView->verticalScrollBar()->maximum() - 2; });
    connect(m_logModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followLog)
            QTimer::singleShot(0, m_logView, &QTableView::scrollToBottom);
    });

    auto* actorsDock = makeDock(tr("Actors"), QStringLiteral("actorsDock"), m_actorView, this);
    auto* detailsDock = makeDock(tr("Actor details"), QStringLiteral("detailsDock"), m_details, this);
    auto* queueDock = makeDock(tr("Queue"), QStringLiteral("queueDock"), m_queueView, this);
    auto* mailboxDock = makeDock(tr("Mailbox"), QStringLiteral("mailboxDock"), m_mailbox, this);
    auto* logDock = makeDock(tr("Log"), QStringLiteral("logDock"), m_logView, this);
    addDockWidget(Qt::LeftDockWidgetArea, actorsDock);
    addDockWidget(Qt::LeftDockWidgetArea, detailsDock);
    addDockWidget(Qt::RightDockWidgetArea, queueDock);
    addDockWidget(Qt::RightDockWidgetArea, mailboxDock);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    resizeDocks({ actorsDock, queueDock }, { 575, 420 }, Qt::Horizontal);
    resizeDocks({ actorsDock, detailsDock }, { 260, 400 }, Qt::Vertical);
    resizeDocks({ queueDock, mailboxDock }, { 420, 240 }, Qt::Vertical);
    resizeDocks({ logDock }, { 220 }, Qt::Vertical);
    QDockWidget* breakpointsDock = createBreakpointsDock();
    addDockWidget(Qt::BottomDockWidgetArea, breakpointsDock);
    for (QDockWidget* d : { actorsDock, detailsDock, queueDock, mailboxDock, logDock, breakpointsDock })
        m_viewMenu->addAction(d->toggleViewAction());
}

void MainWindow::arrangeBottomDocks()
{
    // Two groups along the bottom: the text panels (log, breakpoints, state inspector, search, SQL) as tabs on
    // the left, the pictures over time (timeline, sequence chart, plots) wider on the right — a
    // timeline squeezed between two text panels clips its legend and shows too few steps.
    auto* logDock = findChild<QDockWidget*>(QStringLiteral("logDock"));
    auto* timelineDock = findChild<QDockWidget*>(QStringLiteral("timelineDock"));
    QDockWidget* last = logDock;
    for (const char* name : { "breakpointsDock", "stateInspectorDock", "searchDock", "queryDock" }) {
        if (auto* d = findChild<QDockWidget*>(QLatin1String(name)); d && last) {
            tabifyDockWidget(last, d);
            last = d;
        }
    }
    if (logDock && timelineDock) {
        QTimer::singleShot(0, logDock, &QDockWidget::raise);
        resizeDocks({ logDock, timelineDock }, { 560, 900 }, Qt::Horizontal);
    }
}

void MainWindow::connectTimelineToPanels()
{
    // Replay drives the timeline: it indexes the replayed trace, its cursor follows the scrubber,
    // and a double click on a step seeks the replay there. Live, the cursor follows the run.
    connect(m_replay, &ReplayController::replayOpened, m_timeline,
        [this](const QString& path, uint64_t) { m_timeline->showTrace(path); });
    connect(m_replay, &ReplayController::positionChanged, m_timeline, &TimelineWidget::setCursorStep);
    connect(m_replay, &ReplayController::replayClosed, m_timeline, &TimelineWidget::showLive);
    connect(m_timeline, &TimelineWidget::stepActivated, this, [this](uint64_t pos) {
        if (m_replay->isActive())
            m_replay->seek(pos);
    });
    // Search results are ringed on the timeline.
    connect(m_searchPanel, &SearchPanel::resultsChanged, m_timeline, &TimelineWidget::setHighlightedMessages);
}

void MainWindow::createTimelineDocks()
{
    // The message selection is shared by every message panel (timeline, sequence chart,
    // inspectors, search); whoever merges first keeps one instance.
    if (!m_messageSelection)
        m_messageSelection = new MessageSelection(this);
    m_timeline = new TimelineWidget(this);
    m_timeline->setObjectName(QStringLiteral("timelineWidget"));
    m_timeline->setSelections(m_messageSelection, m_selection);
    m_sequenceChart = new SequenceChartWidget(m_timeline->source(), this);
    m_sequenceChart->setObjectName(QStringLiteral("sequenceChart"));
    m_sequenceChart->setSelections(m_messageSelection, m_selection);
    m_plots = new PlotsWidget(m_timeline->source(), this);
    m_plots->setObjectName(QStringLiteral("plotsWidget"));
    // Straight from the session, not from applySnapshot(): the live feed keeps growing while a
    // replay shows other snapshots, so returning to live loses no step.
    connect(m_session, &Session::snapshotAvailable, m_timeline, &TimelineWidget::applySnapshot);
    m_timeline->applySnapshot(m_session->snapshot());

    auto* timelineDock = makeDock(tr("Timeline"), QStringLiteral("timelineDock"), m_timeline, this);
    auto* sequenceDock = makeDock(tr("Sequence chart"), QStringLiteral("sequenceDock"), m_sequenceChart, this);
    auto* plotsDock = makeDock(tr("Plots"), QStringLiteral("plotsDock"), m_plots, this);
    addDockWidget(Qt::BottomDockWidgetArea, timelineDock);
    addDockWidget(Qt::BottomDockWidgetArea, sequenceDock);
    addDockWidget(Qt::BottomDockWidgetArea, plotsDock);
    tabifyDockWidget(timelineDock, sequenceDock);
    tabifyDockWidget(sequenceDock, plotsDock);
    timelineDock->raise();
    resizeDocks({ timelineDock }, { 300 }, Qt::Vertical);
    QMenu* menu = m_viewMenu->addMenu(tr("&Timeline"));
    for (QDockWidget* d : { timelineDock, sequenceDock, plotsDock })
        menu->addAction(d->toggleViewAction());
    QAction* chooseActors = menu->addAction(tr("Sequence chart of the actors selected in the table"));
    chooseActors->setObjectName(QStringLiteral("sequenceFromTableAction"));
    connect(chooseActors, &QAction::triggered, this, [this, sequenceDock] {
        const auto chosen = tableSelectedActors();
        m_sequenceChart->setChosenActors(std::vector<ActorId>(chosen.begin(), chosen.end()));
        sequenceDock->show();
        sequenceDock->raise();
    });
}

void MainWindow::createStatusBar()
{
    auto label = [this](const QString& name, const QString& tip) {
        auto* l = new QLabel(this);
        l->setObjectName(name);
        l->setToolTip(tip);
        l->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(l);
        return l;
    };
    m_statusRun = label(QStringLiteral("statusRun"), tr("What the engine is doing, or why the last run stopped"));
    m_statusBlock = label(QStringLiteral("statusBlock"), tr("Current block height"));
    m_statusStep = label(QStringLiteral("statusStep"), tr("Steps (dispatches and tasks) done"));
    m_statusQueue = label(QStringLiteral("statusQueue"), tr("Messages in the global queue"));
    m_statusGas = label(QStringLiteral("statusGas"), tr("Gas burned by all steps so far"));
    m_statusTrace = label(QStringLiteral("statusTrace"), tr("This run is recorded to a trace file"));
}

// ===================================================================== snapshots

void MainWindow::applySnapshot(const SessionSnapshotPtr& snapshot)
{
    Q_ASSERT(thread() == QThread::currentThread());
    const bool newGeneration = snapshot->generation != m_snapshot->generation || snapshot == m_snapshot;
    m_snapshot = snapshot;
    m_queueModel->setSnapshot(snapshot);
    m_actorModel->setSnapshot(snapshot);
    m_waitlistModel->setSnapshot(snapshot);
    m_taskModel->setSnapshot(snapshot);
    m_logModel->setSnapshot(snapshot);
    m_mailbox->setSnapshot(snapshot);
    m_details->setSnapshot(snapshot);
    refitColumns(m_actorView);
    refitColumns(m_queueView);

    if (newGeneration) {
        const auto selected = m_selection->selectedActor();
        const bool known = selected && snapshot->names.count(*selected);
        if (!known) {
            // A new world: show the first program, which is what a person opened the file for.
            if (!snapshot->world.programs.empty())
                m_selection->selectActor(snapshot->world.programs.front().id);
            else
                m_selection->clear();
        }
        if (snapshot->loaded && !QString::fromStdString(snapshot->source).startsWith(QLatin1Char(':')))
            addRecentFile(QString::fromStdString(snapshot->source));
        setWindowTitle(snapshot->loaded ? tr("%1 — Gearscope").arg(QString::fromStdString(snapshot->sourceName))
                                        : tr("Gearscope"));
    }

    const bool loaded = snapshot->loaded || !snapshot->world.programs.empty();
    m_statusBlock->setText(tr("Block %1%2").arg(snapshot->block).arg(snapshot->blockOpen ? tr(" (open)") : QString()));
    m_statusStep->setText(tr("Step %1").arg(snapshot->stepCount));
    m_statusQueue->setText(tr("Queue %1").arg(snapshot->queueLength));
    m_statusGas->setText(tr("Gas %1").arg(Format::gas(snapshot->gasBurned)));
    if (snapshot->running)
        m_statusRun->setText(tr("▶ running"));
    else if (!snapshot->stopReason.empty())
        m_statusRun->setText(QString::fromStdString(snapshot->stopReason));
    else
        m_statusRun->setText(snapshot->idle ? tr("idle") : tr("ready"));
    m_statusTrace->setText(snapshot->tracePath.empty()
            ? tr("not recording")
            : tr("● rec %1").arg(QFileInfo(QString::fromStdString(snapshot->tracePath)).fileName()));
    m_statusTrace->setToolTip(snapshot->tracePath.empty()
            ? tr("This run is not recorded")
            : tr("Recorded to %1").arg(QString::fromStdString(snapshot->tracePath)));

    m_runAction->setText(snapshot->running ? tr("&Pause") : tr("&Run"));
    m_runAction->setIcon(style()->standardIcon(snapshot->running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    for (QAction* a : { m_stepAction, m_runBlockAction, m_runIdleAction, m_resetAction })
        a->setEnabled(loaded);
    m_runAction->setEnabled(loaded || snapshot->running);
    m_sendAction->setEnabled(!snapshot->world.users.empty());
    Q_EMIT snapshotShown(snapshot);
}

void MainWindow::selectActor(const ActorId& actor) { m_selection->selectActor(actor); }

void MainWindow::onActorSelected(const ActorId& actor)
{
    m_details->setActor(actor);
    if (m_snapshot->world.user(actor))
        m_mailbox->setUser(actor);
    const int sourceRow = m_actorModel->rowOfActor(actor);
    if (sourceRow >= 0) {
        const QModelIndex proxyIndex = m_actorProxy->mapFromSource(m_actorModel->index(sourceRow, 0));
        if (m_actorView->currentIndex().row() != proxyIndex.row()) {
            const QSignalBlocker block(m_actorView->selectionModel());
            m_actorView->selectionModel()->setCurrentIndex(
                proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    updateBreakpointMenu();
    updateGraphActions();
    Q_EMIT actorSelected(actor);
}

// ===================================================================== commands

void MainWindow::openFile(const QString& path)
{
    // A trace opens in replay mode ("Continue live from here" forks a live run from it); a
    // program or scenario goes to the session, which says how it went in the log.
    if (SessionEngine::isTraceFile(path)) {
        m_replay->open(path);
        return;
    }
    m_replay->close();
    m_session->openFile(path);
}

void MainWindow::openDefaultSample()
{
    m_replay->close();
    m_session->openFile(defaultSamplePath());
}

void MainWindow::stepDispatch() { m_session->stepDispatch(); }

void MainWindow::runBlock() { m_session->runBlock(); }

void MainWindow::toggleRun()
{
    if (m_session->isRunning())
        m_session->pause();
    else
        m_session->run(m_speed->currentData().toInt());
}

void MainWindow::runUntilIdle() { m_session->runUntilIdle(); }

void MainWindow::reset() { m_session->reset(); }

void MainWindow::showOpenDialog()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastOpenDir")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open"), dir,
        tr("Programs, scenarios and traces (*.wasm *.wat *.json *.sqlite);;Programs (*.wasm *.wat);;"
           "Scenarios (*.json);;Traces (*.sqlite);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastOpenDir"), QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::showSendMessageDialog()
{
    SendMessageDialog dialog(m_snapshot, this);
    if (auto actor = m_selection->selectedActor())
        dialog.setDestination(*actor);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto r = dialog.request())
        m_session->sendMessage(r->from, r->to, r->payload, r->value, r->gas);
}

void MainWindow::showUploadProgramDialog()
{
    UploadProgramDialog dialog(m_snapshot, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto r = dialog.request())
        m_session->uploadProgram(r->file, r->salt, r->init, r->value, r->from);
}

void MainWindow::replyFromMailbox(const ActorId& user, const MessageId& message)
{
    if (m_replay->isActive()) {
        statusBar()->showMessage(tr("Replay: the mailbox is read-only (Continue live from here first)"), 6000);
        return;
    }
    QString about = tr("a message");
    auto mb = m_snapshot->world.mailboxes.find(user);
    if (mb != m_snapshot->world.mailboxes.end())
        for (const auto& e : mb->second)
            if (e.message.id == message)
                about = tr("%1 from %2")
                            .arg(Format::payload(e.message.payload),
                                QString::fromStdString(m_snapshot->actorName(e.message.source)));
    ReplyDialog dialog(QString::fromStdString(m_snapshot->actorName(user)), about, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto r = dialog.request())
        m_session->replyFromMailbox(user, message, r->payload, r->value);
}

// ===================================================================== graph filter and groups

std::set<ActorId> MainWindow::tableSelectedActors() const
{
    std::set<ActorId> actors;
    for (const QModelIndex& row : m_actorView->selectionModel()->selectedRows())
        actors.insert(row.data(SnapshotTableModel::ActorRole).value<ActorId>());
    if (actors.empty())
        if (auto selected = m_selection->selectedActor())
            actors.insert(*selected);
    return actors;
}

std::optional<ActorId> MainWindow::groupCreatorForSelection() const
{
    const auto selected = m_selection->selectedActor();
    if (!selected)
        return std::nullopt;
    if (!m_graph->childrenOf(*selected).empty())
        return selected;
    return m_graph->creatorOf(*selected);
}

void MainWindow::showOnlySelectedActors()
{
    const std::set<ActorId> actors = tableSelectedActors();
    if (actors.empty())
        return;
    m_graph->setVisibleActors(actors);
    m_graph->fitAll();
    statusBar()->showMessage(
        tr("The graph shows %n actor(s); View › Graph › Show all actors shows the rest", nullptr, int(actors.size())),
        8000);
    updateGraphActions();
}

void MainWindow::showAllActors()
{
    m_graph->setVisibleActors(std::nullopt);
    m_graph->fitAll();
    updateGraphActions();
}

void MainWindow::toggleSelectedGroup()
{
    const auto creator = groupCreatorForSelection();
    if (!creator)
        return;
    m_graph->setGroupCollapsed(*creator, !m_graph->isGroupCollapsed(*creator));
    updateGraphActions();
}

void MainWindow::updateGraphActions()
{
    m_showOnlySelectedAction->setEnabled(!tableSelectedActors().empty());
    m_showAllAction->setEnabled(m_graph->visibleActors().has_value());
    const auto creator = groupCreatorForSelection();
    m_groupAction->setEnabled(creator.has_value());
    if (!creator) {
        m_groupAction->setText(tr("Collapse children"));
        return;
    }
    const QString name = QString::fromStdString(m_snapshot->actorName(*creator));
    m_groupAction->setText(m_graph->isGroupCollapsed(*creator) ? tr("Expand children of %1").arg(name)
                                                               : tr("Collapse children of %1").arg(name));
}

void MainWindow::showGraphMenu(QWidget* on, const QPoint& globalPos)
{
    updateGraphActions();
    auto* menu = new QMenu(on);
    menu->setObjectName(QStringLiteral("graphContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_showOnlySelectedAction);
    menu->addAction(m_showAllAction);
    menu->addSeparator();
    menu->addAction(m_groupAction);
    menu->popup(globalPos);
}

// ===================================================================== recent files, drag and drop

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear the list")), &QAction::triggered, this, [this] {
        QSettings().remove(QStringLiteral("recentFiles"));
        updateRecentMenu();
    });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_session->pause();
    QMainWindow::closeEvent(event);
}

// ===================================================================== issue 6: inspect

void MainWindow::createInspectDocks()
{
    if (!m_messageSelection)
        m_messageSelection = new MessageSelection(this);
    m_messageInspector = new MessageInspector(m_messageSelection, this);
    m_messageInspector->setObjectName(QStringLiteral("messageInspector"));
    m_searchPanel = new SearchPanel(m_messageSelection, this);
    m_searchPanel->setObjectName(QStringLiteral("searchPanel"));
    m_queryPanel = new QueryPanel(this);
    m_queryPanel->setObjectName(QStringLiteral("queryPanel"));
    m_messageInspector->applySnapshot(m_snapshot);
    m_searchPanel->applySnapshot(m_snapshot);
    m_queryPanel->applySnapshot(m_snapshot);
    connect(this, &MainWindow::snapshotShown, m_messageInspector, &MessageInspector::applySnapshot);
    connect(this, &MainWindow::snapshotShown, m_searchPanel, &SearchPanel::applySnapshot);
    connect(this, &MainWindow::snapshotShown, m_queryPanel, &QueryPanel::applySnapshot);

    // Selecting a message row in the queue or a mailbox selects that message everywhere.
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            const QByteArray key = current.data(SnapshotTableModel::KeyRole).toByteArray();
            if (key.size() == 32)
                m_messageSelection->selectMessage(
                    MessageId::fromBytes(reinterpret_cast<const uint8_t*>(key.constData())));
        });
    connect(m_mailbox->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid() && current.row() < m_mailbox->model()->rowCount())
                m_messageSelection->selectMessage(m_mailbox->model()->messageAt(current.row()));
        });

    auto* inspectorDock = makeDock(tr("Message"), QStringLiteral("messageInspectorDock"), m_messageInspector, this);
    auto* searchDock = makeDock(tr("Search"), QStringLiteral("searchDock"), m_searchPanel, this);
    auto* queryDock = makeDock(tr("SQL"), QStringLiteral("queryDock"), m_queryPanel, this);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    addDockWidget(Qt::BottomDockWidgetArea, searchDock);
    addDockWidget(Qt::BottomDockWidgetArea, queryDock);
    tabifyDockWidget(searchDock, queryDock);
    searchDock->raise();
    // The inspector needs height more than the queue and mailbox above it do.
    auto* queueDock = findChild<QDockWidget*>(QStringLiteral("queueDock"));
    auto* mailboxDock = findChild<QDockWidget*>(QStringLiteral("mailboxDock"));
    if (queueDock && mailboxDock)
        resizeDocks({ queueDock, mailboxDock, inspectorDock }, { 200, 160, 480 }, Qt::Vertical);
    m_viewMenu->addSeparator();
    for (QDockWidget* d : { inspectorDock, searchDock, queryDock })
        m_viewMenu->addAction(d->toggleViewAction());

    m_saveRunAsTestAction = new QAction(tr("Save Run as &Test…"), this);
    m_saveRunAsTestAction->setObjectName(QStringLiteral("saveRunAsTestAction"));
    m_saveRunAsTestAction->setStatusTip(
        tr("Write a scenario whose inputs are this run's and whose expectations are what happened"));
    connect(m_saveRunAsTestAction, &QAction::triggered, this, [this] { saveRunAsTest(); });
    // Into the File menu, before Quit.
    if (QMenu* file = m_quitAction->associatedObjects().isEmpty()
            ? nullptr
            : qobject_cast<QMenu*>(m_quitAction->associatedObjects().constFirst()))
        file->insertAction(m_quitAction, m_saveRunAsTestAction);
}

void MainWindow::saveRunAsTest(const QString& requested)
{
    const std::string trace = m_snapshot ? m_snapshot->tracePath : std::string();
    if (trace.empty()) {
        const QString why = tr("This run is not recorded, so it cannot be saved as a test.");
        statusBar()->showMessage(why, 10000);
        Q_EMIT runSavedAsTest(requested, why);
        return;
    }
    QString path = requested;
    if (path.isEmpty()) {
        const QString suggested = QFileInfo(QString::fromStdString(m_snapshot->sourceName)).completeBaseName()
            + QStringLiteral("-test.json");
        path = QFileDialog::getSaveFileName(this, tr("Save Run as Test"), suggested, tr("Scenarios (*.json)"));
        if (path.isEmpty())
            return;
    }
    statusBar()->showMessage(tr("Saving the run as %1…").arg(path));
    // A long trace takes a while to read: off the GUI thread, with its own reader (a watcher
    // rather than then(this, …), see ActorGraphView::tidy).
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QString error = watcher->result();
        statusBar()->showMessage(
            error.isEmpty() ? tr("Saved the run as %1").arg(path) : tr("Could not save the run: %1").arg(error), 10000);
        Q_EMIT runSavedAsTest(path, error);
    });
    watcher->setFuture(QtConcurrent::run([trace, path]() -> QString {
        auto reader = TraceReader::open(trace);
        if (!reader)
            return QString::fromStdString(reader.error());
        auto saved = ScenarioWriter::save(*reader.value(), path.toStdString());
        return saved ? QString() : QString::fromStdString(saved.error());
    }));
}

} // namespace Gearscope
