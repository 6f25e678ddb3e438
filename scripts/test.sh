#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run every test headless, then run
# the core and UI tests again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan; see
# docs/robustness.md). GEARSCOPE_SKIP_SANITIZERS=1 skips the second pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export QT_QPA_PLATFORM=offscreen
(cd "${GEARSCOPE_BUILD_DIR:-build}" && ctest --output-on-failure -j"$(nproc)")
[ "${GEARSCOPE_SKIP_SANITIZERS:-}" = "1" ] && exit 0

# Sanitizer pass: gearscope_core, gearscope_ui and the tests/core + tests/ui tests (no benchmarks).
# tst_cli and tst_tracecli drive the gearscope executable through long runs (an 80,000-step
# recording killed mid-way), so they run in the normal pass only; the code they reach is covered by
# the other tests. The UI tests run offscreen like in the first pass.
echo "gearscope: sanitizer pass (ASan + UBSan) in build-asan"
ASAN_DIR="${GEARSCOPE_ASAN_BUILD_DIR:-build-asan}"
ASAN_EXCLUDED='^(tst_cli|tst_tracecli)$'
mapfile -t ASAN_TESTS < <(ls tests/core/tst_*.cpp tests/ui/tst_*.cpp | xargs -n1 basename | sed 's/\.cpp$//' | grep -Ev "$ASAN_EXCLUDED")
EXTRA=()
[ "${CI:-}" = "true" ] && EXTRA+=(-DGEARSCOPE_WERROR=ON)
cmake -S . -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGEARSCOPE_SANITIZE=ON "${EXTRA[@]}" >/dev/null
cmake --build "$ASAN_DIR" -j"$(nproc)" --target "${ASAN_TESTS[@]}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$PWD/tests/sanitizers/ubsan.supp"
cd "$ASAN_DIR"
ctest --output-on-failure -j"$(nproc)" -L '^(core|ui)$' -E "$ASAN_EXCLUDED"
