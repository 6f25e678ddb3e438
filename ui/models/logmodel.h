// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QAbstractTableModel>

#include <deque>

namespace Gearscope {

/** The session log: gr_debug lines, panics, error replies with their codes in words, validation
 *  errors, breakpoint hits. Append-only: each snapshot's lines go in with one insert; the oldest
 *  lines go once MaxRows is reached; a new session (generation) clears it. */
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StepColumn, BlockColumn, KindColumn, ActorColumn, TextColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, ActorRole };
    static constexpr int MaxRows = 20000;

    explicit LogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSnapshot(const SessionSnapshotPtr& snapshot);
    void append(const std::vector<LogEntry>& entries, uint64_t dropped = 0);
    void clear();
    const LogEntry& entryAt(int row) const { return m_entries[size_t(row)]; }

private:
    std::deque<LogEntry> m_entries;
    uint64_t m_generation = 0;
    bool m_haveGeneration = false;
};

} // namespace Gearscope
