#!/usr/bin/env bash
# Regenerates tests/fuzz/corpus/ (the committed seed corpus) with fuzz_makeseeds from build-fuzz.
# Run scripts/fuzz.sh once first (it builds fuzz_makeseeds), or: cmake --build build-fuzz --target fuzz_makeseeds
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=tests/fuzz/corpus
rm -rf "$OUT"
for t in fuzz_codeloader fuzz_wat fuzz_scenario fuzz_scenariorun fuzz_tracereader fuzz_worldstate; do mkdir -p "$OUT/$t"; done
ASAN_OPTIONS=detect_leaks=0 build-fuzz/tests/fuzz/fuzz_makeseeds "$PWD" "$OUT"
# Traces are written with 16 KiB pages (fast to record); the seeds are rewritten with 1 KiB pages
# and no WAL, so they stay small (~40 KiB) and mutations land in content rather than free space.
for f in "$OUT"/fuzz_tracereader/*.gstrace; do
  sqlite3 "$f" "PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM;" >/dev/null
  rm -f "$f-wal" "$f-shm"
done
# Scenario seeds with inline bad fields: the parser's error paths.
printf '%s' '{"programs":[{"name":"p","file":"x.wat","init":{"hex":"zz"}}]}' > "$OUT/fuzz_scenario/badhex.json"
printf '%s' '{"users":[{"name":"bob","balance":"340282366920938463463374607431768211456"}],"messages":[{"from":"bob","to":"p","payload":{"u32":-1},"block":0}]}' > "$OUT/fuzz_scenario/overflow.json"
printf '%s' '{"expect":{"replies":[{"to":"alice","code":"Success(Auto)","payload":{"text":"x"}}],"mailbox":[{"user":"alice","count":2}],"balances":[{"actor":"alice","value":"1"}]}}' > "$OUT/fuzz_scenario/expect.json"
# Scenario runs (fuzz_scenariorun): scripts for tests/fixtures/msg_actor.wat that reach the
# host-memory limits the target sets small (mailbox, user log, actors, outgoing messages).
R="$OUT/fuzz_scenariorun"
cp "$OUT"/fuzz_scenario/pingpong.json "$OUT"/fuzz_scenario/counter.json "$R/"
rep() { local out="" i; for ((i = 0; i < $1; i++)); do out+="$2,"; done; printf '%s' "${out%,}"; }
send='"S",{"actor":"alice"},{"u128":"0"},"s"'
wgas='"G",{"actor":"alice"},{"u128":"0"},{"u64":"10000"},"g"'
create='"C",{"code":"a"},{"u128":"0"},{"u8":7},{"u8":0}'
prog='"programs":[{"name":"a","file":"msg_actor.wat"}]'
printf '{%s,"messages":[{"to":"a","payload":[%s]}]}' "$prog" "$(rep 6 "$wgas")" > "$R/mailbox-full.json"
printf '{%s,"messages":[{"to":"a","payload":[%s]},{"to":"a","payload":[%s],"block":2}]}' "$prog" "$(rep 12 "$send")" "$(rep 12 "$send")" > "$R/user-log.json"
printf '{%s,"messages":[{"to":"a","payload":[%s]}]}' "$prog" "$(rep 24 "$create")" > "$R/actor-limit.json"
printf '{%s,"messages":[{"to":"a","payload":[%s]}]}' "$prog" "$(rep 40 "$send")" > "$R/outgoing-limit.json"
printf '{%s,"messages":[{"to":"a","payload":[%s,"w"]},{"kind":"reply","to":"a","payload":"r","block":2},{"to":"a","payload":["P",{"u8":2},"no"],"block":3},{"to":"a","payload":["X",{"actor":"bob"}],"block":4}]}' "$prog" "$wgas" > "$R/wait-reply-panic-exit.json"
printf '{%s,"messages":[{"to":"a","payload":[%s]},{"kind":"claim","to":"a","block":2}]}' "$prog" "$wgas" > "$R/claim.json"
# Past findings stay seeds (fix 5: a new user's row without a world op).
cp tests/fuzz/regressions/scenariorun-*.json "$R/"
du -sh "$OUT"
