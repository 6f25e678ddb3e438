// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "snapshottablemodel.h"

#include "models/listdiff.h"
#include "session/sessionsnapshot.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QGuiApplication>

namespace Gearscope {

SnapshotTableModel::SnapshotTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int SnapshotTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SnapshotTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(headerLabels().size());
}

QVariant SnapshotTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    const int c = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return c < r.display.size() ? r.display[c] : QVariant();
    case SortRole:
        if (c < r.sort.size() && r.sort[c].isValid())
            return r.sort[c];
        return c < r.display.size() ? r.display[c] : QVariant();
    case Qt::ToolTipRole:
        if (c < r.cellToolTips.size() && r.cellToolTips[c].isValid())
            return r.cellToolTips[c];
        return r.toolTip.isEmpty() ? QVariant() : QVariant(r.toolTip);
    case Qt::FontRole:
        if (r.emphasis) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (r.tone == Tone::Error)
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        if (r.tone == Tone::Muted)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case ActorRole:
        return QVariant::fromValue(r.actor);
    case SourceRole:
        return QVariant::fromValue(r.source);
    case DestinationRole:
        return QVariant::fromValue(r.destination);
    case KeyRole:
        return r.key;
    case EmphasisRole:
        return r.emphasis;
    default:
        return {};
    }
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return headerLabels().at(section);
    if (role == Qt::ToolTipRole) {
        const QString tip = headerToolTip(section);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    return {};
}

int SnapshotTableModel::rowOf(const QByteArray& key) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key == key)
            return int(i);
    return -1;
}

void SnapshotTableModel::setRows(std::vector<Row> rows, uint64_t generation)
{
    if (!m_haveGeneration || generation != m_generation) {
        // A new session: nothing of the old rows carries over.
        beginResetModel();
        m_rows = std::move(rows);
        m_generation = generation;
        m_haveGeneration = true;
        endResetModel();
        return;
    }
    std::vector<QByteArray> before, after;
    before.reserve(m_rows.size());
    after.reserve(rows.size());
    for (const auto& r : m_rows)
        before.push_back(r.key);
    for (const auto& r : rows)
        after.push_back(r.key);
    for (const auto& op : ListDiff::compute(before, after)) {
        if (op.kind == ListDiff::Op::Remove) {
            beginRemoveRows({}, op.row, op.row + op.count - 1);
            m_rows.erase(m_rows.begin() + op.row, m_rows.begin() + op.row + op.count);
            endRemoveRows();
        } else {
            beginInsertRows({}, op.row, op.row + op.count - 1);
            m_rows.insert(m_rows.begin() + op.row, rows.begin() + op.from, rows.begin() + op.from + op.count);
            endInsertRows();
        }
    }
    Q_ASSERT(m_rows.size() == rows.size());
    const int columns = columnCount();
    for (size_t i = 0; i < rows.size(); ++i) {
        Row& old = m_rows[i];
        Row& now = rows[i];
        if (old == now)
            continue;
        // Only the cells that changed; a change of tone or emphasis concerns the whole row.
        int first = columns, last = -1;
        const bool wholeRow = old.emphasis != now.emphasis || old.tone != now.tone || old.toolTip != now.toolTip
            || old.actor != now.actor || old.source != now.source || old.destination != now.destination;
        for (int c = 0; c < columns; ++c) {
            const bool changed = wholeRow || old.display.value(c) != now.display.value(c)
                || old.sort.value(c) != now.sort.value(c) || old.cellToolTips.value(c) != now.cellToolTips.value(c);
            if (changed) {
                first = std::min(first, c);
                last = std::max(last, c);
            }
        }
        old = std::move(now);
        if (last >= 0)
            Q_EMIT dataChanged(index(int(i), first), index(int(i), last));
    }
}

} // namespace Gearscope
