// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/steprecord.h"
#include "session/breakpoint.h"
#include "session/logentry.h"
#include "timeline/timelinestep.h"
#include "trace/worldstate.h"

#include <QMetaType>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** What the UI sees of a session at one moment: the whole world (WorldState, without memory),
 *  the steps and log lines since the previous snapshot, and the counters of the status bar.
 *
 *  Snapshot: immutable once published, shared as `std::shared_ptr<const SessionSnapshot>`
 *  between threads; nothing in it points into the running engine. While a run goes fast the
 *  Session publishes at most ~30 of them per second, so `steps` and `log` carry everything that
 *  happened since the previous one (capped; `stepsSincePrevious` and `logDropped` say how much
 *  was left out). */
struct SessionSnapshot
{
    static constexpr size_t MaxSteps = 32; ///< step records kept per snapshot
    static constexpr size_t MaxLogEntries = 2000; ///< log lines kept per snapshot
    static constexpr size_t MaxLogLineBytes = 4096; ///< longer debug lines are cut in the log

    uint64_t generation = 0; ///< changes when a file is opened or the session is reset
    uint64_t serial = 0; ///< increases with every snapshot of the session
    uint64_t commandsDone = 0; ///< the highest command serial the engine has finished (Session's return values)
    bool loaded = false; ///< a program or scenario is open
    std::string source; ///< the file opened (may be a ":/" resource path)
    std::string sourceName; ///< its file name, for titles
    std::string tracePath; ///< where this run is being recorded; empty when recording is off

    WorldState world;
    std::map<ActorId, std::string> names; ///< every program and user by id (given name or short hex)

    uint64_t stepCount = 0;
    BlockNumber block = 0;
    bool blockOpen = false;
    size_t queueLength = 0;
    Gas gasBurned = 0; ///< by all steps of this session so far
    bool running = false;
    bool idle = true; ///< nothing queued, no task and no scheduled send left
    int speed = 0; ///< steps per second of a run, 0 = as fast as possible
    std::string stopReason; ///< why the last run stopped ("paused", "idle", "breakpoint: …")

    std::vector<StepRecord> steps; ///< steps since the previous snapshot, newest last, without world ops or page bytes
    uint64_t stepsSincePrevious = 0;
    /// Every step since the previous snapshot in compact form, newest last — not capped like
    /// `steps`: the message timeline must see each one (issue 6). A few dozen bytes per step.
    std::vector<TimelineStep> timeline;
    std::optional<StepRecord> lastStep; ///< the latest step of this generation
    std::vector<LogEntry> log; ///< log lines since the previous snapshot, in order
    uint64_t logDropped = 0; ///< lines since the previous snapshot that did not fit

    std::vector<Breakpoint> breakpoints; ///< the engine's list (the Session's, once its command is done)
    /// How many times each of `breakpoints` stopped a run since the session was opened or reset
    /// (same length and order). A disabled breakpoint never stops a run, so it never counts.
    std::vector<uint64_t> breakpointHits;
    /// The index in `breakpoints` of the one that stopped the last run; cleared when the next
    /// run or step starts.
    std::optional<size_t> stoppedAtBreakpoint;

    /// Given name or short hex; short hex for ids the world does not know.
    std::string actorName(const ActorId& id) const
    {
        auto it = names.find(id);
        return it != names.end() ? it->second : id.shortHex();
    }
    bool isProgram(const ActorId& id) const { return world.program(id) != nullptr; }
};

using SessionSnapshotPtr = std::shared_ptr<const SessionSnapshot>;

} // namespace Gearscope

Q_DECLARE_METATYPE(Gearscope::SessionSnapshotPtr)
Q_DECLARE_METATYPE(Gearscope::ActorId)
