#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run every test headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export QT_QPA_PLATFORM=offscreen
cd "${GEARSCOPE_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
