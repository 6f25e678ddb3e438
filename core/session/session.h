// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "session/breakpoint.h"
#include "session/sessionsnapshot.h"

#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace Gearscope {

class SessionEngine;

/** The one QObject facade between the UI and the engine (style guide 9.2.2).
 *
 *  Owns an engine thread on which a SessionEngine owns the Runtime (through a ScenarioRunner), the
 *  trace Recorder and the run loop: the runtime never runs on the caller's thread. Every command
 *  below is queued onto the engine thread and returns at once with a serial number; the engine
 *  publishes a SessionSnapshot when the command has been carried out (`commandsDone` reaches the
 *  serial; a run counts as carried out once it has started and reports `running`).
 *
 *  Thread: create and call it on one thread (the GUI thread), which must run an event loop;
 *  signals are emitted on that thread. `pause()` takes effect within one step (milliseconds)
 *  because it flips an atomic run token that the run loop checks before every step.
 *
 *  Every live run is recorded to a trace file (SQLite) in traceDirectory() without being asked;
 *  the path is in the snapshot, in tracePath() and in tracePathChanged(). A trace opened with
 *  openFile() is continued from its end into a new recording; continueTrace() forks one from any
 *  position (the window opens traces in replay mode and uses that). */
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    /// The latest snapshot delivered to this thread (never null; empty before the first open).
    SessionSnapshotPtr snapshot() const;
    bool isRunning() const { return m_running; }
    QString tracePath() const;
    QString sourcePath() const;

    /// Where recordings go; takes effect with the next open or reset. Default: the cache
    /// location's "traces" folder (or a temporary folder when there is none).
    void setTraceDirectory(const QString& dir);
    QString traceDirectory() const;
    static QString defaultTraceDirectory();
    /// Recording on (default) or off; takes effect with the next open or reset.
    void setRecording(bool on);

    int speed() const { return m_speed.load(); }
    const std::vector<Breakpoint>& breakpoints() const { return m_breakpoints; }
    /// The serial of the last command posted.
    quint64 lastCommand() const { return m_serial; }

    // ---- commands with core-typed arguments (queued, like the slots) ----
    quint64 sendMessage(const ActorId& from, const ActorId& to, const Bytes& payload, u128 value = 0,
        std::optional<Gas> gas = std::nullopt);
    /// Uploads a .wasm/.wat file as a new program from `from` (default: alice).
    quint64 uploadProgram(const QString& file, const Bytes& salt, const Bytes& initPayload, u128 value = 0,
        std::optional<ActorId> from = std::nullopt);
    quint64 replyFromMailbox(const ActorId& user, const MessageId& message, const Bytes& payload, u128 value = 0,
        std::optional<Gas> gas = std::nullopt);
    quint64 claimValue(const ActorId& user, const MessageId& message);
    /// Replaces the list (the one source of truth the menu and the Breakpoints panel read):
    /// breakpoints() changes at once and breakpointsChanged() is emitted; the engine follows
    /// with the command. A breakpoint that stays keeps its hit count (SessionSnapshot::breakpointHits).
    quint64 setBreakpoints(std::vector<Breakpoint> breakpoints);
    /// Forks a new recorded run from position `position` of a trace ("continue live from here"):
    /// the trace is re-executed up to there on the engine thread (progress() reports a long one)
    /// and the new recording's meta names the parent (parent_trace, parent_pos = `position`).
    /// A failure leaves the current session as it was (failed() and the log say why).
    quint64 continueTrace(const QString& path, uint64_t position);
    /// Reads a program's whole linear memory on the engine thread; answered by memoryRead()
    /// with the same serial (empty memory when there is no such program).
    quint64 readMemory(const ActorId& program);
    /// Runs the program's `state` export with `payload` on the engine thread (nothing persists);
    /// answered by stateAnswered() with the same serial.
    quint64 queryState(const ActorId& program, const Bytes& payload);

public Q_SLOTS:
    /// Opens a .wasm/.wat program (uploaded from alice), a .json scenario (its set-up runs;
    /// its timed messages are sent when their block comes) or a recorded trace (.sqlite): the
    /// trace is re-executed on the engine thread up to its end (progress() reports a long one)
    /// and the session continues from there, recording to a new trace whose meta names the
    /// parent (parent_trace, parent_pos = the recorded step count). A failure leaves the
    /// current session as it was and is reported through failed() and the log.
    quint64 openFile(const QString& path);
    /// Runs tasks up to and including the next dispatch (breakpoints do not apply).
    quint64 stepDispatch();
    /// Finishes the open block, or runs the next one (breakpoints apply).
    quint64 runBlock();
    /// Runs until idle, a breakpoint or pause(), at `stepsPerSecond` (0 = as fast as possible).
    quint64 run(int stepsPerSecond = 0);
    /// Runs as fast as possible until idle, a breakpoint or pause().
    quint64 runUntilIdle();
    /// Stops a run within one step. Not queued behind other commands.
    void pause();
    /// Starts the open file again from its beginning, on a fresh runtime and a new recording.
    quint64 reset();
    /// Changes the speed of runs, also of the one in progress (0 = as fast as possible).
    void setSpeed(int stepsPerSecond);

Q_SIGNALS:
    /// A new snapshot; at most ~30 per second while running.
    void snapshotAvailable(const Gearscope::SessionSnapshotPtr& snapshot);
    void runningChanged(bool running);
    void tracePathChanged(const QString& path);
    /// A command failed; the message says what and where (also in the log).
    void failed(const QString& message);
    /// A run stopped on a breakpoint (which one and how often: the next snapshot's
    /// stoppedAtBreakpoint and breakpointHits).
    void breakpointHit(const QString& description);
    /// setBreakpoints() changed breakpoints().
    void breakpointsChanged();
    /// A long command (re-executing a trace to continue it) has done `done` of `total` units;
    /// `done == total` ends it.
    void progress(const QString& what, qint64 done, qint64 total);
    /// The answer to readMemory(`serial`): the memory after `stepCount` steps.
    void memoryRead(quint64 serial, const Gearscope::ActorId& program, quint64 stepCount, const QByteArray& memory);
    /// The answer to queryState(`serial`): the reply payload, or what went wrong.
    void stateAnswered(
        quint64 serial, const Gearscope::ActorId& program, bool ok, const QByteArray& answer, const QString& error);

private:
    friend class SessionEngine;
    quint64 post(std::function<void(SessionEngine&, quint64)> command);
    // Called by the engine, on the engine thread.
    void publishFromEngine(std::shared_ptr<SessionSnapshot> snapshot);
    void reportFromEngine(std::function<void(Session&)> event);
    uint64_t runToken() const { return m_runToken.load(std::memory_order_relaxed); }
    // On this object's thread.
    void deliverPending();

    QThread* m_thread = nullptr;
    QObject* m_engineContext = nullptr; ///< lives on the engine thread; commands are queued to it
    std::unique_ptr<SessionEngine> m_engine;
    std::atomic<uint64_t> m_runToken { 0 }; ///< bumped by pause/reset/open: a run with an older token stops
    std::atomic<int> m_speed { 0 };
    quint64 m_serial = 0;
    QString m_traceDir;
    bool m_recording = true;
    std::vector<Breakpoint> m_breakpoints;

    mutable QMutex m_mutex; ///< guards the fields below, shared with the engine thread
    std::shared_ptr<SessionSnapshot> m_pending;
    bool m_deliveryScheduled = false;

    SessionSnapshotPtr m_latest; ///< this thread only
    bool m_running = false;
    QString m_tracePath;
};

} // namespace Gearscope
