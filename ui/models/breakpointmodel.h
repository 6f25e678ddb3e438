// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/breakpoint.h"
#include "session/sessionsnapshot.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <optional>
#include <vector>

namespace Gearscope {

class Session;

/** The Breakpoints panel's table over the Session's breakpoint list — the one source of truth
 *  the Breakpoints menu reads too: rows follow Session::breakpoints() (breakpointsChanged), hit
 *  counts and the breakpoint that stopped the last run come from the session's snapshots
 *  (matched by condition, since the engine's copy of the list may lag a command behind). Every
 *  edit (the checkbox, add, remove, enable all, clear) goes through Session::setBreakpoints, so
 *  the menu and the engine see it at once. Rows move by inserts and removes, never a reset.
 *  GUI thread only; the session is not owned. */
class BreakpointModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        EnabledColumn,
        BreakpointColumn,
        HitsColumn,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, ///< int(Breakpoint::Kind)
        ActorRole, ///< QVariant<ActorId>: the actor of an actor breakpoint (null id otherwise)
        HitsRole, ///< qulonglong: how many times it stopped a run since the open or reset
        StoppedRole, ///< bool: it stopped the last run
    };

    explicit BreakpointModel(Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    /// Qt::CheckStateRole on the enabled column enables or disables the breakpoint.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    /// Removes breakpoints from the session's list.
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

    const Breakpoint& breakpointAt(int row) const { return m_rows[size_t(row)].bp; }
    /// The row with this condition (enabled or not), or -1.
    int rowOf(const Breakpoint& condition) const;
    /// The row of the breakpoint that stopped the last run, or -1.
    int stoppedRow() const;

    /// Replay mode: nothing can be edited (live controls are off there).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    // Edits of the session's list (ignored while read-only).
    /// Adds `bp`, or enables the breakpoint with its condition if there is one; returns its row.
    int addBreakpoint(const Breakpoint& bp);
    /// Removes every breakpoint with `condition`'s condition.
    void removeBreakpoint(const Breakpoint& condition);
    void setAllEnabled(bool enabled);
    void clearAll();

public Q_SLOTS:
    /// Hit counts, the stop mark and actor names from a session snapshot.
    void applySnapshot(const Gearscope::SessionSnapshotPtr& snapshot);

private:
    struct Row
    {
        Breakpoint bp;
        QString text;
        uint64_t hits = 0;
        bool stopped = false;
    };
    /// Rows, counts and names again from the session's list and the latest snapshot.
    void refresh();
    void setList(std::vector<Breakpoint> list);

    QPointer<Session> m_session;
    SessionSnapshotPtr m_snapshot;
    std::vector<Row> m_rows;
    bool m_readOnly = false;
};

} // namespace Gearscope
