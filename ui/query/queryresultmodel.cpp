// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "queryresultmodel.h"

namespace Gearscope {

QueryResultModel::QueryResultModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void QueryResultModel::setTable(TraceReader::Table table)
{
    beginResetModel();
    m_table = std::move(table);
    endResetModel();
}

int QueryResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}
int QueryResultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.columns.size());
}

QVariant QueryResultModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const auto& row = m_table.rows[size_t(index.row())];
    if (size_t(index.column()) >= row.size())
        return {};
    return QString::fromStdString(row[size_t(index.column())]);
}

QVariant QueryResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section < 0 || size_t(section) >= m_table.columns.size())
        return {};
    return QString::fromStdString(m_table.columns[size_t(section)]);
}

} // namespace Gearscope
