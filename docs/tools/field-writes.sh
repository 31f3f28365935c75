#!/usr/bin/env bash
# Scores a second when a change carries many leaves: `recordSelfScores` of N sub-criteria of one field (1 to 12) per
# request, against the same load one leaf per request; alternating, ROUNDS times.
# Usage: docs/tools/field-writes.sh APP.jar N [ROUNDS]   (needs wrk, curl and python3; port 18080 free)
# Each run: a fresh embedded database; an index set whose field 1 has 4 criteria of 3 evidence sub-criteria (12 leaves);
# the write benchmark's units W-0..W-31 with their 2025 assessments; `wrk -t2 -c32`, each request one assessment's
# change, 20 s of warm-up, then 30 s measured; prints changes and scores a second with the changes' percentiles.
set -euo pipefail
JAR=$1 N=$2 ROUNDS=${3:-2}
source "$(dirname "$0")/bench-config.sh"
bench_work
bench_common_script
BENCH_SET="$WORK/field12.yml"
python3 - "$BENCH_SET" <<'PY'
import sys
lines = ["code: BENCH-W", 'title: "Bộ chỉ số đo ghi theo lĩnh vực"', 'decision: "1/QĐ-BENCH"', "level: PROVINCE",
         "fromYear: 2025", "toYear: 2025", "scale: 100", "bands:", "  - name: A", "    minimumIndex: 0",
         "agencies:", "  - code: SNV", '    name: "Sở Nội vụ"', "fields:",
         '  - code: "1"', '    title: "Chỉ đạo, điều hành"', "    maximum: 48", "    appraisingAgency: SNV", "    children:"]
for c in range(1, 5):
    lines += [f'      - code: "1.{c}"', f'        title: "Tiêu chí {c}"', "        maximum: 12", "        children:"]
    for s in range(1, 4):
        lines += [f'          - code: "1.{c}.{s}"', f'            title: "Tiêu chí thành phần {c}.{s}"',
                  "            maximum: 4", "            source: EVIDENCE"]
lines += ['  - code: "2"', '    title: "Mức độ hài lòng"', "    maximum: 52", "    children:",
          '      - code: "2.1"', '        title: "Khảo sát"', "        maximum: 52", "        source: SURVEY"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
script() { # $1 leaves per request
cat > "$WORK/field-$1.lua" <<LUA
dofile("$WORK/common.lua")
what = "changes"
local n = $1
local points = {"1", "2", "3", "1.5", "2.25"}
local q = 'mutation(\$unit: ID!, \$leaves: [SelfScoreInput!]!) { recordSelfScores(unit: \$unit, year: 2025, leaves: \$leaves) { version } }'
local counter = 0
function request()
  counter = counter + 1
  local unit = (tid + 2 * (counter % 16)) % 32
  local parts = {}
  for i = 0, n - 1 do
    parts[#parts + 1] = '{"criterion":"1.' .. (math.floor(i / 3) + 1) .. '.' .. (i % 3 + 1) .. '","points":"'
        .. points[(counter + i) % 5 + 1] .. '","evidence":{"documentNumber":"15/KH-UBND"}}'
  end
  return post('{"query":"' .. q .. '","variables":{"unit":"W-' .. unit .. '","leaves":[' .. table.concat(parts, ",") .. ']}}')
end
local common_done = done
function done(summary, latency, requests)
  common_done(summary, latency, requests)
  io.write(string.format("%.1f scores/s (%d a change)\n", n * summary.requests / (summary.duration / 1e6), n))
end
LUA
}
run() {
  local leaves=$1 label=$2
  bench_fresh_app "$label" "$JAR"
  local pid=$BENCH_PID
  wrk -t2 -c32 -d20s -s "$WORK/field-$leaves.lua" http://127.0.0.1:18080 > /dev/null
  echo "$label: $(wrk -t2 -c32 -d30s -s "$WORK/field-$leaves.lua" http://127.0.0.1:18080 | tail -n 2 | tr '\n' ' ')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
script 1
script "$N"
for round in $(seq "$ROUNDS"); do
  run 1 "one-leaf-$round"
  run "$N" "$N-leaves-$round"
done
