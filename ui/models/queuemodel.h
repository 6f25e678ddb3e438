// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

namespace Gearscope {

/** The global message queue in processing order; the first row, the next dispatch, is marked
 *  (bold, "▶") unless a task runs first. Rows are keyed by message id, so a step that pops the
 *  front and pushes at the back moves no other row. */
class QueueModel final : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, FromColumn, ToColumn, PayloadColumn, ValueColumn, GasColumn, ColumnCount };
    /// Rows shown at most; a longer queue ends with one "… N more" row (a lazy model over the
    /// trace is the answer for huge queues, style guide 9.3.9).
    static constexpr int MaxRows = 2000;

    explicit QueueModel(QObject* parent = nullptr);
    void setSnapshot(const SessionSnapshotPtr& snapshot);

private:
    QStringList headerLabels() const override;
};

} // namespace Gearscope
