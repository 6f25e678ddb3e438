// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actorfilterproxymodel.h"

#include "models/snapshottablemodel.h"
#include "session/sessionsnapshot.h"

namespace Gearscope {

ActorFilterProxyModel::ActorFilterProxyModel(int match, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_match(match)
{
}

void ActorFilterProxyModel::setActor(const std::optional<ActorId>& actor)
{
    if (actor == m_actor)
        return;
    m_actor = actor;
    invalidateFilter();
}

bool ActorFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_actor)
        return false;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    auto is = [&](int role) { return idx.data(role).value<ActorId>() == *m_actor; };
    return ((m_match & MatchActor) && is(SnapshotTableModel::ActorRole))
        || ((m_match & MatchSource) && is(SnapshotTableModel::SourceRole))
        || ((m_match & MatchDestination) && is(SnapshotTableModel::DestinationRole));
}

} // namespace Gearscope
