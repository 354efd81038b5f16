#!/usr/bin/env bash
# CPU profile of ./replikey serve under wrk load (self_sign at 32 connections by default), with
# async-profiler (fetched from Maven Central into target/, its Linux x64 library loaded as an agent
# at start-up). Prints the share of the server's CPU spent in the frames that matter for issue 8
# (store, session, certificate, TLS, JSON, JIT) and writes the collapsed stacks for a flame graph.
# The profile covers the whole run: a short warm-up, then the measured load; JIT threads are shown
# apart. Needs wrk, curl, jq, openssl and Maven.
#
#   bench/profile.sh                         # self_sign @32 for 30 s after 10 s of warm-up
#   SECONDS_LOAD=60 CONNECTIONS=8 bench/profile.sh
#   PATH_SUFFIX=credential bench/profile.sh  # GET .../credentials/{id} instead of self_sign
#   PATH_SUFFIX=cycle bench/profile.sh       # create + self_sign + delete at 1 connection
#   PATH_SUFFIX=version bench/profile.sh     # the no-op GET /sys/v1/version
set -euo pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
load="${SECONDS_LOAD:-30}" warmup="${WARMUP_SECONDS:-10}" connections="${CONNECTIONS:-32}"
what="${PATH_SUFFIX:-self_sign}"
for tool in wrk curl jq openssl mvn; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done
while read -r name; do # a configured REPLIKEY_DATABASE must never receive benchmark writes
  [ "$name" = REPLIKEY_JAVA_OPTS ] || unset "$name"
done < <(compgen -e | grep '^REPLIKEY_' || true)

agent="$here/target/async-profiler/libasyncProfiler.so"
if [ ! -f "$agent" ]; then
  mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:3.0 >&2
  mkdir -p "$(dirname "$agent")"
  unzip -o -q -j "$HOME/.m2/repository/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar" \
    linux-x64/libasyncProfiler.so -d "$(dirname "$agent")"
fi

dir="$(mktemp -d)" server=""
out="$here/target/profile-$what-$(date -u +%Y%m%dT%H%M%SZ).collapsed"
cleanup() { local s=$?; [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; rm -rf "$dir"; exit "$s"; }
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
REPLIKEY_JAVA_OPTS="${REPLIKEY_JAVA_OPTS--Xms64m -Xmx256m -XX:MaxDirectMemorySize=64m} -agentpath:$agent=start,event=itimer,interval=1ms,file=$out,collapsed" \
  "$here/replikey" serve --data-dir "$dir/data" --port 0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" \
  >"$dir/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 240); do
  url="$(sed -n 's|.*listening on \(https://127\.0\.0\.1:[0-9]*\).*|\1|p' "$dir/serve.log" | head -1)"
  [ -n "$url" ] && curl -sf --cacert "$dir/cert.pem" "$url/sys/v1/version" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
  sleep 0.5
done
api() { curl -sS --fail-with-body --cacert "$dir/cert.pem" "$@"; }
email="profile-$$@example.com" password="profile password, not secret"
api -X POST "$url/sys/v1/users" -H 'Content-Type: application/json' \
  -d "{\"user_email\":\"$email\",\"user_password\":\"$password\"}" >/dev/null
token="$(api -X POST "$url/sys/v1/session/auth" -u "$email:$password" | jq -r .access_token)"
# shellcheck disable=SC2016 # "$type" is JSON
acct="$(api -X POST "$url/sys/v1/accounts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"profile","purpose":{"$type":"AccountReplication","connection_settings":{"url":"https://source.invalid"},
       "scan_settings":{"auto_scan":{"scan_interval_hours":24}}}}' | jq -r .acct_id)"
# shellcheck disable=SC2016 # "$type" is JSON
cred="$(api -X POST "$url/sys/v1/accounts/$acct/replication/credentials" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"$type":"Certificate"}' | jq -r .credential_id)"
credentials="/sys/v1/accounts/$acct/replication/credentials"
target="$url$credentials/$cred" method=GET script=request.lua threads=2
case "$what" in
  credential) ;;
  cycle) target="$url" script=cycle.lua threads=1 connections=1 ;;
  version) target="$url/sys/v1/version" ;;
  *) target="$target/$what" method=POST ;;
esac
run() {
  env WRK_METHOD="$method" "WRK_AUTH=Bearer $token" WRK_CREDENTIALS="$credentials" \
    wrk -t"$threads" -c"$connections" -d"$1s" -s "$here/bench/wrk/$script" "$target" | grep '^RESULT'
}
run "$warmup" >/dev/null
echo "$what @$connections for ${load} s: $(run "$load")"
kill "$server"; wait "$server" 2>/dev/null || true; server="" # the agent writes the profile at exit

awk '
  { n = $NF; total += n; stack = $0
    if (stack ~ /CompileBroker|C2Compiler|C1_/) { jit += n; next }
    request += (stack ~ /QueuedThreadPool/) ? n : 0
    for (i = 1; i <= k; i++) if (index(stack, pat[i])) hit[i] += n }
  BEGIN {
    k = split("RouteTable.lambda$authenticated|RequestAuthenticator.authenticate|SessionService.resolve|" \
      "Store.read|Store.transaction|SqliteStatementCache|NativeDB.prepare|NativeDB.step|AccessPolicy.grant|" \
      "ReplicationCredentialDao.byId|DecodedKeyCache.get|KeySealer.open|KeySealer.seal|CredentialKeys.generate|" \
      "ReplicationCredentialService.create|ReplicationCredentialService.delete|ReplicationCredentialService.selfSign|" \
      "SelfSignedCertificateFactory.issue|" \
      "EvpSignature.engineSign|Responses.json|SslConnection|HttpParser|JavalinServlet.handle|CompleteBodyHandler.handle", pat, "|") }
  END {
    printf "samples (1 ms of CPU each): %d; JIT compiler threads %.1f %%; Jetty worker threads %.1f %%\n",
      total, 100 * jit / total, 100 * request / total
    printf "share of the non-JIT CPU spent inside each frame (inclusive, frames overlap):\n"
    for (i = 1; i <= k; i++) printf "  %5.1f %%  %s\n", 100 * hit[i] / (total - jit), pat[i] }' "$out"
echo "collapsed stacks: $out"
