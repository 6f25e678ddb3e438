// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/types.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace Gearscope {

/** Keeps the rows of a SnapshotTableModel that concern one actor: rows whose ActorRole,
 *  SourceRole or DestinationRole is that actor (which roles count is configurable). With no
 *  actor set it accepts nothing. Used by the actor details panel over the shared models. */
class ActorFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum Match { MatchActor = 1, MatchSource = 2, MatchDestination = 4 };

    explicit ActorFilterProxyModel(int match = MatchActor, QObject* parent = nullptr);
    void setActor(const std::optional<ActorId>& actor);
    std::optional<ActorId> actor() const { return m_actor; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    int m_match;
    std::optional<ActorId> m_actor;
};

} // namespace Gearscope
