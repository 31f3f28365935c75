#!/usr/bin/env bash
# Requests holding every connection of theirs, and what the node then says about itself (twenty-eighth and twenty-ninth
# sessions, docs/measurements.md).
# Usage: docs/tools/lock-health.sh APP.jar OUT   (needs wrk, curl, psql; ports 18080 and 15432 free)
# A fresh embedded database with the by-hand benchmark's configuration, units W-0..W-31; 20 s of wrk writes as warm-up,
# then 32 wrk writers for 40 s and, 8 s in, a superuser session holding `LOCK TABLE domainevententry IN SHARE MODE` for
# 20 s (what CREATE INDEX without CONCURRENTLY takes): every commit waits the lock timeout (5 s) holding its connection.
# Meanwhile, every 0.5 s: the audit trail's lag as the superuser reads it (the ledger's events less the trail's
# entries; OUT.lag), and /actuator/prometheus and /actuator/health as bench-writer, each timed (OUT.gauge: when, the
# scrape's seconds, the audit trail's lag gauge, the clock offset gauge, health's seconds, then its projections' lag or
# error, db and clock). Prints wrk's result, the lag around the lock and the log's warnings; then the gauge samples
# begun during the lock.
set -euo pipefail
JAR=$1 OUT=$2
source "$(dirname "$0")/bench-config.sh"
bench_work
bench_scores_script
rm -rf "$WORK/db"; sync; sleep 5
java -Xmx1g -jar "$JAR" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/db" \
  --parledger.embedded.port=15432 > "$WORK/app.log" 2>&1 &
pid=$!
bench_await_ready
bench_units
wrk -t2 -c32 -d20s -s "$WORK/scores.lua" http://127.0.0.1:18080 > /dev/null
PGPASS=$(grep '^postgres=' "$WORK/db/par-ledger-roles.properties" | cut -d= -f2-)
psql_superuser() { PGPASSWORD="$PGPASS" psql -h localhost -p 15432 -U postgres -d postgres "$@"; }
lagfile="$OUT.lag"; : > "$lagfile"
gaugefile="$OUT.gauge"; : > "$gaugefile"
( while true; do
    t=$(date +%s.%N)
    m=$(psql_superuser -tA -c "SELECT (SELECT count(*) FROM domainevententry) - (SELECT count(*) FROM rv_audit_entry)")
    echo "$t ${m:-x}" >> "$lagfile"; sleep 0.5
  done ) &
sampler=$!
( while true; do
    t=$(date +%s.%N)
    pt=$(curl -s -m 10 -H "$BENCH_AUTH" -o "$WORK/prom" -w '%{time_total}' localhost:18080/actuator/prometheus || true)
    g=$(grep '^parledger_projection_lag{projection="audit-trail-v1"' "$WORK/prom" | cut -d' ' -f2 || true)
    c=$(grep '^parledger_clock_offset_seconds' "$WORK/prom" | cut -d' ' -f2 || true)
    ht=$(curl -s -m 10 -H "$BENCH_AUTH" -o "$WORK/health" -w '%{time_total}' localhost:18080/actuator/health || true)
    h=$(python3 - "$WORK/health" <<'PY' 2>&1 | tr ' ' _
import json, sys
c = json.load(open(sys.argv[1]))["components"]
p = c["projections"].get("details", {})
print(p.get("audit-trail-v1", {}).get("lag", p), c["db"]["status"], c["clock"]["status"])
PY
)
    echo "$t ${pt:-x} ${g:-none} ${c:-none} ${ht:-x} ${h:-none}" >> "$gaugefile"; sleep 0.5
  done ) &
gauger=$!
wrk -t2 -c32 -d40s -s "$WORK/scores.lua" http://127.0.0.1:18080 > "$OUT.wrk" &
w=$!
sleep 8
echo "lock $(date +%s.%N)" >> "$lagfile"
psql_superuser -q -c "BEGIN; LOCK TABLE domainevententry IN SHARE MODE; SELECT pg_sleep(20); COMMIT;" > /dev/null
echo "unlock $(date +%s.%N)" >> "$lagfile"
wait $w
sleep 3
kill $sampler $gauger; wait $sampler $gauger 2>/dev/null || true
tail -n 1 "$OUT.wrk"
python3 - "$lagfile" "$gaugefile" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
lock = float([r[1] for r in rows if r[0] == 'lock'][0]); unlock = float([r[1] for r in rows if r[0] == 'unlock'][0])
s = [(float(r[0]), r[1]) for r in rows if r[0] not in ('lock', 'unlock')]
at = lambda t: [v for (x, v) in s if x >= t][0]
print("lag at lock %s; 2 s into it %s; 10 s %s; 19 s %s; at unlock %s" % (at(lock), at(lock + 2), at(lock + 10), at(lock + 19), at(unlock)))
zero = [x for (x, v) in s if lock <= x <= unlock and v == '0']
print("lag 0 during the lock after %s s" % (round(zero[0] - lock, 2) if zero else "never"))
for line in open(sys.argv[2]):
    t, pt, g, c, ht, h = line.split()[:6]
    if lock <= float(t) <= unlock:
        print("%+5.1f s  scrape %s s, lag gauge %s, clock gauge %s; health %s s: %s" % (float(t) - lock, pt, g, c, ht, h))
PY
echo "log: processors' WARN/ERROR lines $(grep -E ' (WARN|ERROR) ' "$WORK/app.log" | grep -c -E 'WorkPackage|Coordinator|EmbeddedEventStore|events-available|\]-[0-9]\]' || true); $(grep -c ' ERROR ' "$WORK/app.log" || true) ERROR, $(grep -c 'Connection is not available' "$WORK/app.log" || true) 'Connection is not available'"
cp "$WORK/app.log" "$OUT.app.log"
kill "$pid"; wait "$pid" 2>/dev/null || true
