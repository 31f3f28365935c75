#!/bin/bash
# The full ranking of 2024 with field ranks, anonymous (FINAL), from wrk -t2 -c32: over POST, over GET (200), and over
# GET with If-None-Match and the answer's ETag (304), 10 s of warm-up then 20 s each, two rounds.
# Usage: docs/tools/conditional-reads.sh [port]   (the released jar on the embedded default with the sample data)
# ORDER="cond get post" changes the order of the three within a round.
set -euo pipefail
PORT=${1:-8080}
DOC='{ rankings(year: 2024, level: PROVINCE, stage: FINAL) { entries { rank unitCode unitName index points classification change { rankChange indexChange differentIndexSet } fields { code index rank } } } }'
ENC=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$DOC")
URL="http://127.0.0.1:$PORT/graphql?query=$ENC"
BODY=$(python3 -c 'import sys,json;print(json.dumps({"query":sys.argv[1]}))' "$DOC")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
ETAG=$(curl -s -D - -o "$DIR/body.json" "$URL" | grep -i '^etag' | cut -d' ' -f2 | tr -d '\r')
echo "answer $(wc -c < "$DIR/body.json") bytes, ETag $ETAG"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[%s]==]\n' "$BODY" > "$DIR/post.lua"
printf 'wrk.method = "GET"\n' > "$DIR/get.lua"
printf 'wrk.method = "GET"\nwrk.headers["If-None-Match"] = [==[%s]==]\nfunction response(status, headers, body) if status ~= 304 then io.write("status " .. status .. "\\n") end end\n' "$ETAG" > "$DIR/cond.lua"
for round in 1 2; do
  for kind in ${ORDER:-post get cond}; do
    wrk -t2 -c32 -d10s -s "$DIR/$kind.lua" "$URL" > /dev/null
    echo "== round $round $kind"
    wrk -t2 -c32 -d20s --latency -s "$DIR/$kind.lua" "$URL" | grep -E "Requests/sec|Transfer/sec|^ +(50|99)%|status|Non-2xx" | sort | uniq -c
  done
done
