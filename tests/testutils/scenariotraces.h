// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

// Sample scenarios and their recordings, shared by the tests that need a real trace (replay,
// timeline, save-as-test, world ops). GEARSCOPE_SOURCE_DIR / GEARSCOPE_BINARY_DIR come from
// tests/CMakeLists.txt.

#include "scenario/scenario.h"
#include "trace/recorder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTest>

#include <functional>
#include <memory>
#include <string>

namespace Gearscope::Test {

/// Every sample scenario: the source tree's and the build tree's (the C samples' scenarios sit
/// next to their built programs there). A C scenario that fails to load was not built.
inline QStringList sampleScenarioFiles()
{
    QStringList out;
    for (const char* root : { GEARSCOPE_SOURCE_DIR "/samples", GEARSCOPE_BINARY_DIR "/samples" }) {
        QDirIterator it(
            QString::fromUtf8(root), { QStringLiteral("*.json") }, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << it.next();
    }
    return out;
}

/// One data row per sample scenario that loads, named by its path in the source tree, holding
/// that path (for a `_data()` function whose one QString column was just added). C samples'
/// scenarios load only once the `samples` target built their programs. Returns the row count.
inline int addSampleScenarioRows()
{
    int rows = 0;
    for (const auto& p : sampleScenarioFiles()) {
        if (!Scenario::load(p.toStdString()))
            continue;
        QTest::newRow(qPrintable(QDir(QStringLiteral(GEARSCOPE_SOURCE_DIR)).relativeFilePath(p))) << p;
        ++rows;
    }
    return rows;
}

/// Runs `sc` from its set-up to its end, recorded to `path`. `onStep` sees each step after the
/// recorder has it, with the runtime (for oracles such as its queue size).
inline Result<Ok> recordScenario(const Scenario& sc, const QString& path,
    const std::function<void(Runtime&, const StepRecord&)>& onStep = {}, const std::string& createdBy = "tests")
{
    ScenarioRunner runner(sc);
    Runtime& rt = runner.runtime();
    TraceWriter::Meta meta;
    meta.createdBy = createdBy;
    auto attached = Recorder::attach(rt, path.toStdString(), meta);
    if (!attached)
        return Result<Ok>::failure(attached.error());
    std::unique_ptr<Recorder> recorder = std::move(attached).value();
    auto up = runner.setUp();
    if (!up)
        return up;
    auto ran = runner.run([&](const StepRecord& r) {
        recorder->step(r);
        if (onStep)
            onStep(rt, r);
    });
    if (!ran)
        return ran;
    return recorder->finish();
}

/// The ping-pong sample asking for `rounds` rounds, written with its programs into `dir`: at
/// 3000 rounds it runs ~2300 steps until gas runs out (error replies included). Its path, or an
/// empty string when a file could not be copied or written.
inline QString writeLongPingPong(const QString& dir, int rounds = 3000)
{
    for (const char* f : { "ping.wat", "pong.wat" }) {
        const QString to = dir + QLatin1Char('/') + QLatin1String(f);
        if (!QFile::exists(to)
            && !QFile::copy(QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/") + QLatin1String(f), to))
            return {};
    }
    QFile in(QStringLiteral(GEARSCOPE_SOURCE_DIR "/samples/pingpong/pingpong.json"));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    const QByteArray json = in.readAll().replace("\"u32\": 3 }", "\"u32\": " + QByteArray::number(rounds) + " }");
    const QString path = dir + QStringLiteral("/longpingpong.json");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size())
        return {};
    return path;
}

} // namespace Gearscope::Test
