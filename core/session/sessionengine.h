// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/scenario.h"
#include "session/breakpoint.h"
#include "session/logentry.h"
#include "session/sessionsnapshot.h"

#include <QElapsedTimer>
#include <QString>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QObject;

namespace Gearscope {

class Recorder;
class Session;

/** The engine half of a Session: owns the ScenarioRunner (and so the Runtime) — or, for a trace
 *  opened to continue it, the Runtime rebuilt from the trace — the Recorder and the run loop.
 *  Plain C++.
 *
 *  Engine-thread only: every method runs on the Session's engine thread, called through queued
 *  invocations on the context object; it talks back only through Session's publish/report
 *  functions, which hand values across threads. */
class SessionEngine
{
public:
    enum class Goal
    {
        Idle,
        EndOfBlock
    };
    struct Settings
    {
        QString traceDir;
        bool recording = true;
    };

    SessionEngine(Session& session, QObject* context);
    ~SessionEngine();
    SessionEngine(const SessionEngine&) = delete;
    SessionEngine& operator=(const SessionEngine&) = delete;

    /// Opens a program, a scenario or a trace (continued from its end, see continueTrace).
    void open(const QString& path, const Settings& settings, quint64 serial);
    /// A trace file by its name (.sqlite, .db, .gstrace) or its SQLite header.
    static bool isTraceFile(const QString& path);
    void reset(const Settings& settings, quint64 serial);
    /// Forks a new recorded run from position `position` of a trace (see continueTrace).
    void continueFrom(const QString& path, uint64_t position, const Settings& settings, quint64 serial);
    /// Copies the program's memory (empty when there is no such program) for the state inspector.
    void readMemory(const ActorId& program, quint64 serial);
    /// Runs the program's `state` export with `payload` (nothing persists).
    void queryState(const ActorId& program, const Bytes& payload, quint64 serial);
    void stepDispatch(quint64 serial);
    /// `honourSpeed`: run at the Session's speed (run) or as fast as possible (runUntilIdle, runBlock).
    void startRun(Goal goal, bool honourSpeed, uint64_t token, quint64 serial);
    /// Ends a run whose token is stale at once (a pause while the run waits for its next step).
    void stopIfPaused();
    void sendMessage(const ActorId& from, const ActorId& to, const Bytes& payload, u128 value, std::optional<Gas> gas,
        quint64 serial);
    void uploadProgram(const QString& file, const Bytes& salt, const Bytes& init, u128 value,
        std::optional<ActorId> from, const Settings& settings, quint64 serial);
    void replyFromMailbox(const ActorId& user, const MessageId& message, const Bytes& payload, u128 value,
        std::optional<Gas> gas, quint64 serial);
    void claimValue(const ActorId& user, const MessageId& message, quint64 serial);
    void setBreakpoints(std::vector<Breakpoint> breakpoints, quint64 serial);

    static constexpr int PublishIntervalMs = 33; ///< at most ~30 snapshots per second
    static constexpr int SliceMs = 15; ///< a run yields to queued commands this often
    static constexpr int KeptTraces = 20; ///< recordings kept in the trace folder

private:
    struct Run
    {
        // Declared here, defaulted in the .cpp: clang 14 treats a nested struct whose default
        // constructor is implicit and has default member initializers as not default-constructible
        // until the enclosing class is complete, so `m_run.emplace()` would not compile
        // (docs/robustness.md: the fuzz and sanitizer builds need clang).
        Run();
        Goal goal = Goal::Idle;
        bool honourSpeed = false;
        uint64_t token = 0;
        uint64_t id = 0; ///< identifies the scheduled chunks of this run
        int speed = 0;
        QElapsedTimer pace;
        uint64_t pacedSteps = 0;
        bool firstStep = true; ///< a run resumed at a breakpoint must get past it
        std::optional<std::string> hit; ///< set by the step observer when a breakpoint matched
        std::optional<size_t> hitIndex; ///< which of m_breakpoints stopped the run (before or after a step)
    };
    enum class StepResult
    {
        Continue,
        Stop
    };

    Runtime* runtime() const;
    std::optional<BlockNumber> nextSendBlock() const;
    void ensureRunner(const Settings& settings);
    /// Ends the current session: stops a run, finishes its recording, forgets its runtime and
    /// counters, starts a new generation.
    void clearSession();
    bool rebuild(const Scenario& scenario, const Settings& settings, std::string* error);
    /// Re-executes a recorded trace up to its end on a fresh runtime, recording the continuation
    /// to a new trace whose meta names the parent; the current session is replaced only when
    /// the trace could be read and re-executed.
    /// `position`: where to continue (nullopt: the end).
    bool continueTrace(
        const QString& path, std::optional<uint64_t> position, const Settings& settings, std::string* error);
    void onStep(const StepRecord& r);
    void logStep(const StepRecord& r);
    void addLog(LogEntry::Kind kind, std::string text, const ActorId& actor = {});
    void fail(const std::string& message);
    void runChunk(uint64_t runId);
    StepResult runOne(std::string* stopReason);
    void endRun(const std::string& reason, bool breakpoint);
    bool feedScheduledSends();
    bool blockHasWork() const;
    bool queueEmpty() const;
    std::optional<QueuedDispatch> queueFront() const;
    void resyncQueue();
    bool sessionIdle() const;
    void done(quint64 serial);
    void publish();
    void maybePublish();
    /// A new recording's path in the trace folder (old recordings pruned, never `keep`).
    std::string traceFileFor(const Settings& settings, const std::string& source, const QString& keep = {}) const;

    Session& m_session;
    QObject* m_context;
    std::unique_ptr<ScenarioRunner> m_runner;
    std::unique_ptr<Runtime> m_live; ///< the runtime rebuilt from a trace (then m_runner is null)
    QString m_continuedTrace; ///< the trace m_live was rebuilt from, for reset
    std::optional<uint64_t> m_continuedPosition; ///< and where in it (nullopt: its end)
    std::unique_ptr<Recorder> m_recorder;
    bool m_recordingFailed = false;
    Scenario m_scenario;
    bool m_loaded = false;
    uint64_t m_generation = 0;
    uint64_t m_serial = 0;
    quint64 m_commandsDone = 0;
    std::string m_tracePath;

    std::deque<QueuedDispatch> m_queue; ///< mirror of the runtime's queue, kept by the step's world ops
    bool m_mirrorValid = false;
    bool m_allowanceStopped = false;

    Gas m_gasBurned = 0;
    std::deque<StepRecord> m_steps;
    uint64_t m_stepsSince = 0;
    std::vector<TimelineStep> m_timeline; // uncapped, for the timeline's live feed
    std::optional<StepRecord> m_lastStep;
    std::deque<LogEntry> m_log;
    uint64_t m_logDropped = 0;

    std::vector<Breakpoint> m_breakpoints;
    bool m_haveBeforeBreakpoints = false;
    std::vector<uint64_t> m_breakpointHits; ///< parallel to m_breakpoints; zeroed with a new session
    std::optional<size_t> m_stoppedAt; ///< the breakpoint that stopped the last run
    std::optional<Run> m_run;
    uint64_t m_runIds = 0;
    std::string m_stopReason;

    QElapsedTimer m_sincePublish;
    bool m_dirty = false;
};

} // namespace Gearscope
