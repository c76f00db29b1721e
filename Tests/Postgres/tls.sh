#!/usr/bin/env bash
# TLS to PostgreSQL: against a cluster with a self-signed certificate, sslmode=require refuses an
# untrusted certificate, succeeds once sslrootcert trusts it, and prefer encrypts without
# checking. Usage: Tests/Postgres/tls.sh STEADY_BINARY
set -euo pipefail
cd "$(dirname "$0")/../.."
steady=$1
folder_file=$(mktemp)
address=$(Tests/Postgres/cluster.sh start tls 2>"$folder_file")
folder=$(cat "$folder_file")
trap 'Tests/Postgres/cluster.sh stop "$folder"; rm -f "$folder_file" "$key"' EXIT
key=$(mktemp -u)
export STEADY_AUDIT_KEY=$key
fail() { echo "FAIL: $*" >&2; exit 1; }

if out=$("$steady" db migrate --db "$address?sslmode=require" 2>&1); then fail "require accepted an untrusted certificate: $out"; fi
echo "$out" | grep -q "presented a certificate that is not trusted" || fail "require: unexpected message: $out"
out=$("$steady" db migrate --db "$address?sslmode=require&sslrootcert=$folder/server.crt") || fail "require with the certificate trusted: $out"
echo "$out" | grep -q "applied v1" || fail "require: $out"
"$steady" checkin --db "$address?sslmode=prefer" --patient p1 --stress 3 >/dev/null || fail "prefer"
echo "TLS: require refuses an untrusted certificate and works with sslrootcert; prefer works"
