#!/usr/bin/env bash
# A crowd without credentials that no kept answer serves, and what someone signed in gets meanwhile (thirtieth session,
# docs/measurements.md).
# Usage: docs/tools/anonymous-crowd.sh APP.jar OUT [ADDRESSES]   (needs wrk, curl, python3; port 8080 free)
# The README's first command (the embedded default with the sample data) in a scratch directory, behind a loopback proxy
# (server.forward-headers-strategy=native); then for 30 s, from each of ADDRESSES client addresses (10.0.0.1, …;
# default 3), `wrk -c150` asking without credentials for a published unit-year's journey under an alias of its own
# each time (so that every request executes). Meanwhile, every 0.2 s, demo-inspector (from another address) asks for
# an assessment under an alias of its own, timed; the same for 10 s before the crowd. Prints the crowd's results, then
# the signed-in query's seconds alone and in the crowd (p50, p90, max) and any refusals; headline last.
set -euo pipefail
JAR=$1 OUT=$2 ADDRESSES=${3:-3}
source "$(dirname "$0")/bench-config.sh"
WORK=$(mktemp -d)
trap 'pkill -f "par-ledger-crowd=$WORK" || true' EXIT
cd "$WORK"
java -Xmx1g -Dpar-ledger-crowd="$WORK" -jar "$JAR" --server.forward-headers-strategy=native > app.log 2>&1 &
bench_await_ready 8080
INSPECTOR="Authorization: Basic $(awk '$1 == "demo-inspector" { printf "%s", $1 ":" $2 }' data/demo-accounts.txt | base64 -w0)"
cat > crowd.lua <<'LUA'
local units = {"60", "62", "64", "66", "67", "68", "70", "72", "74", "77", "79", "80", "22"}
local years = {2021, 2022, 2024}
local threads = {}
answered, busy, full, refused = 0, 0, 0, 0
function setup(thread) table.insert(threads, thread) end
function request()
  local body = '{"query":"{ j' .. math.random(1e9) .. ': journey(unit: \\"' .. units[math.random(#units)] .. '\\", year: '
      .. years[math.random(#years)] .. ') { steps { stage points changes { kind from to at } } } }"}'
  return wrk.format("POST", "/graphql", {["Content-Type"] = "application/json"}, body)
end
-- answered: a journey; busy: 429 (the address's requests in progress); full: 503 (the anonymous bound); refused: any
-- other answer (an error in GraphQL's shape, e.g. UNAVAILABLE when no turn came).
function response(status, headers, body)
  if status == 429 then busy = busy + 1
  elseif status == 503 then full = full + 1
  elseif status ~= 200 or string.find(body, '"errors"') then refused = refused + 1
  else answered = answered + 1 end
end
function done(summary, latency, requests)
  local a, b, f, r = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("answered"); b = b + t:get("busy"); f = f + t:get("full"); r = r + t:get("refused")
  end
  io.write(string.format("%d requests (%.1f/s, p50 %.1f ms, p99 %.1f ms): %d journeys answered (%.1f/s), %d 429, %d 503, "
      .. "%d other\n", summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, a, a / (summary.duration / 1e6), b, f, r))
end
LUA
# Every 0.2 s until stopped: the HTTP status, seconds and the first error's code (ok: none) of a signed-in query.
probe() {
  while true; do
    r=$(curl -s -m 30 -H "X-Forwarded-For: 10.0.1.1" -H "$INSPECTOR" -H 'Content-Type: application/json' \
      -d "{\"query\":\"{ a$RANDOM$RANDOM: assessment(unit: \\\"22\\\", year: 2025) { stage } }\"}" -o body \
      -w '%{http_code} %{time_total}' localhost:8080/graphql || true)
    e=$(grep -o '"code":"[A-Z_]*"' body | head -1 || true)
    echo "${r:-000 30} ${e:-ok}"; sleep 0.2
  done
}
probe > "$OUT.alone" & p=$!; sleep 10; kill $p; wait $p 2>/dev/null || true
probe > "$OUT.crowd" & p=$!
pids=()
for a in $(seq "$ADDRESSES"); do
  wrk -t1 -c150 -d30s -s crowd.lua -H "X-Forwarded-For: 10.0.0.$a" http://127.0.0.1:8080 > "$OUT.wrk$a" &
  pids+=($!)
done
wait "${pids[@]}"
kill $p; wait $p 2>/dev/null || true
for a in $(seq "$ADDRESSES"); do echo "crowd from 10.0.0.$a: $(tail -n 1 "$OUT.wrk$a")"; done
cp app.log "$OUT.app.log"
python3 - "$OUT.alone" "$OUT.crowd" <<'PY'
import sys
def stats(path):
    rows = [l.split() for l in open(path) if l.strip()]
    t = sorted(float(r[1]) for r in rows)
    bad = [r[2] if r[0] == '200' else 'HTTP ' + r[0] for r in rows if r[0] != '200' or r[2] != 'ok']
    return "%d asked, p50 %.3f s, p90 %.3f s, max %.3f s, %d not answered%s" % (len(rows), t[len(t) // 2],
        t[int(len(t) * 0.9)], t[-1], len(bad), " " + str(sorted(set(bad))) if bad else "")
print("signed-in query alone: " + stats(sys.argv[1]))
print("signed-in query in the crowd: " + stats(sys.argv[2]))
PY
