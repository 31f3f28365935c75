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
bench_scores_script
run() {
  local jar=$1 label=$2
  bench_fresh_app "$label" "$jar"
  local pid=$BENCH_PID
  wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 > /dev/null
  echo "$label: $(wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 | tail -n 1)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq "$ROUNDS"); do
  run "$BEFORE" "before-$round"
  run "$AFTER" "after-$round"
done
