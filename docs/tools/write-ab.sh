#!/usr/bin/env bash
# Back-to-back write throughput of two builds of the application jar (before/after a change), on this machine.
# Usage: docs/tools/write-ab.sh BEFORE.jar AFTER.jar [ROUNDS]   (needs wrk and curl; port 18080 free)
# Each run: a fresh embedded database, one index set of three leaves, units W-0..W-31 with their 2025 assessments,
# then `wrk -t2 -c32` recordSelfScore as bench-writer: 30 s of warm-up, then 30 s measured. Between runs the disks are
# synced and the machine left idle for 15 s: without that, the second run of a pair was always the slower one (the
# first run's durable writes were still being flushed), whichever build it was.
set -euo pipefail
BEFORE=$1 AFTER=$2 ROUNDS=${3:-2}
source "$(dirname "$0")/bench-config.sh"
bench_work
# The write benchmark's index set (three evidence leaves, one survey leaf).
SET="$(cd "$(dirname "$0")/../.." && pwd)/benchmarks/src/main/resources/bench-writes-index-set.yml"
cat > "$WORK/scores.lua" <<'LUA'
-- recordSelfScore on the 32 units; a run fails if any answer is not a 200 without errors.
local leaves = {"1.1", "1.2.1", "1.2.2"}
local points = {"1", "2", "3", "1.5", "2.25"}
local q = 'mutation($unit: ID!, $criterion: String!, $points: Decimal!) { recordSelfScore(input: {unit: $unit, year: 2025, criterion: $criterion, points: $points, evidence: {documentNumber: \\"15/KH-UBND\\"}}) { version } }'
local counter, threads = 0, {}
tid = 0
failures = 0
function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
function request()
  counter = counter + 1
  local unit = (tid + 2 * (counter % 16)) % 32
  local body = '{"query":"' .. q .. '","variables":{"unit":"W-' .. unit .. '","criterion":"' .. leaves[counter % 3 + 1]
      .. '","points":"' .. points[counter % 5 + 1] .. '"}}'
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json",
      ["Authorization"] = "Basic YmVuY2gtd3JpdGVyOmJlbmNoLXJlYWRlci1wYXNzd29yZA=="}, body)
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"') then failures = failures + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failures") end
  io.write(string.format("%.1f scores/s, p50 %.1f ms, p99 %.1f ms, %d failed\n", summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, f))
end
LUA
AUTH="Authorization: Basic YmVuY2gtd3JpdGVyOmJlbmNoLXJlYWRlci1wYXNzd29yZA=="
gq() { curl -sf -H "$AUTH" -H "Content-Type: application/json" -d "$1" localhost:18080/graphql > /dev/null; }
run() {
  local jar=$1 label=$2
  rm -rf "$WORK/db"; sync; sleep 15
  java -Xmx1g -jar "$jar" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/db" > "$WORK/$label.log" 2>&1 &
  local pid=$!
  bench_await_ready
  gq "$(python3 -c 'import json,sys; print(json.dumps({"query": "mutation($d: String!) { defineIndexSet(document: $d) { stream } }", "variables": {"d": open(sys.argv[1]).read()}}))' "$SET")"
  for c in $(seq 0 31); do
    gq "{\"query\":\"mutation { registerUnit(input: {code: \\\"W-$c\\\", name: \\\"Tỉnh W-$c\\\", level: PROVINCE}) { stream } }\"}"
    gq "{\"query\":\"mutation { openAssessment(unit: \\\"W-$c\\\", year: 2025, indexSet: \\\"BENCH-W\\\") { stream } }\"}"
  done
  wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 > /dev/null
  echo "$label: $(wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 | tail -n 1)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq "$ROUNDS"); do
  run "$BEFORE" "before-$round"
  run "$AFTER" "after-$round"
done
