// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// Shared by the inspect tests (issue 6): a recorded sample run and the snapshot a window would
// show at its end.
#pragma once

#include "scenario/scenario.h"
#include "session/sessionsnapshot.h"
#include "trace/recorder.h"
#include "trace/tracereader.h"

#include <QString>

namespace Gearscope::Test {

/// Runs and records `scenarioFile` into `tracePath`; returns the snapshot of its end (world,
/// names, trace path) or null on failure (the reason in `error`).
inline SessionSnapshotPtr recordSample(const QString& scenarioFile, const QString& tracePath, std::string* error)
{
    auto sc = Scenario::load(scenarioFile.toStdString());
    if (!sc) {
        *error = sc.error();
        return nullptr;
    }
    ScenarioRunner runner(sc.value());
    auto attached = Recorder::attach(runner.runtime(), tracePath.toStdString(), {});
    if (!attached) {
        *error = attached.error();
        return nullptr;
    }
    auto recorder = std::move(attached).value();
    auto up = runner.setUp();
    auto ran = up ? runner.run([&](const StepRecord& r) { recorder->step(r); }) : up;
    if (!ran) {
        *error = ran.error();
        return nullptr;
    }
    if (auto fin = recorder->finish(); !fin) {
        *error = fin.error();
        return nullptr;
    }
    auto snap = std::make_shared<SessionSnapshot>();
    snap->generation = 1;
    snap->loaded = true;
    snap->tracePath = tracePath.toStdString();
    snap->world = WorldState::capture(runner.runtime());
    for (const auto& u : snap->world.users)
        snap->names[u.id] = u.name;
    for (const auto& p : snap->world.programs)
        snap->names[p.id] = p.name.empty() ? p.id.shortHex() : p.name;
    snap->stepCount = runner.runtime().stepCount();
    return snap;
}

inline const char* CounterSample = GEARSCOPE_SOURCE_DIR "/samples/counter/counter.json";

} // namespace Gearscope::Test
