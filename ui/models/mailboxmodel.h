// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

#include <optional>

namespace Gearscope {

/** One user's mailbox (spec §2): messages waiting for a reply or a claim, with the block at
 *  which they expire. KeyRole holds the message id's 32 bytes. */
class MailboxModel final : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Column { FromColumn, PayloadColumn, ValueColumn, SinceColumn, ExpiresColumn, ColumnCount };

    explicit MailboxModel(QObject* parent = nullptr);
    void setSnapshot(const SessionSnapshotPtr& snapshot);
    void setUser(const ActorId& user);
    std::optional<ActorId> user() const { return m_user; }
    MessageId messageAt(int row) const;

private:
    QStringList headerLabels() const override;
    void rebuild();

    SessionSnapshotPtr m_snapshot;
    std::optional<ActorId> m_user;
    uint64_t m_userChanges = 0; ///< a different user is a different list: folded into the generation
};

} // namespace Gearscope
