// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "messageselection.h" // Q_DECLARE_METATYPE(MessageId) before any use
#include "search/messagesearch.h"
#include "session/sessionsnapshot.h"

#include <QAbstractTableModel>

namespace Gearscope {

/** The hits of a message search: step that sent it, kind, from → to, payload preview. Reset
 *  per search (a search is a new result set, not an update). */
class SearchResultModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        StepColumn,
        KindColumn,
        FromToColumn,
        PayloadColumn,
        ColumnCount
    };
    enum Role
    {
        MessageIdRole = Qt::UserRole + 1
    };

    explicit SearchResultModel(QObject* parent = nullptr);
    void setResults(std::vector<MessageSearch::Hit> hits, const SessionSnapshotPtr& names);
    const MessageSearch::Hit& hit(int row) const { return m_hits[size_t(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString name(const ActorId& id) const;
    std::vector<MessageSearch::Hit> m_hits;
    SessionSnapshotPtr m_names;
};

} // namespace Gearscope
