// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/sessionsnapshot.h"

#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace Gearscope {

class ReplayBuilder;

/** Replay mode of the window: a recorded trace shown position by position. Snapshots are built
 *  from the trace (ReplayBuilder: `worldAt(pos)` + `step(pos-1)`) on a worker thread with its
 *  own TraceReader, and delivered through snapshotAvailable() like a live Session's, so every
 *  panel works unchanged. Fast scrubbing is coalesced: while one position is being built, later
 *  seeks only replace the wanted position, so just the latest one is built next.
 *
 *  GUI thread: create and call it on one thread with an event loop; signals come on it. */
class ReplayController : public QObject
{
    Q_OBJECT
public:
    explicit ReplayController(QObject* parent = nullptr);
    ~ReplayController() override;

    /// A trace is open in replay mode (from replayOpened() until close()).
    bool isActive() const { return m_active; }
    QString tracePath() const { return m_tracePath; }
    /// The position of the snapshot shown last.
    uint64_t position() const { return m_position; }
    /// The position asked for last (ahead of position() while it is being built).
    uint64_t targetPosition() const { return m_target; }
    uint64_t stepCount() const { return m_stepCount; }
    /// The snapshot shown last (null before the first).
    SessionSnapshotPtr snapshot() const { return m_snapshot; }

public Q_SLOTS:
    /// Opens a trace in the background; replayOpened() and the snapshot at `position` (default:
    /// the end) follow, or failed() saying what is wrong with the file — then the replay that was
    /// open (if any) stays as it was.
    void open(const QString& path, std::optional<uint64_t> position = std::nullopt);
    /// Shows position `pos` (clamped to 0..stepCount()).
    void seek(uint64_t pos);
    void stepBack();
    void stepForward();
    void seekFirst();
    void seekLast();
    /// Leaves replay mode.
    void close();

Q_SIGNALS:
    void replayOpened(const QString& tracePath, uint64_t stepCount);
    void positionChanged(uint64_t pos);
    void replayClosed();
    /// The state at position() for every panel; `stepCount` is the position, `tracePath` the file.
    void snapshotAvailable(const Gearscope::SessionSnapshotPtr& snapshot);
    /// Opening or reading the trace failed; says which file and what.
    void failed(const QString& message);

private:
    struct Wanted
    {
        uint64_t openId = 0;
        uint64_t pos = 0;
    };
    void schedule();
    // Worker thread.
    void buildWanted();

    QThread* m_thread = nullptr;
    QObject* m_worker = nullptr; ///< lives on m_thread; jobs are queued to it
    std::unique_ptr<ReplayBuilder> m_builder; ///< worker thread only
    uint64_t m_builderOpenId = 0; ///< worker thread only

    QMutex m_mutex; ///< guards the two fields below
    std::optional<Wanted> m_wanted;
    bool m_jobScheduled = false;

    // GUI thread.
    bool m_active = false;
    QString m_tracePath;
    uint64_t m_openId = 0;
    uint64_t m_activeOpenId = 0;
    uint64_t m_position = 0;
    uint64_t m_target = 0;
    uint64_t m_stepCount = 0;
    SessionSnapshotPtr m_snapshot;
};

} // namespace Gearscope
