#!/usr/bin/env bash
# Fuzzing (issue 7, docs/robustness.md): configures build-fuzz with clang-14 and
# GEARSCOPE_FUZZ=ON (everything built with -fsanitize=fuzzer-no-link,address,undefined),
# builds the libFuzzer targets in tests/fuzz/ and runs each for SECONDS (default 60) on a copy of
# its seed corpus tests/fuzz/corpus/<target>/. New inputs collect in tests/fuzz/corpus-run/
# (gitignored); crashes are written there as crash-*/leak-*/timeout-* and fail the script.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(fuzz_codeloader fuzz_wat fuzz_scenario fuzz_scenariorun fuzz_tracereader fuzz_worldstate)
BUILD_DIR="${GEARSCOPE_FUZZ_BUILD_DIR:-build-fuzz}"
bash scripts/install-deps.sh
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGEARSCOPE_FUZZ=ON >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${TARGETS[@]}"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:${LSAN_OPTIONS:-}"
failed=()
for t in "${TARGETS[@]}"; do
  run="tests/fuzz/corpus-run/$t"
  mkdir -p "$run/new" "$run/artifacts"
  cp -n tests/fuzz/corpus/"$t"/* "$run/new/" 2>/dev/null || true
  # Traces are SQLite files of a few dozen KiB: let mutations keep them whole.
  maxlen=4096
  [ "$t" = fuzz_wat ] && maxlen=16384
  [ "$t" = fuzz_tracereader ] && maxlen=262144
  echo "=== $t: ${SECONDS_EACH}s"
  if ! "$BUILD_DIR/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -max_len="$maxlen" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$run/artifacts/" "$run/new" 2>"$run/log.txt"; then
    failed+=("$t")
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^(==[0-9]+==)?ERROR|^SUMMARY|^#[0-9]+ *DONE" "$run/log.txt" || true
done
if ((${#failed[@]})); then
  echo "fuzz: failures in ${failed[*]} (see tests/fuzz/corpus-run/<target>/log.txt and artifacts/)"
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets ran ${SECONDS_EACH}s each, no crash"
