#!/usr/bin/env bash
# Takes docs/screenshots/main.png: the debugger window on the default sample (ping-pong) after a
# few dispatches, on a virtual X server, through the executable's hidden --screenshot option
# (opens the sample, steps, grabs the window with QWidget::grab(), exits).
# Usage: scripts/screenshots.sh [OUT.png]   env: GEARSCOPE_BUILD_DIR (default build), STEPS (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${GEARSCOPE_BUILD_DIR:-build}"
STEPS="${STEPS:-5}"
OUT="${1:-docs/screenshots/main.png}"
EXE="$BUILD_DIR/app/gearscope"

# Build if the executable is missing or older than a source file.
if [ ! -x "$EXE" ] || [ -n "$(find app core ui resources samples/pingpong -type f -newer "$EXE" | head -n 1)" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" --target gearscope
fi
if ! command -v xvfb-run >/dev/null; then
  echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb)" >&2
  exit 2
fi

mkdir -p "$(dirname "$OUT")"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -m 700 "$TMP/run"
# Fresh settings and cache: no remembered window layout or recent files; the recording of this
# run goes to the temporary folder.
XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache" XDG_RUNTIME_DIR="$TMP/run" \
  xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$EXE" --screenshot "$OUT" --steps "$STEPS" --size 1600x1000
