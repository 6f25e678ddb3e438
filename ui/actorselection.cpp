// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#include "actorselection.h"

namespace Gearscope {

ActorSelection::ActorSelection(QObject* parent)
    : QObject(parent)
{
}

void ActorSelection::selectActor(const ActorId& actor)
{
    if (m_actor && *m_actor == actor)
        return;
    m_actor = actor;
    Q_EMIT actorSelected(actor);
}

void ActorSelection::clear()
{
    if (!m_actor)
        return;
    m_actor.reset();
    Q_EMIT selectionCleared();
}

} // namespace Gearscope
