# Sourced by the by-hand tools here (write-ab.sh, cores.sh, field-writes.sh, floor-ab.sh, soak.sh, lock-health.sh, …):
# the by-hand benchmark's configuration, written to the file named; a scratch directory holding it; the wait for an
# application to be ready; an application started on a fresh database; the write benchmark's units and wrk's script
# writing to them.
# Port 18080; no sample data and no demo accounts; one built-in account, bench-writer (password bench-reader-password),
# ADMIN and ASSESSOR of units W-0..W-31; no limit on changes per person; no periodic checkpoint.
bench_config() {
  cat > "$1" <<'YML'
server:
  port: 18080
parledger:
  sample-data:
    enabled: false
  security:
    demo-accounts:
      enabled: false
    accounts:
      - username: bench-writer
        password: "{bcrypt}$2a$10$EUGWd.EQSSvbXiFW335h9..GqJFOBf1n59KTgk22SCKtn1Cipb/k6"
        grants: [ADMIN]
    rate-limit:
      mutations: 0
  integrity:
    checkpoint-every: 0s
YML
  python3 - "$1" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
open(p, 'w').write(s.replace("grants: [ADMIN]", "grants: [ADMIN," + ",".join("ASSESSOR:W-%d" % i for i in range(32)) + "]"))
PY
}

# $WORK, a scratch directory with the configuration in $WORK/cfg.yml; every application started with it is stopped when
# the script ends.
bench_work() {
  WORK=$(mktemp -d)
  trap 'pkill -f "additional-location=$WORK" || true' EXIT
  bench_config "$WORK/cfg.yml"
}

# Until the application on port 18080 (or the port given) is ready (at most two minutes).
bench_await_ready() {
  for _ in $(seq 120); do curl -s "localhost:${1:-18080}/actuator/health/readiness" | grep -q '"status":"UP"}$' && return; sleep 1; done
}

# The application $2 started on a fresh embedded database, ready, with the write benchmark's units; its log is
# $WORK/$1.log and its process $BENCH_PID. Words after the jar start it under them (e.g. taskset -c 0). The disks are
# synced and the machine left idle for 15 s first: without that, the second run of a pair was always the slower one
# (the first run's durable writes were still being flushed).
bench_fresh_app() {
  local label=$1 jar=$2
  shift 2
  rm -rf "$WORK/db"; sync; sleep 15
  "$@" java -Xmx1g -jar "$jar" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/db" \
    > "$WORK/$label.log" 2>&1 &
  BENCH_PID=$!
  bench_await_ready
  bench_units
}

BENCH_AUTH="Authorization: Basic YmVuY2gtd3JpdGVyOmJlbmNoLXJlYWRlci1wYXNzd29yZA=="
BENCH_SET="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/benchmarks/src/main/resources/bench-writes-index-set.yml"

# A GraphQL request as bench-writer to the application on port 18080; fails on an HTTP error.
bench_gq() { curl -sf -H "$BENCH_AUTH" -H "Content-Type: application/json" -d "$1" localhost:18080/graphql > /dev/null; }

# The write benchmark's index set (three evidence leaves, one survey leaf), units W-0..W-31 and their 2025 assessments.
bench_units() {
  bench_gq "$(python3 -c 'import json,sys; print(json.dumps({"query": "mutation($d: String!) { defineIndexSet(document: $d) { stream } }", "variables": {"d": open(sys.argv[1]).read()}}))' "$BENCH_SET")"
  for c in $(seq 0 31); do
    bench_gq "{\"query\":\"mutation { registerUnit(input: {code: \\\"W-$c\\\", name: \\\"Tỉnh W-$c\\\", level: PROVINCE}) { stream } }\"}"
    bench_gq "{\"query\":\"mutation { openAssessment(unit: \\\"W-$c\\\", year: 2025, indexSet: \\\"BENCH-W\\\") { stream } }\"}"
  done
}

# $WORK/common.lua, what every wrk script here shares: each answer must be a 200 without errors; at the end one line
# with the requests, their rate (of `what`, "requests" unless the script says otherwise), p50, p99 and the failures.
bench_common_script() {
cat > "$WORK/common.lua" <<'LUA'
local threads = {}
tid = 0
failures = 0
what = "requests"
function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"') then failures = failures + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failures") end
  io.write(string.format("%d requests, %.1f %s/s, p50 %.1f ms, p99 %.1f ms, %d failed\n", summary.requests,
      summary.requests / (summary.duration / 1e6), what, latency:percentile(50) / 1000, latency:percentile(99) / 1000, f))
end
-- A GraphQL request as bench-writer.
function post(body)
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json",
      ["Authorization"] = "Basic YmVuY2gtd3JpdGVyOmJlbmNoLXJlYWRlci1wYXNzd29yZA=="}, body)
end
LUA
}

# $WORK/scores.lua: wrk's recordSelfScore on the 32 units, each wrk thread's connections on their own half of them.
bench_scores_script() {
bench_common_script
cat > "$WORK/scores.lua" <<LUA
dofile("$WORK/common.lua")
what = "scores"
local leaves = {"1.1", "1.2.1", "1.2.2"}
local points = {"1", "2", "3", "1.5", "2.25"}
local q = 'mutation(\$unit: ID!, \$criterion: String!, \$points: Decimal!) { recordSelfScore(input: {unit: \$unit, year: 2025, criterion: \$criterion, points: \$points, evidence: {documentNumber: \\\\"15/KH-UBND\\\\"}}) { version } }'
local counter = 0
function request()
  counter = counter + 1
  local unit = (tid + 2 * (counter % 16)) % 32
  return post('{"query":"' .. q .. '","variables":{"unit":"W-' .. unit .. '","criterion":"' .. leaves[counter % 3 + 1]
      .. '","points":"' .. points[counter % 5 + 1] .. '"}}')
end
LUA
}
