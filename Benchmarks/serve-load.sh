#!/usr/bin/env bash
# Load on steady serve with wrk, on 127.0.0.1 only and for a bounded time: plans/s and
# check-ins/s on one server with SQLite, and, given a PostgreSQL address, on one PostgreSQL server
# and on two PostgreSQL servers sharing a database, then the database sizes for 1,000 patients x
# 365 days on both backends.
#
# Usage: Benchmarks/serve-load.sh [SECONDS=10] [CONNECTIONS=16] [POSTGRES_ADDRESS]
# POSTGRES_ADDRESS names a server whose user may create databases (Tests/Postgres/cluster.sh
# start prints one). Builds the release binary unless $STEADY names one. Each setup gets a new
# database with 1,000 patients checked in today and an admin account; wrk then runs GET today's
# plan (each patient's plan is stored on its first read and found afterwards; every read is
# also an audited access) and POST a check-in (a new version of today's, and its audit entry).
# With two servers, one wrk per server runs at the same time with half the connections each,
# and their rates are added. Everything shares this machine's cores: wrk, the servers and
# PostgreSQL. SIZES=0 skips the database sizes (filling 365,000 check-ins takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-16}
admin=${3:-}
[ "$seconds" -ge 1 ] && [ "$seconds" -le 300 ] || { echo "SECONDS is 1 to 300" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
[ -z "$admin" ] || command -v psql >/dev/null || { echo "needs psql (apt-get install postgresql-client)" >&2; exit 2; }
if [ -z "${STEADY:-}" ]; then swift build -c release --product steady >&2; STEADY=.build/release/steady; fi
work=$(mktemp -d)
servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export STEADY_AUDIT_KEY="$work/audit.key" STEADY_ACTOR=load

new_pg() { local name="steady_load_$RANDOM$RANDOM"; psql "$admin" -XAtq -c "CREATE DATABASE $name" >/dev/null; echo "${admin%/*}/$name"; }

setup() {  # DB: migrate, 1,000 patients checked in today, an admin account
    export STEADY_DB=$1
    today=$(date +%F)
    { echo "patient,date,stress,pain,sleep.hours,minutes_available"
      for i in $(seq 1 1000); do echo "p$i,$today,$((i % 11)),$(((i * 7) % 11)),$((4 + i % 5)),$((20 + i % 40))"; done
    } > "$work/checkins.csv"
    "$STEADY" db migrate >/dev/null
    "$STEADY" checkin --import "$work/checkins.csv" >/dev/null
    printf 'load-test-password\n' | "$STEADY" user add --role admin --password-stdin loader >/dev/null
}

start() {  # N servers on $STEADY_DB; sets bases
    bases=()
    for n in $(seq 1 "$1"); do
        "$STEADY" serve --port 0 > "$work/serve$n.out" 2> "$work/serve$n.log" &
        servers+=($!)
        for _ in $(seq 1 100); do grep -q listening "$work/serve$n.out" 2>/dev/null && break; sleep 0.1; done
        bases+=("$(sed -n 's/^listening on //p' "$work/serve$n.out")")
    done
    token=$(curl -s -X POST "${bases[0]}/api/v1/tokens" -d '{"name":"loader","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
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
}

stop() { for s in "${servers[@]}"; do kill -TERM "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true; done; servers=(); }

measure() {  # SCRIPT DURATION: requests/s summed over the servers, and the worst p99
    local per=$(( connections / ${#bases[@]} )); local pids=() n=0
    for base in "${bases[@]}"; do
        n=$((n + 1)); wrk -t1 -c"$per" -d"$2" --latency -s "$work/$1.lua" "$base" > "$work/wrk$n.txt" & pids+=($!)
    done
    wait "${pids[@]}"
    python3 - "$work" "${#bases[@]}" <<'PY'
import re, sys
rate, p99, errors = 0.0, 0.0, 0
for n in range(1, int(sys.argv[2]) + 1):
    text = open(f"{sys.argv[1]}/wrk{n}.txt").read()
    rate += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
    p99 = max(p99, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit])
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
print(f"{rate:8.0f}/s  p99 {p99:6.1f} ms  non-2xx {errors}")
PY
}

run() {  # LABEL DB SERVERS
    setup "$2"; start "$3"
    measure get 3s > /dev/null  # warm-up: each patient's plan stored once
    printf '%-26s GET today'"'"'s plan %s\n' "$1" "$(measure get "${seconds}s")"
    printf '%-26s POST a check-in    %s\n' "$1" "$(measure post "${seconds}s")"
    stop
}

echo "== 1,000 patients, ${seconds}s per run, $connections connections in all"
run "SQLite, one server" "$work/load.sqlite" 1
[ -n "$admin" ] || exit 0
run "PostgreSQL, one server" "$(new_pg)" 1
run "PostgreSQL, two servers" "$(new_pg)" 2

[ "${SIZES:-1}" = 0 ] && exit 0
echo "== database size, 1,000 patients x 365 days of check-ins (steady bench store)"
"$STEADY" bench store --patients 1000 --days 365 --db "$work/size.sqlite" | sed 's/^/SQLite:     /'
"$STEADY" bench store --patients 1000 --days 365 --db "$(new_pg)" | sed 's/^/PostgreSQL: /'
