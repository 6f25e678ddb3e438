// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include "model/result.h"

#include <QByteArray>

#include <string>
#include <utility>
#include <vector>

namespace Gearscope {

class TraceReader;

/** Turns a recorded run into a scenario file (docs/scenario-format.md, "Saved scenarios"), so a
 *  bug seen once becomes a regression test: the inputs are the run's users, codes, uploads,
 *  sends, replies and claims with their blocks; the expectations are what happened (every reply
 *  and user-log message, mailbox contents, program states, balances, noErrors when nothing
 *  failed, and each active program's `state` export answer to an empty query, run on its final
 *  recorded memory as the runner's check runs it). Works on a finished trace and on one still
 *  being recorded (its committed steps).
 *
 *  Plain C++, any thread (it only reads through the TraceReader it is given, on the caller's
 *  thread). Fails, naming the input, for what a scenario cannot express (a program uploaded
 *  after the run started). */
class ScenarioWriter
{
public:
    struct Saved
    {
        QByteArray json; ///< the scenario file's text
        /// Code files the scenario refers to, as (file name relative to the scenario's folder, bytes).
        std::vector<std::pair<std::string, QByteArray>> files;
    };

    /// Builds the scenario for a file to be written at `scenarioPath` (its name gives the code
    /// files' names and the scenario's name).
    static Result<Saved> build(const TraceReader& trace, const std::string& scenarioPath);
    /// build() and write the scenario and its code files; returns the paths written.
    static Result<std::vector<std::string>> save(const TraceReader& trace, const std::string& scenarioPath);
};

} // namespace Gearscope
