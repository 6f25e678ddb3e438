// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTabWidget;
class QTableView;

namespace Gearscope {

class ActorFilterProxyModel;
class QueueModel;
class TaskModel;
class WaitlistModel;

/** The selected actor: state, balance, code id, memory and counters, and, in tabs, its messages
 *  in the queue, its waitlist entries (with wake and expiry blocks) and the tasks scheduled for
 *  it. The tables are filtered views of the window's shared models. */
class ActorDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    ActorDetailsWidget(QueueModel* queue, WaitlistModel* waitlist, TaskModel* tasks, QWidget* parent = nullptr);

    void setSnapshot(const SessionSnapshotPtr& snapshot);
    void setActor(const std::optional<ActorId>& actor);
    std::optional<ActorId> actor() const { return m_actor; }

private:
    void refresh();
    QTableView* makeTable(ActorFilterProxyModel* proxy);

    SessionSnapshotPtr m_snapshot;
    std::optional<ActorId> m_actor;
    QLabel* m_title;
    QLabel* m_fields;
    QTabWidget* m_tabs;
    ActorFilterProxyModel* m_queued;
    ActorFilterProxyModel* m_waiting;
    ActorFilterProxyModel* m_tasks;
    QList<QTableView*> m_views;
};

} // namespace Gearscope
