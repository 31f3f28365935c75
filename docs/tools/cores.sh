#!/usr/bin/env bash
# Whether the write path scales with cores: the same write load as write-ab.sh with everything (the application, its
# embedded PostgreSQL and wrk) held to one core by taskset, then given both; alternating, ROUNDS times.
# Usage: docs/tools/cores.sh APP.jar [ROUNDS]   (needs wrk, curl and taskset; port 18080 free)
# Each run: a fresh embedded database, the write benchmark's units, `wrk -t2 -c32` recordSelfScore for 30 s of warm-up
# and 30 s measured; prints the acknowledged scores a second and the CPU the application's JVM and the PostgreSQL
# processes used during the measured 30 s (from /proc, user and system), and so the CPU per acknowledged score.
set -euo pipefail
JAR=$1 ROUNDS=${2:-2}
source "$(dirname "$0")/bench-config.sh"
bench_work
bench_scores_script
ticks() { # CPU ticks (1/100 s) used by the JVM $1 and every postgres process
  local t=0 p
  for p in "$1" $(pgrep -x postgres); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
run() {
  local cpus=$1 label=$2
  bench_fresh_app "$label" "$JAR" taskset -c "$cpus"
  local pid=$BENCH_PID
  taskset -c "$cpus" wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 > /dev/null
  local before after out
  before=$(ticks "$pid")
  out=$(taskset -c "$cpus" wrk -t2 -c32 -d30s -s "$WORK/scores.lua" http://127.0.0.1:18080 | tail -n 1)
  after=$(ticks "$pid")
  local scores=${out%% requests*}
  echo "$label (cores $cpus): $out; server CPU $(( (after - before) / 100 )) s, $(awk -v t=$((after - before)) -v n="$scores" \
    'BEGIN { printf "%.1f", 10 * t / n }') ms per score"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq "$ROUNDS"); do
  run 0 "one-core-$round"
  run 0,1 "two-cores-$round"
done
