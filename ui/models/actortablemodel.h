// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

namespace Gearscope {

/** Every program and user with its counters: state, messages queued to it, waitlist entries,
 *  executions handled, gas burned, balance. Sort through a QSortFilterProxyModel on SortRole. */
class ActorTableModel final : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        KindColumn,
        StateColumn,
        QueuedColumn,
        WaitingColumn,
        HandledColumn,
        GasBurnedColumn,
        BalanceColumn,
        ColumnCount
    };

    explicit ActorTableModel(QObject* parent = nullptr);
    void setSnapshot(const SessionSnapshotPtr& snapshot);
    /// The row of an actor, or -1.
    int rowOfActor(const ActorId& id) const;

private:
    QStringList headerLabels() const override;
    QString headerToolTip(int column) const override;
};

} // namespace Gearscope
