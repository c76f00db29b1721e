#!/usr/bin/env bash
# Runs schemathesis (PyPI) against the OpenAPI document a running `steady serve` serves: every
# operation, with an admin's bearer token, generated valid and invalid requests. Passes when no
# response is a 5xx and every response matches its documented status, content type and schema.
#
# Usage: Tests/API/schemathesis.sh [path/to/steady] [MAX_EXAMPLES=25]
set -euo pipefail
cd "$(dirname "$0")/../.."
steady=${1:-.build/debug/steady}
examples=${2:-25}
work=$(mktemp -d)
export STEADY_DB="$work/s.sqlite" STEADY_AUDIT_KEY="$work/audit.key" STEADY_ACTOR=schemathesis
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

printf 'schemathesis-password\n' | "$steady" user add --role admin --password-stdin admin >/dev/null
"$steady" checkin --patient p1 --stress 5 --pain 4 >/dev/null
"$steady" serve --port 0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 1 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/serve.out")
token=$(curl -s -X POST "$base/api/v1/tokens" -d '{"name":"admin","password":"schemathesis-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# The command pip installed for this python3 (a version manager's shims may not know it yet).
"$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/schemathesis" run "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --seed 20261203 --no-color
