// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QAbstractTableModel>
#include <QVariant>
#include <QVector>

#include <vector>

namespace Gearscope {

/** Base of the table models over a SessionSnapshot: a subclass turns each snapshot into rows
 *  (display text and sort value per column, a key per row) and hands them to setRows(), which
 *  follows the change with row removals, insertions and dataChanged for the cells that differ —
 *  never a reset, except when the session's generation changes (a new file or a reset).
 *  GUI thread only. */
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        SortRole = Qt::UserRole + 1, ///< a value that sorts like the column (numbers, padded u128)
        ActorRole, ///< the actor the row is about (QVariant<ActorId>)
        SourceRole, ///< message source, if the row is a message
        DestinationRole, ///< message destination, if the row is a message
        KeyRole, ///< the row's identity (QByteArray)
        EmphasisRole, ///< bool: the row is marked (the next dispatch)
    };
    enum class Tone { Normal, Muted, Error };

    struct Row
    {
        QByteArray key;
        QVector<QVariant> display;
        QVector<QVariant> sort; ///< empty: sort by display
        QString toolTip; ///< for the whole row
        QVector<QVariant> cellToolTips; ///< per column, overriding toolTip (e.g. the exact value of a compact cell)
        ActorId actor;
        ActorId source;
        ActorId destination;
        bool emphasis = false;
        Tone tone = Tone::Normal;
        bool operator==(const Row& o) const
        {
            return key == o.key && display == o.display && sort == o.sort && toolTip == o.toolTip
                && cellToolTips == o.cellToolTips && actor == o.actor
                && source == o.source && destination == o.destination && emphasis == o.emphasis && tone == o.tone;
        }
        bool operator!=(const Row& o) const { return !(*this == o); }
    };

    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

    const Row& rowAt(int row) const { return m_rows[size_t(row)]; }
    /// The row with this key, or -1.
    int rowOf(const QByteArray& key) const;

protected:
    explicit SnapshotTableModel(QObject* parent = nullptr);
    /// Follows `rows`; resets only when `generation` differs from the previous call's.
    void setRows(std::vector<Row> rows, uint64_t generation);

private:
    virtual QStringList headerLabels() const = 0;
    virtual QString headerToolTip(int /*column*/) const { return {}; }

    std::vector<Row> m_rows;
    uint64_t m_generation = 0;
    bool m_haveGeneration = false;
};

} // namespace Gearscope
