// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"
#include "runtime/runtime.h"
#include "trace/tracereader.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace Gearscope {

/** Re-execution of recorded traces: `gearscope verify`, `gearscope diff` and forks.
 *  Plain C++; runs on the calling thread. */
namespace TraceCheck {

struct Divergence
{
    uint64_t step = 0; ///< first step that differs (or the input position)
    std::string what; ///< in words: which field, recorded value, re-run value
};

struct VerifyReport
{
    uint64_t stepsChecked = 0;
    uint64_t inputsApplied = 0;
    std::optional<Divergence> divergence;
};

using Progress = std::function<void(uint64_t done, uint64_t total)>;

/// Re-executes the run from its recorded inputs and seed and compares every step (outcome, ids,
/// gas, generated messages, changed pages and their bytes) with the recording.
Result<VerifyReport> verify(const std::string& path, Progress progress = {});

/// Compares two traces step by step (inputs first); nullopt when they are the same run.
Result<std::optional<Divergence>> diff(const std::string& a, const std::string& b);

/// Rebuilds a live runtime at position `pos` of a trace by re-executing its inputs (for a fork).
/// `prepare` is called on the fresh runtime before anything is replayed (e.g. to attach a
/// recorder); every re-executed step is also handed to `onStep`.
Result<std::unique_ptr<Runtime>> rebuild(const TraceReader& reader, uint64_t pos,
    const std::function<void(Runtime&)>& prepare = {}, const std::function<void(const StepRecord&)>& onStep = {});

/// The first difference between two steps in words, or "" (used by verify and diff).
std::string compareSteps(const StepRecord& recorded, const StepRecord& other);

} // namespace TraceCheck

} // namespace Gearscope
