// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "runtime/steprecord.h"
#include "trace/worldstate.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Gearscope {

/** Reads a recorded trace (docs/trace-format.md). Opens the file read-only: reading never
 *  modifies it, and a file still being written (or left by a killed process, with its WAL)
 *  shows every committed step. Every read returns a Result: a truncated or corrupt file gives
 *  an error naming the file and what could not be read, never a crash.
 *
 *  Not thread-safe: one reader per thread (SQLite connection per thread, style guide 9.4.6). */
class TraceReader
{
public:
    static Result<std::unique_ptr<TraceReader>> open(const std::string& path);
    ~TraceReader();
    TraceReader(const TraceReader&) = delete;
    TraceReader& operator=(const TraceReader&) = delete;

    const std::string& path() const;
    std::map<std::string, std::string> meta() const;
    uint64_t seed() const;
    /// The runtime configuration the run was recorded with (meta "seed" and "config.*" rows;
    /// defaults for what the trace does not say), for re-executing it.
    RuntimeConfig config() const;
    /// Steps recorded (positions run from 0 to stepCount()).
    uint64_t stepCount() const;

    /// A recorded step as a StepRecord (syscall args, generated message ids, world ops included).
    Result<StepRecord> step(uint64_t index) const;
    /// Calls `visit` for steps [from, to) in order until it returns false — the bulk read for
    /// building indexes (timeline, search) over a whole trace. Fails on the first unreadable step.
    Result<bool> forEachStep(uint64_t from, uint64_t to, const std::function<bool(const StepRecord&)>& visit) const;
    /// Every user input in order (what `verify` re-executes).
    Result<std::vector<InputRecord>> inputs() const;
    /// Code bytes by id, as uploaded.
    Result<std::map<CodeId, Bytes>> codes() const;
    /// A message by id, as stored in the messages table.
    Result<Message> message(const MessageId& id) const;

    /// The world at position `pos` (after `pos` steps): nearest checkpoint, then recorded ops.
    /// Never re-executes Wasm.
    Result<WorldState> worldAt(uint64_t pos) const;
    /// One 16 KiB page of a program's memory at `pos` (zeros if never written).
    Result<Bytes> pageAt(const ActorId& program, uint32_t page, uint64_t pos) const;
    /// The program's whole memory at `pos`, `memoryPages` Wasm pages long.
    Result<Bytes> memoryAt(const ActorId& program, uint64_t pos, uint32_t memoryPages) const;

    /// Runs read-only SQL (the query panel; a statement that would write is refused).
    struct Table
    {
        std::vector<std::string> columns;
        std::vector<std::vector<std::string>> rows;
    };
    Result<Table> query(const std::string& sql, size_t maxRows = 10000) const;

private:
    TraceReader();
    class Impl;
    std::unique_ptr<Impl> d;
};

} // namespace Gearscope
