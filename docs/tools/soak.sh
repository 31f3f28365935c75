#!/usr/bin/env bash
# A soak: the application under a steady mixed load for a while, sampled every minute, to see whether anything grows
# that should not (heap after a full collection, threads, open files, connections, the resident set).
# Usage: docs/tools/soak.sh APP.jar [MINUTES] [RESULTS]   (needs wrk, curl, psql, jcmd; port 18080 free; default 30 minutes)
# The by-hand benchmark's configuration (bench-config.sh) on a fresh embedded database with a 512 MB heap; one index set
# of three leaves, units W-0..W-31 with their 2025 assessments. Load, for the whole run: wrk -c8 recordSelfScore, each
# connection waiting 80 ms between requests (about 100 scores/s), and wrk -c16 reading in turn the 2025 ranking with
# field ranks, a unit's journey and a page of its audit trail, each connection waiting 40 ms (every answer must be a 200
# without errors). Each minute: the live heap (jcmd GC.class_histogram's total, counted after the full collection it
# makes; GC.run and then GC.heap_info counted what the load allocated while the second jcmd started, up to 130 MB more),
# the JVM's threads, open file descriptors and resident set, the pools' connections and the projections' lag (from
# /actuator/prometheus), the ledger's events and the database's size.
set -euo pipefail
JAR=$1 MINUTES=${2:-30} RESULTS=${3:-/dev/stdout}
source "$(dirname "$0")/bench-config.sh"
bench_work
bench_scores_script
cat > "$WORK/writes.lua" <<LUA
dofile("$WORK/scores.lua")
function delay() return 80 end
LUA
cat > "$WORK/reads.lua" <<LUA
dofile("$WORK/common.lua")
local reads = {
  '{ rankings(year: 2025, level: PROVINCE) { entries { rank unitCode index points fields { code index rank } } } }',
  '{ journey(unit: \\\\"W-UNIT\\\\", year: 2025) { steps { stage points pointsChange changes { kind criterion from to reason at } } } }',
  '{ auditTrail(unit: \\\\"W-UNIT\\\\", year: 2025, first: 100) { edges { cursor node { eventId sequence kind criterion newValue } } pageInfo { hasNextPage endCursor } } }'}
local counter = 0
function request()
  counter = counter + 1
  local q = string.gsub(reads[counter % 3 + 1], "UNIT", tostring(math.random(0, 31)))
  return post('{"query":"' .. q .. '"}')
end
function delay() return 40 end
LUA
java -Xmx512m -jar "$JAR" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/db" \
  --parledger.embedded.port=15432 > "$WORK/app.log" 2>&1 &
pid=$!
bench_await_ready
bench_units
PGPASS=$(grep '^postgres=' "$WORK/db/par-ledger-roles.properties" | cut -d= -f2-)
pg() { PGPASSWORD="$PGPASS" psql -h localhost -p 15432 -U postgres -d postgres -tA -c "$1"; }
prom() { grep -E "^$1" "$WORK/prom" | awk '{s+=$2} END {printf "%d", s}'; }
sample() {
  local heap threads fds rss
  heap=$(( $(jcmd "$pid" GC.class_histogram | tail -n 1 | awk '{print $3}') / 1024 ))
  threads=$(grep '^Threads:' /proc/$pid/status | awk '{print $2}')
  rss=$(grep '^VmRSS:' /proc/$pid/status | awk '{print $2}')
  fds=$(ls /proc/$pid/fd | wc -l)
  curl -s -H "$BENCH_AUTH" localhost:18080/actuator/prometheus > "$WORK/prom"
  echo "| $1 | $(pg 'SELECT max(globalindex) FROM domainevententry') | $((heap / 1024)) | $threads | $fds | $((rss / 1024)) | \
$(prom 'hikaricp_connections\{pool="embedded-postgres"') | $(prom 'hikaricp_connections\{pool="embedded-postgres-background"') | \
$(pg "SELECT count(*) FROM pg_stat_activity WHERE usename = 'parledger_app'") | $(prom 'parledger_projection_lag') | \
$(( $(pg 'SELECT pg_database_size(current_database())' 2>/dev/null || echo 0) / 1048576 )) |"
}
{
  echo "# Soak"
  echo
  echo "Command: \`docs/tools/soak.sh APP.jar $MINUTES $RESULTS\` (by hand; it rewrites the file). Jar of commit"
  echo "$(unzip -p "$JAR" BOOT-INF/classes/git.properties 2>/dev/null | grep -o 'commit.id.abbrev=.*' | cut -d= -f2), $MINUTES minutes, started $(date -u +%FT%TZ) on $(nproc) cores, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), 512 MB heap."
  echo
  echo "| Minute | Events | Live heap (MB) | JVM threads | Open files | RSS (MB) | Requests' pool | Background pool | Connections in PostgreSQL | Lag (all projections) | postgres database (MB) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  sample 0
} > "$WORK/table"
wrk -t2 -c8 -d"${MINUTES}m" -s "$WORK/writes.lua" http://127.0.0.1:18080 > "$WORK/writes.out" &
w=$!
wrk -t1 -c16 -d"${MINUTES}m" -s "$WORK/reads.lua" http://127.0.0.1:18080 > "$WORK/reads.out" &
r=$!
for m in $(seq 1 $((MINUTES - 1))); do
  sleep 60
  sample "$m" >> "$WORK/table"
done
wait $w $r
sleep 10 # the clients' connections closed, the projections caught up
sample "$MINUTES (after the load)" >> "$WORK/table"
{
  cat "$WORK/table"
  echo
  echo "Writes: $(tail -n 1 "$WORK/writes.out")"
  echo "Reads: $(tail -n 1 "$WORK/reads.out")"
  echo "Log: $(grep -c ' ERROR ' "$WORK/app.log" || true) ERROR, $(grep -c ' WARN ' "$WORK/app.log" || true) WARN lines"
  echo
  # The headline: the first and last rows' live heap, threads and open files.
  awk -F'|' '/^\| [0-9]/ {if (!n++) {h0=$4; t0=$5; f0=$6}; e=$3; h=$4; t=$5; f=$6}
    END {printf "Headline: live heap%sMB at the start,%sMB after%sevents; threads%s→%s; open files%s→%s\n", h0, h, e, t0, t, f0, f}' "$WORK/table"
} > "$RESULTS"
tail -n 1 "$RESULTS"
kill "$pid"; wait "$pid" 2>/dev/null || true
