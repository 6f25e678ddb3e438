// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "trace/tracereader.h"

#include <string>

namespace Gearscope {

/** Writes a trace as Trace Event JSON, which Perfetto and chrome://tracing open: one track
 *  (thread) per actor, one slice per step, and a flow arrow from the step that sent each message
 *  to the step that processed it. Time is the step number (1 step = 10 µs on the time axis), so
 *  the order is exact and the gaps are even. */
namespace ChromeTrace {
Result<uint64_t> write(const TraceReader& reader, const std::string& outPath); ///< returns events written
}

} // namespace Gearscope
