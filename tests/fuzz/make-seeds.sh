#!/usr/bin/env bash
# Regenerates tests/fuzz/corpus/ (the committed seed corpus) with fuzz_makeseeds from build-fuzz.
# Run scripts/fuzz.sh once first (it builds fuzz_makeseeds), or: cmake --build build-fuzz --target fuzz_makeseeds
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=tests/fuzz/corpus
rm -rf "$OUT"
for t in fuzz_codeloader fuzz_wat fuzz_scenario fuzz_tracereader fuzz_worldstate; do mkdir -p "$OUT/$t"; done
ASAN_OPTIONS=detect_leaks=0 build-fuzz/tests/fuzz/fuzz_makeseeds "$PWD" "$OUT"
# Scenario seeds with inline bad fields: the parser's error paths.
printf '%s' '{"programs":[{"name":"p","file":"x.wat","init":{"hex":"zz"}}]}' > "$OUT/fuzz_scenario/badhex.json"
printf '%s' '{"users":[{"name":"bob","balance":"340282366920938463463374607431768211456"}],"messages":[{"from":"bob","to":"p","payload":{"u32":-1},"block":0}]}' > "$OUT/fuzz_scenario/overflow.json"
printf '%s' '{"expect":{"replies":[{"to":"alice","code":"Success(Auto)","payload":{"text":"x"}}],"mailbox":[{"user":"alice","count":2}],"balances":[{"actor":"alice","value":"1"}]}}' > "$OUT/fuzz_scenario/expect.json"
du -sh "$OUT"
