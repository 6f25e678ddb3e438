// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// MainWindow's replay mode and state inspector (issue 6), kept out of mainwindow.cpp so the
// branches that add panels to the window merge without touching the same lines.
#include "actorselection.h"
#include "inspectors/stateinspector.h"
#include "mainwindow.h"
#include "models/logmodel.h"
#include "replay/replaycontroller.h"
#include "session/session.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <limits>

namespace Gearscope {

void MainWindow::createReplay()
{
    m_replay = new ReplayController(this);
    QStyle* st = style();
    auto make = [this](const QString& text, const QString& name, const QKeySequence& key, const QIcon& icon,
                    const QString& tip) {
        QAction* a = makeAction(text, name, key, icon, tip);
        a->setEnabled(false); // until a replay is open
        return a;
    };
    m_replayFirstAction = make(tr("First step"), QStringLiteral("actionReplayFirst"), QKeySequence(Qt::Key_Home),
        st->standardIcon(QStyle::SP_MediaSkipBackward), tr("Replay: go to position 0 (before the first step)"));
    m_replayBackAction = make(tr("Step back"), QStringLiteral("actionReplayBack"), QKeySequence(Qt::ALT | Qt::Key_Left),
        st->standardIcon(QStyle::SP_MediaSeekBackward), tr("Replay: one step back"));
    m_replayForwardAction
        = make(tr("Step forward"), QStringLiteral("actionReplayForward"), QKeySequence(Qt::ALT | Qt::Key_Right),
            st->standardIcon(QStyle::SP_MediaSeekForward), tr("Replay: one step forward"));
    m_replayLastAction = make(tr("Last step"), QStringLiteral("actionReplayLast"), QKeySequence(Qt::Key_End),
        st->standardIcon(QStyle::SP_MediaSkipForward), tr("Replay: go to the end of the trace"));
    m_continueLiveAction = make(tr("Continue live from here"), QStringLiteral("actionContinueLive"),
        QKeySequence(Qt::CTRL | Qt::Key_L), st->standardIcon(QStyle::SP_MediaPlay),
        tr("Fork a new recorded live run from the replayed trace at this position"));
    m_leaveReplayAction = make(tr("Leave replay"), QStringLiteral("actionLeaveReplay"), {},
        st->standardIcon(QStyle::SP_DialogCloseButton), tr("Close the replay and show the live session again"));
    connect(m_replayFirstAction, &QAction::triggered, m_replay, &ReplayController::seekFirst);
    connect(m_replayBackAction, &QAction::triggered, m_replay, &ReplayController::stepBack);
    connect(m_replayForwardAction, &QAction::triggered, m_replay, &ReplayController::stepForward);
    connect(m_replayLastAction, &QAction::triggered, m_replay, &ReplayController::seekLast);
    connect(m_continueLiveAction, &QAction::triggered, this, &MainWindow::continueLiveFromHere);
    connect(m_leaveReplayAction, &QAction::triggered, m_replay, &ReplayController::close);
    for (QAction* a : { m_replayFirstAction, m_replayBackAction, m_replayForwardAction, m_replayLastAction })
        a->setAutoRepeat(true);

    m_replayBar = new QToolBar(tr("Replay"), this);
    m_replayBar->setObjectName(QStringLiteral("replayToolBar"));
    m_replayBar->setMovable(false);
    m_replayBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_replayBar->addWidget(new QLabel(tr(" Replay "), m_replayBar));
    m_replayBar->addAction(m_replayFirstAction);
    m_replayBar->addAction(m_replayBackAction);
    m_replaySlider = new QSlider(Qt::Horizontal, m_replayBar);
    m_replaySlider->setObjectName(QStringLiteral("replaySlider"));
    m_replaySlider->setToolTip(tr("Position in the trace: the state after that many steps"));
    m_replaySlider->setMinimumWidth(300);
    m_replayBar->addWidget(m_replaySlider);
    m_replayBar->addAction(m_replayForwardAction);
    m_replayBar->addAction(m_replayLastAction);
    m_replaySpin = new QSpinBox(m_replayBar);
    m_replaySpin->setObjectName(QStringLiteral("replayPosition"));
    m_replaySpin->setToolTip(tr("Position (steps done)"));
    m_replaySpin->setKeyboardTracking(false);
    m_replayBar->addWidget(m_replaySpin);
    m_replayCount = new QLabel(m_replayBar);
    m_replayCount->setObjectName(QStringLiteral("replayCount"));
    m_replayBar->addWidget(m_replayCount);
    m_replayBar->addSeparator();
    m_replayBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_replayBar->addAction(m_continueLiveAction);
    m_replayBar->addAction(m_leaveReplayAction);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, m_replayBar);
    m_replayBar->hide();

    // The slider seeks while dragged (the controller builds only the latest position); the spin
    // box when a number is entered.
    connect(m_replaySlider, &QSlider::valueChanged, this, [this](int v) { m_replay->seek(uint64_t(v)); });
    connect(m_replaySpin, &QSpinBox::valueChanged, this, [this](int v) { m_replay->seek(uint64_t(v)); });

    connect(m_replay, &ReplayController::replayOpened, this, [this](const QString& path, uint64_t steps) {
        m_session->pause(); // a live run would only go on unseen
        const int max = int(std::min<uint64_t>(steps, uint64_t(std::numeric_limits<int>::max())));
        {
            const QSignalBlocker b1(m_replaySlider);
            const QSignalBlocker b2(m_replaySpin);
            m_replaySlider->setRange(0, max);
            m_replaySlider->setPageStep(std::max(1, max / 20));
            m_replaySpin->setRange(0, max);
        }
        m_replayCount->setText(tr(" of %1 steps ").arg(steps));
        m_replayBar->show();
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("stateInspectorDock")))
            dock->raise(); // what a replay is looked at for
        addRecentFile(path);
        statusBar()->showMessage(tr("Replaying %1: %2 steps").arg(QFileInfo(path).fileName()).arg(steps), 6000);
        updateReplayControls();
    });
    connect(m_replay, &ReplayController::snapshotAvailable, this, [this](const SessionSnapshotPtr& snapshot) {
        // A replay snapshot carries the log lines of the steps just before its position (not
        // the lines since the previous snapshot): the log shows those, whichever way the seek went.
        m_logModel->clear();
        applySnapshot(snapshot);
    });
    connect(m_replay, &ReplayController::positionChanged, this, [this](uint64_t pos) {
        if (!m_replaySlider->isSliderDown()) {
            const QSignalBlocker block(m_replaySlider);
            m_replaySlider->setValue(int(pos));
        }
        const QSignalBlocker block(m_replaySpin);
        m_replaySpin->setValue(int(pos));
        updateReplayControls();
    });
    connect(m_replay, &ReplayController::replayClosed, this, [this] {
        m_replayBar->hide();
        updateReplayControls();
        applySnapshot(m_session->snapshot());
    });
    connect(m_replay, &ReplayController::failed, this, &MainWindow::showReplayError);
    connect(m_session, &Session::failed, this, [this](const QString& message) {
        if (!m_continueCommand)
            return;
        // Failures come before the snapshot that finishes the command.
        m_continueFailed = true;
        showReplayError(tr("Cannot continue live from here: %1").arg(message));
    });
    // Shown after every snapshot (live or replay): the mode in the status bar and the title,
    // and no live control while replaying.
    connect(this, &MainWindow::snapshotShown, this, &MainWindow::updateReplayControls);

    m_statusMode = new QLabel(this);
    m_statusMode->setObjectName(QStringLiteral("statusMode"));
    m_statusMode->setContentsMargins(6, 0, 6, 0);
    statusBar()->insertPermanentWidget(0, m_statusMode);

    QMenu* replayMenu = new QMenu(tr("Re&play"), this);
    replayMenu->setObjectName(QStringLiteral("replayMenu"));
    for (QAction* a : { m_replayFirstAction, m_replayBackAction, m_replayForwardAction, m_replayLastAction })
        replayMenu->addAction(a);
    replayMenu->addSeparator();
    replayMenu->addAction(m_continueLiveAction);
    replayMenu->addAction(m_leaveReplayAction);
    m_viewMenu->addMenu(replayMenu);
    updateReplayControls();
}

void MainWindow::createStateInspector()
{
    m_stateInspector = new StateInspector(m_session, this);
    m_stateInspector->setObjectName(QStringLiteral("stateInspector"));
    auto* dock = new QDockWidget(tr("State inspector"), this);
    dock->setObjectName(QStringLiteral("stateInspectorDock"));
    dock->setWidget(m_stateInspector);
    // Wide and short like the log, whose tab it shares: the log stays in front while live, the
    // inspector comes to the front in replay.
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    if (auto* logDock = findChild<QDockWidget*>(QStringLiteral("logDock"))) {
        tabifyDockWidget(logDock, dock);
        QTimer::singleShot(0, logDock, &QDockWidget::raise);
    }
    m_viewMenu->addAction(dock->toggleViewAction());
    connect(this, &MainWindow::snapshotShown, m_stateInspector,
        [this](const SessionSnapshotPtr& snapshot) { m_stateInspector->setSnapshot(snapshot, m_replay->isActive()); });
    connect(m_selection, &ActorSelection::actorSelected, m_stateInspector,
        [this](const ActorId& actor) { m_stateInspector->setProgram(actor); });
    connect(m_selection, &ActorSelection::selectionCleared, m_stateInspector,
        [this] { m_stateInspector->setProgram(std::nullopt); });
}

void MainWindow::updateReplayControls()
{
    const bool replay = m_replay->isActive();
    const uint64_t pos = m_replay->position();
    for (QAction* a : { m_replayFirstAction, m_replayBackAction })
        a->setEnabled(replay && pos > 0);
    for (QAction* a : { m_replayForwardAction, m_replayLastAction })
        a->setEnabled(replay && pos < m_replay->stepCount());
    m_continueLiveAction->setEnabled(replay && !m_continueCommand);
    m_leaveReplayAction->setEnabled(replay);
    updateBreakpointActions(); // read-only in replay
    if (!replay) {
        m_statusMode->setText(tr("live"));
        m_statusMode->setStyleSheet({});
        m_statusMode->setToolTip(tr("Live: the session runs programs; every run is recorded"));
        m_speed->setEnabled(true);
        return;
    }
    // Nothing runs in replay: every live control is off until "Continue live from here".
    for (QAction* a :
        { m_stepAction, m_runBlockAction, m_runAction, m_runIdleAction, m_resetAction, m_sendAction, m_uploadAction })
        a->setEnabled(false);
    m_speed->setEnabled(false);
    const QString file = QFileInfo(m_replay->tracePath()).fileName();
    m_statusMode->setText(tr("◆ REPLAY  step %1 / %2").arg(pos).arg(m_replay->stepCount()));
    m_statusMode->setStyleSheet(QStringLiteral("QLabel { background: #ffcc80; color: #3e2723; font-weight: bold; }"));
    m_statusMode->setToolTip(
        tr("Replaying %1 (read-only). Continue live from here (Ctrl+L) forks a live run.").arg(m_replay->tracePath()));
    m_statusTrace->setText(tr("replay %1").arg(file));
    m_statusTrace->setToolTip(m_replay->tracePath());
    m_statusRun->setText(tr("replay"));
    setWindowTitle(tr("[Replay] %1 — step %2 of %3 — Gearscope").arg(file).arg(pos).arg(m_replay->stepCount()));
}

void MainWindow::continueLiveFromHere()
{
    if (!m_replay->isActive() || m_continueCommand)
        return;
    const QString trace = m_replay->tracePath();
    const uint64_t pos = m_replay->position();
    // The replay stays until the fork is there (re-executing a long trace takes a while, with
    // progress in the status bar); if it fails, the replay is still what the window shows.
    m_continueFailed = false;
    m_continueCommand = m_session->continueTrace(trace, pos);
    m_continueLiveAction->setEnabled(false);
    statusBar()->showMessage(
        tr("Continuing live from step %1 of %2 (a new recording)…").arg(pos).arg(QFileInfo(trace).fileName()));
}

void MainWindow::onSessionSnapshotInReplay(const SessionSnapshotPtr& snapshot)
{
    if (!m_continueCommand || snapshot->commandsDone < m_continueCommand)
        return;
    m_continueCommand = 0;
    if (m_continueFailed) {
        updateReplayControls();
        return;
    }
    m_replay->close(); // shows the session's latest snapshot: the forked run
    statusBar()->showMessage(tr("Live from step %1, recording to %2")
                                 .arg(snapshot->stepCount)
                                 .arg(QFileInfo(QString::fromStdString(snapshot->tracePath)).fileName()),
        8000);
}

void MainWindow::showReplayError(const QString& message)
{
    statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 10000);
    // Not modal to the event loop: the window stays usable, and a test can find and close it.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Replay"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("replayErrorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace Gearscope
