// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/steprecord.h"
#include "session/logentry.h"

#include <functional>
#include <string>
#include <vector>

namespace Gearscope {

/** The log lines a step produces (gr_debug lines, panics, traps, unavailable dispatches, exits,
 *  created programs, error replies), shared by the live engine and the replay so both windows
 *  word a step the same way. */
namespace StepLog {

using NameOf = std::function<std::string(const ActorId&)>;

/// A payload for a log line: quoted text when printable, else short hex.
std::string payloadText(const Bytes& b);

/// A debug line as the log keeps it. Log lines stay for the whole session (the window keeps
/// 20,000 rows) while one gr_debug line may be 1 MiB (RuntimeConfig::maxDebugBytesPerStep), so
/// long lines are cut to SessionSnapshot::MaxLogLineBytes; the step record and trace keep them.
std::string logLine(const std::string& line);

/// The lines of step `r`, in the order the live log shows them.
std::vector<LogEntry> entries(const StepRecord& r, const NameOf& nameOf);

} // namespace StepLog

} // namespace Gearscope
