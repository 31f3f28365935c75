#!/usr/bin/env bash
# Anonymous health probes in a flood, and what a signed-in reader gets meanwhile (thirtieth session,
# docs/measurements.md).
# Usage: docs/tools/health-flood.sh APP.jar OUT [ADDRESSES]   (needs wrk, curl, psql; ports 18080 and 15432 free)
# A fresh embedded database with the by-hand benchmark's configuration, units W-0..W-31, behind a proxy
# (server.forward-headers-strategy=native: the client's address is the X-Forwarded-For a loopback proxy names); then
# for 30 s, from each of ADDRESSES client addresses (10.0.0.1, 10.0.0.2, …; default 3), `wrk -c150` asking
# /actuator/health without credentials (beyond 64 in progress per address, the node answers 429). Meanwhile, every
# 0.2 s: a signed-in assessment query from another address (10.0.1.1), timed. Prints each wrk's result, then the
# signed-in query's seconds (p50, max) and the ledger database's transactions a second (pg_stat_database; each check of
# the database by health is one), during the flood and in the 10 s before it; headline last.
set -euo pipefail
JAR=$1 OUT=$2 ADDRESSES=${3:-3}
source "$(dirname "$0")/bench-config.sh"
bench_work
rm -rf "$WORK/db"; sync; sleep 5
java -Xmx1g -jar "$JAR" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/db" \
  --parledger.embedded.port=15432 --server.forward-headers-strategy=native > "$WORK/app.log" 2>&1 &
pid=$!
bench_await_ready
bench_units
PGPASS=$(grep '^postgres=' "$WORK/db/par-ledger-roles.properties" | cut -d= -f2-)
psql_superuser() { PGPASSWORD="$PGPASS" psql -h localhost -p 15432 -U postgres -d postgres -tA "$@"; }
# Transactions of the ledger's database: each health check of the database is one (its validation query).
xacts() { psql_superuser -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
QUERY='{"query":"{ assessment(unit: \"W-0\", year: 2025) { unitCode stage } }"}'
for _ in $(seq 20); do bench_gq "$QUERY"; done
quiet=$(for _ in $(seq 21); do curl -s -H "$BENCH_AUTH" -H "Content-Type: application/json" -d "$QUERY" -o /dev/null \
  -w '%{time_total}\n' localhost:18080/graphql; done | sort -n | sed -n 11p)
samples="$OUT.samples"; : > "$samples"
( while true; do
    s=$(curl -s -m 30 -H "X-Forwarded-For: 10.0.1.1" -H "$BENCH_AUTH" -H "Content-Type: application/json" -d "$QUERY" -o /dev/null -w '%{http_code} %{time_total}' \
      localhost:18080/graphql || true)
    echo "$s" >> "$samples"; sleep 0.2
  done ) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true; pkill -f "additional-location=$WORK" || true' EXIT
idle=$(xacts); sleep 10; before=$(xacts)
t0=$(date +%s.%N)
pids=()
for a in $(seq "$ADDRESSES"); do
  wrk -t1 -c150 -d30s -H "X-Forwarded-For: 10.0.0.$a" http://127.0.0.1:18080/actuator/health > "$OUT.wrk$a" &
  pids+=($!)
done
wait "${pids[@]}"
t1=$(date +%s.%N)
kill $sampler; wait $sampler 2>/dev/null || true
after=$(xacts)
for a in $(seq "$ADDRESSES"); do
  echo "10.0.0.$a: $(grep -E 'Requests/sec' "$OUT.wrk$a" | tr -s ' ') $(grep -E 'Non-2xx' "$OUT.wrk$a" | tr -s ' ')"
done
cp "$WORK/app.log" "$OUT.app.log"
kill "$pid"; wait "$pid" 2>/dev/null || true
python3 - "$samples" "$before" "$after" "$t0" "$t1" "$quiet" "$idle" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
times = sorted(float(r[1]) for r in rows)
failed = sum(1 for r in rows if r[0] != '200')  # 000: no answer within 30 s
xacts = int(sys.argv[3]) - int(sys.argv[2]); secs = float(sys.argv[5]) - float(sys.argv[4])
idle = (int(sys.argv[2]) - int(sys.argv[7])) / 10
print("signed-in assessment query during the flood: %d asked, %d failed, p50 %.3f s, max %.3f s (p50 before the flood "
      "%.3f s); database transactions %.0f/s (%.0f/s before the flood)"
      % (len(rows), failed, times[len(times) // 2], times[-1], float(sys.argv[6]), xacts / secs, idle))
PY
