// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "searchresultmodel.h"

#include "format.h"
#include "messageselection.h"

namespace Gearscope {

SearchResultModel::SearchResultModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SearchResultModel::setResults(std::vector<MessageSearch::Hit> hits, const SessionSnapshotPtr& names)
{
    beginResetModel();
    m_hits = std::move(hits);
    m_names = names;
    endResetModel();
}

int SearchResultModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_hits.size()); }
int SearchResultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString SearchResultModel::name(const ActorId& id) const
{
    return QString::fromStdString(m_names ? m_names->actorName(id) : id.shortHex());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_hits.size()))
        return {};
    const auto& h = m_hits[size_t(index.row())];
    if (role == MessageIdRole)
        return QVariant::fromValue(h.id);
    if (role == Qt::ToolTipRole)
        return tr("message %1").arg(QString::fromStdString(h.id.hex()));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StepColumn:
        return h.step ? QVariant::fromValue<qulonglong>(*h.step) : QVariant(tr("input"));
    case KindColumn:
        return h.replyCode.empty()
            ? QString::fromStdString(h.kind)
            : QStringLiteral("%1 %2").arg(QString::fromStdString(h.kind), QString::fromStdString(h.replyCode));
    case FromToColumn:
        return QStringLiteral("%1 → %2").arg(name(h.source), name(h.destination));
    case PayloadColumn:
        return Format::payload(h.payloadPreview, 48)
            + (h.payloadSize > h.payloadPreview.size() ? QStringLiteral("…") : QString());
    }
    return {};
}

QVariant SearchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Sent at step");
    case KindColumn:
        return tr("Kind");
    case FromToColumn:
        return tr("From → to");
    case PayloadColumn:
        return tr("Payload");
    }
    return {};
}

} // namespace Gearscope
