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
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
scrub_replikey_env

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
# The agent comes through JAVA_TOOL_OPTIONS, which the JVM reads itself, so the launcher's own
# options (or REPLIKEY_JAVA_OPTS) stay as they are.
# shellcheck disable=SC2119 # start_replikey takes serve options, none here
JAVA_TOOL_OPTIONS="-agentpath:$agent=start,event=itimer,interval=1ms,file=$out,collapsed" start_replikey
sign_up profile
acct="$(new_account profile)"
cred="$(new_credential "$acct")"
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
