#!/usr/bin/env bash
# Configure and build Gearscope into ./build (or $GEARSCOPE_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${GEARSCOPE_BUILD_DIR:-build}"
EXTRA=()
[ "${CI:-}" = "true" ] && EXTRA+=(-DGEARSCOPE_WERROR=ON)
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${EXTRA[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
