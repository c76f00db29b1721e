#!/usr/bin/env bash
# Load on steady serve, with wrk, on 127.0.0.1 only and for a bounded time.
#
# Usage: Benchmarks/serve-load.sh [SECONDS=10] [CONNECTIONS=16]
# Builds the release binary (swift build -c release) unless $STEADY names one, makes a scratch
# database with 1,000 patients (one check-in each for today, imported in one go) and an admin
# account, starts `steady serve` on a free port, then runs wrk twice with 2 threads:
#   GET  /api/v1/patients/pN/plans/today   (N cycling over the 1,000 patients)
#   POST /api/v1/patients/pN/checkins      (a new version of today's check-in)
# and prints requests/s and the latency percentiles wrk reports (--latency). The server's own
# log goes to the scratch folder, which is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-16}
[ "$seconds" -ge 1 ] && [ "$seconds" -le 300 ] || { echo "SECONDS is 1 to 300" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
if [ -z "${STEADY:-}" ]; then swift build -c release --product steady >&2; STEADY=.build/release/steady; fi
work=$(mktemp -d)
export STEADY_DB="$work/s.sqlite" STEADY_AUDIT_KEY="$work/audit.key" STEADY_ACTOR=load
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

today=$(date +%F)
{ echo "patient,date,stress,pain,sleep.hours,minutes_available"
  for i in $(seq 1 1000); do echo "p$i,$today,$((i % 11)),$(((i * 7) % 11)),$((4 + i % 5)),$((20 + i % 40))"; done
} > "$work/checkins.csv"
"$STEADY" checkin --import "$work/checkins.csv" >&2
printf 'load-test-password\n' | "$STEADY" user add --role admin --password-stdin loader >&2

"$STEADY" serve --port 0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 1 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/serve.out")
token=$(curl -s -X POST "$base/api/v1/tokens" -d '{"name":"loader","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

cat > "$work/get.lua" <<LUA
local i = 0
request = function()
  i = i % 1000 + 1
  return wrk.format("GET", "/api/v1/patients/p" .. i .. "/plans/today", {["Authorization"] = "Bearer $token"})
end
LUA
cat > "$work/post.lua" <<LUA
local i = 0
request = function()
  i = i % 1000 + 1
  return wrk.format("POST", "/api/v1/patients/p" .. i .. "/checkins",
    {["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json"}, '{"stress": ' .. (i % 11) .. ', "pain": 4}')
end
LUA

# Warm up: store each patient's plan once (the first read stores it; later reads find it).
wrk -t2 -c"$connections" -d3s -s "$work/get.lua" "$base" > /dev/null
echo "== GET today's plan (1,000 patients, ${seconds}s, $connections connections)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/get.lua" "$base" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
echo "== POST a check-in"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$base" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
kill -TERM "$server"; wait "$server" || true
grep -c 'status=5' "$work/serve.log" | sed 's/^/server errors (5xx) logged: /' || true
