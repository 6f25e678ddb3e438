// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

namespace Gearscope {

/** The waitlist: messages parked by gr_wait*, with the block that wakes them (if any) and the
 *  block at which they expire (spec §3). ActorRole is the waiting program. */
class WaitlistModel final : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { ProgramColumn, KindColumn, FromColumn, PayloadColumn, SinceColumn, WakeColumn, ExpiresColumn, ColumnCount };

    explicit WaitlistModel(QObject* parent = nullptr);
    void setSnapshot(const SessionSnapshotPtr& snapshot);

private:
    QStringList headerLabels() const override;
};

} // namespace Gearscope
