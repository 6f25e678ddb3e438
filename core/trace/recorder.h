// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "runtime/runtime.h"
#include "trace/tracewriter.h"

#include <memory>
#include <string>

namespace Gearscope {

/** Connects a Runtime to a TraceWriter: turns world recording on, captures the initial world,
 *  records every user action through the runtime's input observer, and every step handed to
 *  `step()` (the owner chains it into its own step observer, since a runtime has one).
 *
 *  Runtime-thread object; the writer does the disk work on its own thread. */
class Recorder
{
public:
    static Result<std::unique_ptr<Recorder>> attach(Runtime& rt, const std::string& path, TraceWriter::Meta meta);
    ~Recorder();

    /// Records one step; false once the writer has failed (see error()).
    bool step(const StepRecord& r);
    /// Commits what was recorded so far (TraceWriter::sync); false after a write error.
    bool sync() { return !m_finished && m_writer->sync(); }
    Result<Ok> finish();
    std::string error() const;
    const std::string& path() const;

private:
    Recorder() = default;
    Runtime* m_rt = nullptr;
    std::unique_ptr<TraceWriter> m_writer;
    bool m_finished = false;
};

} // namespace Gearscope
