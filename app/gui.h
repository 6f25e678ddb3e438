// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

/// Runs the debugger window (QApplication) on argv's file, or on the default sample.
/// Also serves the hidden `--screenshot OUT.png [--steps N] [--size WxH]` option used by
/// scripts/screenshots.sh. Returns the exit code.
int runGui(int argc, char** argv);

/// True when there is a display to open a window on (or Qt was told which platform to use).
bool guiAvailable();
