// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QObject>

#include <optional>

namespace Gearscope {

/** The actor selected in the window, shared by every panel (actors table, details, mailbox, the
 *  actor graph): whoever changes it calls selectActor(), everyone follows actorSelected().
 *  Emits exactly once per change, never for the same actor again. GUI thread only. */
class ActorSelection : public QObject
{
    Q_OBJECT
public:
    explicit ActorSelection(QObject* parent = nullptr);

    std::optional<ActorId> selectedActor() const { return m_actor; }

public Q_SLOTS:
    void selectActor(const Gearscope::ActorId& actor);
    void clear();

Q_SIGNALS:
    void actorSelected(const Gearscope::ActorId& actor);
    void selectionCleared();

private:
    std::optional<ActorId> m_actor;
};

} // namespace Gearscope
