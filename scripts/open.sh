#!/usr/bin/env bash
# README command 1: install what is missing, build, open Gearscope on the default sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec ./build/app/gearscope "$@"
