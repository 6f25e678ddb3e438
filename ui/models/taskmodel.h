// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

namespace Gearscope {

/** The task pool: wakes, waitlist and mailbox expiries, delayed sends and reservation expiries,
 *  by block. ActorRole is the actor the task concerns. */
class TaskModel final : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { BlockColumn, TaskColumn, ActorColumn, MessageColumn, ColumnCount };

    explicit TaskModel(QObject* parent = nullptr);
    void setSnapshot(const SessionSnapshotPtr& snapshot);

private:
    QStringList headerLabels() const override;
};

} // namespace Gearscope
