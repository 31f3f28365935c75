#!/usr/bin/env bash
# Back-to-back cost of the HTTP, security and GraphQL layers in two builds of the application jar: signed-in
# `{ __typename }` over POST from 32 connections (wrk), the floor under every request.
# Usage: docs/tools/floor-ab.sh BEFORE.jar AFTER.jar [ROUNDS]   (needs wrk and curl; port 18080 free)
# FLOOR_REQUEST=get sends the GET a reader polls with instead: anonymous `{ __typename }` with one variable, over GET.
# Each run: a fresh throwaway embedded database (durable off: nothing is written), 10 s of warm-up, 20 s measured. The
# order of the two builds alternates from round to round, and between runs the disks are synced and the machine left
# idle for 15 s (docs/tools/write-ab.sh says why).
set -euo pipefail
BEFORE=$1 AFTER=$2 ROUNDS=${3:-4}
source "$(dirname "$0")/bench-config.sh"
bench_work
cat > "$WORK/floor.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"query":"{ __typename }"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic YmVuY2gtd3JpdGVyOmJlbmNoLXJlYWRlci1wYXNzd29yZA=="
LUA
URL=http://127.0.0.1:18080/graphql
if [ "${FLOOR_REQUEST:-post}" = get ]; then
  echo 'wrk.method = "GET"' > "$WORK/floor.lua"
  URL="$URL?query=query(%24y%3A%20Int)%20%7B%20__typename%20%7D&variables=%7B%22y%22%3A1%7D"
fi
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="$BEFORE $AFTER"; else order="$AFTER $BEFORE"; fi
  for jar in $order; do
    rm -rf "$WORK/data"
    java -Xmx512m -jar "$jar" --spring.config.additional-location="$WORK/cfg.yml" --parledger.embedded.data-dir="$WORK/data/pg" \
      --parledger.embedded.durable=false > "$WORK/app.log" 2>&1 &
    pid=$!
    bench_await_ready
    wrk -t2 -c32 -d10s -s "$WORK/floor.lua" "$URL" > /dev/null
    result=$(wrk -t2 -c32 -d20s --latency -s "$WORK/floor.lua" "$URL" \
      | grep -E "Requests/sec|Non-2xx| 99%" | tr -s ' ' | tr '\n' ' ')
    echo "round $round $(basename "$jar"): $result"
    kill "$pid"; wait "$pid" 2>/dev/null || true; sync; sleep 15
  done
done
