// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

// Driving a Session from a test: its engine runs on another thread, so a test waits for the
// snapshot that says a command was carried out.

#include "session/session.h"

#include <QElapsedTimer>
#include <QString>
#include <QTest>

#include <string>

namespace Gearscope::Test {

/// The embedded default sample, as the window opens it.
inline const QString DefaultSample = QStringLiteral(":/samples/pingpong/pingpong.json");

/// Waits until the engine has carried out command `id` and no run is going on (the event loop
/// keeps running, so models that follow the Session's signals see that snapshot too); null on
/// timeout.
inline SessionSnapshotPtr awaitDone(Session& s, quint64 id, int timeoutMs = 20000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        auto snap = s.snapshot();
        if (snap->commandsDone >= id && !snap->running)
            return snap;
        QTest::qWait(2);
    }
    return nullptr;
}

/// The id of the actor called `name` in the snapshot; a zero id if there is none.
inline ActorId idOf(const SessionSnapshotPtr& snap, const std::string& name)
{
    for (const auto& [id, n] : snap->names)
        if (n == name)
            return id;
    return {};
}

} // namespace Gearscope::Test
