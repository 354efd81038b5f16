#!/usr/bin/env bash
# Issue 5's slow-client goal, measured from outside as a user would: starts ./replikey serve on a
# throw-away data directory (loopback only), signs up a user for a valid token, then holds
# CONNECTIONS slow connections (withheld and trickled headers and bodies, with and without the
# token) for SECONDS while timing new TLS handshakes and GET /sys/v1/version on new connections.
# Prints the attack report and the server's RSS and thread count at the end. Needs curl and jq.
#
#   bench/slow-clients.sh                       # 1000 connections, 30 s
#   CONNECTIONS=2000 SECONDS_=60 bench/slow-clients.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections="${CONNECTIONS:-1000}"
seconds="${SECONDS_:-30}"
port="${PORT:-18443}"
dir="$(mktemp -d)"
"$here/replikey" serve --data-dir "$dir/data" --port "$port" >"$dir/serve.log" 2>&1 &
pid=$!
trap 'status=$?; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; exit "$status"' EXIT
for _ in $(seq 1 120); do
  grep -q 'listening on' "$dir/serve.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
  sleep 0.5
done
url="https://127.0.0.1:$port"
ca="$dir/data/tls/server-cert.pem"
email="bench-$$@example.com"
password="slow-clients benchmark password"
curl -sS --cacert "$ca" -H 'Content-Type: application/json' \
  -d "{\"user_email\":\"$email\",\"user_password\":\"$password\"}" "$url/sys/v1/users" >/dev/null
token="$(curl -sS --cacert "$ca" -u "$email:$password" -X POST "$url/sys/v1/session/auth" | jq -r .access_token)"
echo "server pid $pid on $url; $connections slow connections for $seconds s" >&2
status=0
"$here/replikey" bench slow-clients --url "$url" --cacert "$ca" --token "$token" \
  --connections "$connections" --seconds "$seconds" || status=$?
echo "server at the end: $(ps -o rss=,nlwp= -p "$pid" | awk '{printf "RSS %.0f MB, %d threads", $1/1024, $2}')"
exit "$status"
