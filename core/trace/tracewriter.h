// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "runtime/steprecord.h"
#include "trace/worldstate.h"

#include <map>
#include <memory>
#include <string>

namespace Gearscope {

/** Records a run to one self-contained SQLite file (docs/trace-format.md).
 *
 *  Threads: `addInput`/`addStep`/`finish` are called from the runtime's thread and only queue
 *  the record; an internal writer thread owns the SQLite connection and commits batches in
 *  transactions (WAL), so a killed process leaves every committed batch readable. The queue is
 *  bounded: if the disk is slower than the runtime, the runtime waits (backpressure) rather than
 *  the process growing without limit. After a write error (disk full, unwritable path) every
 *  call returns false and `error()` says what happened; what was committed stays readable. */
class TraceWriter
{
public:
    struct Meta
    {
        uint64_t seed = 42;
        std::string createdBy; ///< e.g. the command line
        std::string parentTrace; ///< set for a fork
        int64_t parentPosition = -1;
        std::map<std::string, std::string> extra;
        /// Not stored: the largest the trace's database may grow, in bytes (0 = no limit). Beyond
        /// it the writer fails like on a full disk, saying the limit was reached; what was
        /// committed stays readable. Below the empty trace (~70 KiB) creation fails.
        uint64_t maxBytes = 0;
    };

    /// `initial` is the world before the first recorded input (default users and whatever the
    /// runtime already held): stored as the checkpoint at position -1.
    static Result<std::unique_ptr<TraceWriter>> create(
        const std::string& path, const Meta& meta, const WorldState& initial);
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    /// Copy the record into the queue (into the storage of one already written, so a long run
    /// does not allocate per step).
    bool addInput(const InputRecord& r);
    bool addStep(const StepRecord& r);
    /// Waits until everything added so far is committed, so a reader opened next sees it. The
    /// writer otherwise commits every ~100 ms; call this when the run stops (a paused or idle
    /// run, a single step), not per step. False after a write error.
    bool sync();
    /// Flushes everything, writes the final checkpoint and closes the file.
    Result<Ok> finish();
    /// The first write error, or empty.
    std::string error() const;
    const std::string& path() const;

    static constexpr int SchemaVersion = 2;
    /// Steps between world checkpoints (a seek reads at most this many ops rows).
    static constexpr uint64_t CheckpointInterval = 256;

private:
    TraceWriter();
    class Impl;
    std::unique_ptr<Impl> d;
};

/// The RuntimeConfig a run's behaviour depends on, as meta rows ("config.block_gas_allowance", …):
/// verify and fork must re-run with the same limits, and a scenario may change them.
std::map<std::string, std::string> configToMeta(const RuntimeConfig& config);
/// Reads those rows back; a row the trace lacks keeps the default.
RuntimeConfig configFromMeta(const std::map<std::string, std::string>& meta);

} // namespace Gearscope
