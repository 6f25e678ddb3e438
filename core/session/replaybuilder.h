// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "session/sessionsnapshot.h"
#include "trace/tracereader.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace Gearscope {

/** Builds the SessionSnapshot a window shows at one position of a recorded trace, so every
 *  panel that follows a live session shows a replay unchanged: the world from
 *  `TraceReader::worldAt(pos)`, the step that led there (`step(pos-1)`) as the last step, the
 *  counters (block, queue length, gas burned by steps [0, pos)) and, unlike a live snapshot, as
 *  `log` the lines of the LogWindow steps before the position (a seek can go either way, so a
 *  replay's log is replaced per snapshot rather than appended to).
 *
 *  Positions are those of the trace: position k is after k steps and after every input made
 *  before step k (docs/trace-format.md). `stepCount` of a built snapshot is the position and
 *  `tracePath` the replayed file. Reads the trace only; never re-executes Wasm.
 *
 *  Not thread-safe (it owns a TraceReader): one builder per thread. */
class ReplayBuilder
{
public:
    /// Opens the trace; fails with what and where for a file that is not a readable trace.
    static constexpr uint64_t LogWindow = 100; ///< steps whose log lines a snapshot carries

    static Result<std::unique_ptr<ReplayBuilder>> open(const std::string& path, uint64_t generation = 0);

    const std::string& path() const;
    uint64_t stepCount() const;
    const TraceReader& reader() const { return *m_reader; }

    /// The snapshot at `pos` (0..stepCount()). Its `generation` is the builder's, except that it
    /// moves on when the world at `pos` lacks actors the previous snapshot had (a seek back
    /// past a program's creation): the panels start over instead of keeping vanished actors.
    Result<SessionSnapshotPtr> build(uint64_t pos);

private:
    ReplayBuilder() = default;
    Result<Gas> gasBefore(uint64_t pos) const;

    std::unique_ptr<TraceReader> m_reader;
    std::string m_sourceName;
    uint64_t m_generation = 0;
    uint64_t m_serial = 0;
    size_t m_actorsShown = 0; ///< programs + users of the previous snapshot
    static constexpr uint64_t GasBucket = 4096;
    std::vector<Gas> m_gasPrefix; ///< gas burned by steps [0, i * GasBucket)
    /// Log lines by step index: decoding a step costs ~0.1 ms, so scrubbing by one step must not
    /// decode the whole window again. Bounded by LogCacheSteps.
    std::map<uint64_t, std::vector<LogEntry>> m_logCache;
    static constexpr size_t LogCacheSteps = 8 * LogWindow;
};

} // namespace Gearscope
