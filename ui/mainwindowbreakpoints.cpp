// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// MainWindow's breakpoints: the Breakpoints menu and the Breakpoints panel. Both read and edit
// the Session's list through the BreakpointModel, so they never disagree.
#include "actorselection.h"
#include "format.h"
#include "mainwindow.h"
#include "models/breakpointmodel.h"
#include "replay/replaycontroller.h"
#include "session/session.h"

#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace Gearscope {

void MainWindow::createBreakpointActions()
{
    m_bpTrapAction = new QAction(tr("On a &trap or error reply"), this);
    m_bpTrapAction->setObjectName(QStringLiteral("actionBreakOnTrap"));
    m_bpTrapAction->setStatusTip(tr("Stop after a step that trapped, was refused or produced an error reply"));
    m_bpCreatedAction = new QAction(tr("On program &creation"), this);
    m_bpCreatedAction->setObjectName(QStringLiteral("actionBreakOnCreate"));
    m_bpCreatedAction->setStatusTip(tr("Stop after a step that created a program"));
    m_bpExitedAction = new QAction(tr("On program e&xit"), this);
    m_bpExitedAction->setObjectName(QStringLiteral("actionBreakOnExit"));
    m_bpExitedAction->setStatusTip(tr("Stop after a step in which a program exited or its init failed"));
    const std::pair<QAction*, Breakpoint> kinds[] = {
        { m_bpTrapAction, Breakpoint::onTrapOrErrorReply() },
        { m_bpCreatedAction, Breakpoint::onProgramCreated() },
        { m_bpExitedAction, Breakpoint::onProgramExited() },
    };
    for (const auto& [action, bp] : kinds) {
        action->setCheckable(true);
        // triggered, not toggled: updateBreakpointActions sets the check from the list.
        connect(action, &QAction::triggered, this, [this, bp = bp](bool on) { setKindBreakpoint(bp, on); });
    }

    m_bpActorAction = new QAction(tr("On dispatches to or from the selected actor"), this);
    m_bpActorAction->setObjectName(QStringLiteral("actionBreakOnActor"));
    m_bpActorAction->setCheckable(true);
    m_bpActorAction->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_bpActorAction, &QAction::triggered, this, [this](bool on) {
        if (const auto actor = m_selection->selectedActor())
            setKindBreakpoint(Breakpoint::onActor(*actor), on);
    });
    m_bpPayloadAction = new QAction(tr("When a payload contains…"), this);
    m_bpPayloadAction->setObjectName(QStringLiteral("actionBreakOnPayload"));
    m_bpPayloadAction->setStatusTip(tr("Stop before a dispatch whose payload contains a text or bytes"));
    connect(m_bpPayloadAction, &QAction::triggered, this, &MainWindow::addPayloadBreakpoint);

    m_bpClearAction = new QAction(tr("Clear all breakpoints"), this);
    m_bpClearAction->setObjectName(QStringLiteral("actionBreakClear"));
    m_bpClearAction->setStatusTip(tr("Remove every breakpoint"));
    connect(m_bpClearAction, &QAction::triggered, m_breakpointModel, &BreakpointModel::clearAll);

    // The panel's own actions (the kind toggles and the payload action are shared with the menu).
    m_bpAddActorAction = new QAction(tr("Add actor"), this);
    m_bpAddActorAction->setObjectName(QStringLiteral("actionBreakAddActor"));
    connect(m_bpAddActorAction, &QAction::triggered, this, [this] {
        if (const auto actor = m_selection->selectedActor())
            m_breakpointModel->addBreakpoint(Breakpoint::onActor(*actor));
    });
    m_bpRemoveAction = new QAction(tr("Remove"), this);
    m_bpRemoveAction->setObjectName(QStringLiteral("actionBreakRemove"));
    m_bpRemoveAction->setShortcut(QKeySequence::Delete);
    // Delete in the panel only: elsewhere the key belongs to whatever has the focus.
    m_bpRemoveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_bpRemoveAction->setStatusTip(tr("Remove the selected breakpoints (Delete)"));
    connect(m_bpRemoveAction, &QAction::triggered, this, &MainWindow::removeSelectedBreakpoints);
    m_bpEnableAllAction = new QAction(tr("Enable all"), this);
    m_bpEnableAllAction->setObjectName(QStringLiteral("actionBreakEnableAll"));
    connect(m_bpEnableAllAction, &QAction::triggered, this, [this] { m_breakpointModel->setAllEnabled(true); });
    m_bpDisableAllAction = new QAction(tr("Disable all"), this);
    m_bpDisableAllAction->setObjectName(QStringLiteral("actionBreakDisableAll"));
    m_bpDisableAllAction->setStatusTip(tr("Keep the breakpoints but let runs go past them"));
    connect(m_bpDisableAllAction, &QAction::triggered, this, [this] { m_breakpointModel->setAllEnabled(false); });

    connect(m_session, &Session::breakpointsChanged, this, &MainWindow::updateBreakpointMenu);
}

QDockWidget* MainWindow::createBreakpointsDock()
{
    auto* panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("breakpointsPanel"));
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto makeBar = [panel](const QString& name) {
        auto* bar = new QToolBar(panel);
        bar->setObjectName(name);
        bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->setIconSize(QSize(16, 16));
        return bar;
    };
    // The menu's texts are sentences; the panel's buttons (icon text) are short, so that every
    // button fits the tab the panel shares with the log.
    m_bpPayloadAction->setIconText(tr("Add payload…"));
    m_bpClearAction->setIconText(tr("Clear"));
    m_bpTrapAction->setIconText(tr("Trap or error reply"));
    m_bpCreatedAction->setIconText(tr("Program created"));
    m_bpExitedAction->setIconText(tr("Program exited"));
    QToolBar* edit = makeBar(QStringLiteral("breakpointsEditBar"));
    edit->addAction(m_bpAddActorAction);
    edit->addAction(m_bpPayloadAction);
    edit->addSeparator();
    edit->addAction(m_bpRemoveAction);
    edit->addAction(m_bpEnableAllAction);
    edit->addAction(m_bpDisableAllAction);
    edit->addAction(m_bpClearAction);
    QToolBar* kinds = makeBar(QStringLiteral("breakpointsKindBar"));
    kinds->addWidget(new QLabel(tr(" Stop after: "), kinds));
    kinds->addAction(m_bpTrapAction);
    kinds->addAction(m_bpCreatedAction);
    kinds->addAction(m_bpExitedAction);
    layout->addWidget(edit);
    layout->addWidget(kinds);

    m_breakpointView = new QTableView(panel);
    m_breakpointView->setObjectName(QStringLiteral("breakpointsView"));
    m_breakpointView->setModel(m_breakpointModel);
    m_breakpointView->verticalHeader()->hide();
    m_breakpointView->verticalHeader()->setDefaultSectionSize(m_breakpointView->fontMetrics().height() + 6);
    m_breakpointView->horizontalHeader()->setHighlightSections(false);
    m_breakpointView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_breakpointView->horizontalHeader()->setSectionResizeMode(BreakpointModel::BreakpointColumn, QHeaderView::Stretch);
    m_breakpointView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_breakpointView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_breakpointView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_breakpointView->setWordWrap(false);
    m_breakpointView->addAction(m_bpRemoveAction);
    layout->addWidget(m_breakpointView, 1);
    connect(m_breakpointView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        // Double-click on an actor breakpoint: that actor, in every panel and the graph.
        const auto actor = index.data(BreakpointModel::ActorRole).value<ActorId>();
        if (!actor.isZero())
            m_selection->selectActor(actor);
    });
    connect(m_breakpointView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::updateBreakpointActions);
    // Rows come and go with the list (not only through the selection).
    connect(m_breakpointModel, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateBreakpointActions);
    connect(m_breakpointModel, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateBreakpointActions);

    // Built again when opened: names and the replay state may have changed since.
    connect(m_breakpointMenu, &QMenu::aboutToShow, this, &MainWindow::updateBreakpointMenu);

    auto* dock = new QDockWidget(tr("Breakpoints"), this);
    dock->setObjectName(QStringLiteral("breakpointsDock"));
    dock->setWidget(panel);
    return dock;
}

void MainWindow::setKindBreakpoint(const Breakpoint& bp, bool on)
{
    if (on)
        m_breakpointModel->addBreakpoint(bp);
    else
        m_breakpointModel->removeBreakpoint(bp);
    // A refused edit (replay) must not leave the action checked.
    updateBreakpointActions();
}

void MainWindow::addPayloadBreakpoint()
{
    if (m_breakpointModel->isReadOnly())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Break on payload"),
        tr("Stop before a dispatch whose payload contains this text (or 0x… hex):"), QLineEdit::Normal, {}, &ok);
    if (!ok || text.isEmpty())
        return;
    Bytes bytes;
    const bool hex = text.startsWith(QStringLiteral("0x"), Qt::CaseInsensitive);
    QString error;
    if (!Format::parsePayload(text, hex, &bytes, &error)) {
        statusBar()->showMessage(error, 8000);
        return;
    }
    m_breakpointModel->addBreakpoint(Breakpoint::onPayload(bytes));
}

void MainWindow::removeSelectedBreakpoints()
{
    std::vector<Breakpoint> chosen;
    for (const QModelIndex& row : m_breakpointView->selectionModel()->selectedRows())
        chosen.push_back(m_breakpointModel->breakpointAt(row.row()));
    if (chosen.empty() && m_breakpointView->currentIndex().isValid())
        chosen.push_back(m_breakpointModel->breakpointAt(m_breakpointView->currentIndex().row()));
    for (const Breakpoint& bp : chosen)
        m_breakpointModel->removeBreakpoint(bp);
}

void MainWindow::updateBreakpointActions()
{
    // Nothing runs in replay: the breakpoints are shown but not edited, as every live control.
    const bool replay = m_replay && m_replay->isActive();
    m_breakpointModel->setReadOnly(replay);
    const std::vector<Breakpoint>& list = m_session->breakpoints();
    auto isOn = [&list](const Breakpoint& condition) {
        return std::any_of(
            list.begin(), list.end(), [&](const Breakpoint& b) { return b.enabled && b.sameCondition(condition); });
    };
    const std::pair<QAction*, Breakpoint> kinds[] = {
        { m_bpTrapAction, Breakpoint::onTrapOrErrorReply() },
        { m_bpCreatedAction, Breakpoint::onProgramCreated() },
        { m_bpExitedAction, Breakpoint::onProgramExited() },
    };
    for (const auto& [action, bp] : kinds) {
        action->setChecked(isOn(bp));
        action->setEnabled(!replay);
    }
    const auto selected = m_selection->selectedActor();
    const QString name = selected ? QString::fromStdString(m_snapshot->actorName(*selected)) : QString();
    m_bpActorAction->setEnabled(selected.has_value() && !replay);
    m_bpActorAction->setText(
        selected ? tr("On dispatches to or from %1").arg(name) : tr("On dispatches to or from the selected actor"));
    m_bpActorAction->setChecked(selected && isOn(Breakpoint::onActor(*selected)));
    const bool actorListed = selected && m_breakpointModel->rowOf(Breakpoint::onActor(*selected)) >= 0;
    m_bpAddActorAction->setEnabled(selected.has_value() && !replay && !actorListed);
    m_bpAddActorAction->setText(selected ? tr("Add %1").arg(name) : tr("Add actor"));
    m_bpAddActorAction->setStatusTip(selected ? tr("Stop before every dispatch to or from %1").arg(name)
                                              : tr("Select an actor to stop before its dispatches"));
    m_bpPayloadAction->setEnabled(!replay);
    const bool any = !list.empty();
    m_bpRemoveAction->setEnabled(
        !replay && m_breakpointView && m_breakpointView->selectionModel()->hasSelection() && any);
    m_bpEnableAllAction->setEnabled(!replay && any);
    m_bpDisableAllAction->setEnabled(!replay && any);
    m_bpClearAction->setEnabled(!replay && any);
}

void MainWindow::updateBreakpointMenu()
{
    updateBreakpointActions();
    m_breakpointMenu->clear();
    m_breakpointMenu->addAction(m_bpTrapAction);
    m_breakpointMenu->addAction(m_bpCreatedAction);
    m_breakpointMenu->addAction(m_bpExitedAction);
    m_breakpointMenu->addSeparator();
    m_breakpointMenu->addAction(m_bpActorAction);
    m_breakpointMenu->addAction(m_bpPayloadAction);
    // The actor and payload breakpoints set so far, each ticked while enabled (the panel removes).
    const std::vector<Breakpoint>& list = m_session->breakpoints();
    const bool replay = m_replay && m_replay->isActive();
    bool section = false;
    for (const Breakpoint& bp : list) {
        if (!bp.checkedBefore())
            continue;
        if (!section)
            m_breakpointMenu->addSection(tr("Set"));
        section = true;
        const QString text = bp.kind == Breakpoint::Kind::ActorDispatch
            ? tr("Dispatch to or from %1").arg(QString::fromStdString(m_snapshot->actorName(bp.actor)))
            : tr("Payload contains %1").arg(Format::payload(bp.bytes));
        QAction* item = m_breakpointMenu->addAction(text);
        item->setCheckable(true);
        item->setChecked(bp.enabled);
        item->setEnabled(!replay);
        connect(item, &QAction::triggered, this, [this, bp](bool on) {
            // Later: this action goes when the list changes, and it is still being triggered.
            QTimer::singleShot(0, this, [this, bp, on] {
                const int row = m_breakpointModel->rowOf(bp);
                if (row >= 0)
                    m_breakpointModel->setData(m_breakpointModel->index(row, BreakpointModel::EnabledColumn),
                        on ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
            });
        });
    }
    m_breakpointMenu->addSeparator();
    m_breakpointMenu->addAction(m_bpClearAction);
}

} // namespace Gearscope
