// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "trace/tracereader.h"

#include <QAbstractTableModel>

namespace Gearscope {

/** The result table of an SQL query over a trace (TraceReader::Table): its column names as
 *  headers, every cell as text. Reset per query. */
class QueryResultModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit QueryResultModel(QObject* parent = nullptr);
    void setTable(TraceReader::Table table);
    const TraceReader::Table& table() const { return m_table; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    TraceReader::Table m_table;
};

} // namespace Gearscope
