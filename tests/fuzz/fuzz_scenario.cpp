// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
// libFuzzer target: Scenario::parse on arbitrary JSON. Program files are resolved against the
// fixtures folder so seeds may name real modules ("ping.wat", "pong.wat").
#include "scenario/scenario.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    auto r = Gearscope::Scenario::parse(json, GEARSCOPE_FIXTURES_DIR "/fuzz.json");
    (void)r.ok();
    return 0;
}
