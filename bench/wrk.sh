#!/usr/bin/env bash
# Issue 8's external measurement: wrk (2 threads, keep-alive, TLS) against ./replikey serve on
# this machine, beside cfssl serve's init_ca when cfssl is installed, in one run. Starts the
# server on a throw-away data directory and a free loopback port with a P-256 TLS certificate made
# here (cfssl serves the same one), sets up a user, an account and a credential with curl as in
# README.md, warms up, then measures each row and prints requests/s, p50/p99, the CPU the server
# and wrk used, the background load, the server's RSS after the row, and issue 8's ratios.
# Exits 1 when any answer was not a success (never counted as throughput). Needs wrk, curl, jq,
# openssl; cfssl optional (apt-get install wrk golang-cfssl).
#
#   bench/wrk.sh                                  # 15 s rows after a 15 s warm-up, ec-p256
#   bench/wrk.sh --seconds 5 --warmup 5 --key-type rsa-2048 --get-credential
#   ROW_SECONDS=30 CONNECTIONS=64 REPLIKEY_JAVA_OPTS=-Xmx512m bench/wrk.sh
#   CFSSL=/opt/cfssl/bin/cfssl bench/wrk.sh       # another cfssl; CFSSL=none leaves it out
#   bench/wrk.sh --soak 7                         # instead of the rows: self_sign at 8 connections plus
#                                                 # the create cycle at 1 for 7 minutes, RSS every 30 s
set -euo pipefail
export LC_ALL=C # decimal points in awk and printf
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lua="$here/bench/wrk"
seconds="${ROW_SECONDS:-15}" warmup="${WARMUP_SECONDS:-15}" connections="${CONNECTIONS:-32}"
key_type="${KEY_TYPE:-ec-p256}" get_credential="${GET_CREDENTIAL:-}" cfssl="${CFSSL:-cfssl}" soak="${SOAK_MINUTES:-}"
usage="usage: bench/wrk.sh [--seconds N] [--warmup N] [--connections N] [--key-type TYPE] [--get-credential] [--soak MINUTES]"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?$usage}"; shift 2 ;;
    --warmup) warmup="${2:?$usage}"; shift 2 ;;
    --connections) connections="${2:?$usage}"; shift 2 ;;
    --key-type) key_type="${2:?$usage}"; shift 2 ;;
    --get-credential) get_credential=1; shift ;;
    --soak) soak="${2:?$usage}"; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for n in "$seconds" "$warmup" "$connections" ${soak:+"$soak"}; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "$usage (N: whole numbers)" >&2; exit 2; }
done
[ "$seconds" -ge 1 ] || { echo "--seconds must be at least 1" >&2; exit 2; }
[ "$connections" -ge 2 ] || { echo "--connections must be at least 2 (the 1-connection rows are always measured)" >&2; exit 2; }
for tool in wrk curl jq openssl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install $tool)" >&2; exit 2; }
done
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
scrub_replikey_env

dir="$(mktemp -d)" # mode 0700
server="" cfssl_pid=""
cleanup() {
  local status=$?
  for pid in $server $cfssl_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_replikey --credential-key-type "$key_type"

# Set-up through the API, as README.md's curl walk-through does it; the cycle rows get accounts of
# their own, since an account holds at most two credentials.
sign_up wrk
acct="$(new_account "wrk-$$")"
credentials="/sys/v1/accounts/$acct/replication/credentials"
cred="$(new_credential "$acct")"
api -X POST "$url$credentials/$cred/self_sign" -H "Authorization: Bearer $token" | jq -r .certificate | base64 -d \
  | openssl x509 -inform DER -noout -subject >/dev/null # one real certificate before measuring

cfssl_url="" init_ca='{"CN":"bench","key":{"algo":"ecdsa","size":256}}'
if command -v "$cfssl" >/dev/null; then
  for _ in 1 2 3 4 5; do # a free port: pick one nobody answers on; cfssl exits if it was taken meanwhile
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    "$cfssl" serve -address 127.0.0.1 -port "$port" -tls-cert "$ca" -tls-key "$dir/tls-key.pem" \
      -loglevel 2 >"$dir/cfssl.log" 2>&1 &
    cfssl_pid=$!
    for _ in $(seq 1 40); do
      api "https://127.0.0.1:$port/api/v1/cfssl/init_ca" -d "$init_ca" 2>/dev/null | jq -e '.success == true' >/dev/null \
        && { cfssl_url="https://127.0.0.1:$port/api/v1/cfssl/init_ca"; break 2; }
      kill -0 "$cfssl_pid" 2>/dev/null || break
      sleep 0.25
    done
    kill "$cfssl_pid" 2>/dev/null || true; wait "$cfssl_pid" 2>/dev/null || true; cfssl_pid=""
  done
  [ -n "$cfssl_url" ] || { cat "$dir/cfssl.log" >&2; echo "cfssl serve did not start" >&2; exit 1; }
fi

# CPU clock ticks (USER_HZ) of a process (utime+stime) and of this shell's waited-for children
# (cutime+cstime, so wrk's), and the machine's busy ticks; read with builtins, no extra processes.
ticks() { local s f; read -r s <"/proc/$1/stat"; read -r -a f <<<"${s##*) }"; echo $((f[11] + f[12])) $((f[13] + f[14])); }
busy() { local f; read -r _ f </proc/stat; read -r -a f <<<"$f"; echo $((f[0] + f[1] + f[2] + f[5] + f[6])); }
hz="$(getconf CLK_TCK)"
declare -A rate
failures=0

# wrk_run SECONDS CONNECTIONS URL SCRIPT [VAR=value...]: runs wrk, prints its RESULT line(s).
wrk_run() {
  local duration="$1" conns="$2" target="$3" script="$4"
  shift 4
  env "$@" wrk -t"$((conns < 2 ? conns : 2))" -c"$conns" -d"${duration}s" --latency -s "$lua/$script" "$target" \
    | grep -E '^(RESULT|FIRST_FAILURE|SOCKET_ERRORS) '
}

# row NAME CONNECTIONS PID URL SCRIPT [VAR=value...]: one measured row; PID is the server measured.
row() {
  local name="$1" conns="$2" pid="$3" target="$4" script="$5" srv0 srv1 kids0 kids1 busy0 busy1 t0 t1 out rss
  local ok bad sockets per_s p50 p99
  shift 5
  read -r srv0 _ < <(ticks "$pid"); read -r _ kids0 < <(ticks $$); busy0="$(busy)"; t0="$EPOCHREALTIME"
  out="$(wrk_run "$seconds" "$conns" "$target" "$script" "$@")"
  t1="$EPOCHREALTIME"; busy1="$(busy)"; read -r _ kids1 < <(ticks $$); read -r srv1 _ < <(ticks "$pid")
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  read -r ok bad sockets per_s p50 p99 < <(sed -n 's/^RESULT ok=\([0-9]*\) failed=\([0-9]*\) socket_errors=\([0-9]*\) seconds=[0-9.]* ok_per_s=\([0-9.]*\) p50_us=\([0-9]*\) p99_us=\([0-9]*\)$/\1 \2 \3 \4 \5 \6/p' <<<"$out")
  [ "$name" = cycle ] && per_s="$(awk -v r="$per_s" 'BEGIN {printf "%.1f", r / 3}')"
  rate["$name@$conns"]="$per_s"
  awk -v n="$name" -v c="$conns" -v r="$per_s" -v p50="$p50" -v p99="$p99" -v ok="$ok" -v hz="$hz" \
    -v srv=$((srv1 - srv0)) -v kids=$((kids1 - kids0)) -v busy=$((busy1 - busy0)) -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    -v rss="$rss" -v bad=$((bad + sockets)) 'BEGIN {
      printf "%-15s %5d %10.1f %8.2f %8.2f %8.2f %8.1f %7.2f %6.2f %7.0f %7d\n", n, c, r, p50 / 1000, p99 / 1000,
        srv / hz, ok ? srv / hz / ok * 1e6 : 0, kids / hz, (busy - srv - kids) / hz / wall, rss / 1024, bad }' \
    | tee -a "$dir/rows"
  if [ $((bad + sockets)) -gt 0 ]; then
    failures=$((failures + bad + sockets))
    echo "  failed answers: $(grep -E '^(FIRST_FAILURE|SOCKET_ERRORS)' <<<"$out" || echo "$sockets socket errors")"
  fi
}

# soak: self_sign at 8 connections and the create cycle at 1, together, for $soak minutes; the
# server's RSS every 30 s. Both loads are checked like the rows; nothing else is measured.
if [ -n "$soak" ]; then
  echo "soak: ${soak} min of self_sign @8 plus the create cycle @1; server RSS every 30 s"
  wrk_run $((soak * 60)) 8 "$url$credentials/$cred/self_sign" request.lua WRK_METHOD=POST "WRK_AUTH=Bearer $token" \
    'WRK_EXPECT="certificate":"' >"$dir/soak-self-sign" &
  signer=$!
  wrk_run $((soak * 60)) 1 "$url" cycle.lua "WRK_AUTH=Bearer $token" \
    "WRK_CREDENTIALS=/sys/v1/accounts/$(new_account "wrk-soak-$$")/replication/credentials" >"$dir/soak-cycle" &
  cycler=$!
  for ((t = 0; t <= soak * 60; t += 30)); do
    printf "%5d s  rss %5d MB\n" "$t" $(($(awk '/^VmRSS/ {print $2}' "/proc/$server/status") / 1024))
    [ "$t" -lt $((soak * 60)) ] && sleep 30
  done
  wait "$signer" "$cycler"
  sed 's/^/self_sign @8: /' "$dir/soak-self-sign"; sed 's/^/cycle @1:     /' "$dir/soak-cycle"
  if ! grep -q 'failed=0 socket_errors=0' "$dir/soak-self-sign" || ! grep -q 'failed=0 socket_errors=0' "$dir/soak-cycle"; then
    echo "FAILED: some answers were not successes" >&2
    exit 1
  fi
  exit 0
fi

# Warm-up, unreported but checked: a cold JVM signs at a third of its steady rate for ~20 s.
echo "warming up ${warmup} s (self_sign @$connections) and $((warmup < 5 ? warmup : 5)) s per other request ..." >&2
warm() { local out; out="$(wrk_run "$@")"; grep -q 'failed=0 socket_errors=0' <<<"$out" || { echo "warm-up failed: $out" >&2; exit 1; }; }
short=$((warmup < 5 ? warmup : 5))
if [ "$warmup" -gt 0 ]; then
  warm "$warmup" "$connections" "$url$credentials/$cred/self_sign" request.lua WRK_METHOD=POST "WRK_AUTH=Bearer $token" \
    'WRK_EXPECT="certificate":"'
  warm "$short" "$connections" "$url/sys/v1/version" request.lua
  warm "$short" 1 "$url" cycle.lua "WRK_AUTH=Bearer $token" "WRK_CREDENTIALS=/sys/v1/accounts/$(new_account "wrk-warm-$$")/replication/credentials"
  [ -z "$get_credential" ] || warm "$short" "$connections" "$url$credentials/$cred" request.lua "WRK_AUTH=Bearer $token"
  [ -z "$cfssl_url" ] || warm "$short" "$connections" "$cfssl_url" request.lua WRK_METHOD=POST "WRK_BODY=$init_ca" \
    'WRK_EXPECT="success":true'
fi

echo "replikey $(curl -sS --cacert "$ca" "$url/sys/v1/version" | jq -r .version) ($key_type credentials, SQLite) vs" \
  "$(if [ -n "$cfssl_url" ]; then "$cfssl" version | awk 'NR == 1 {print "cfssl", $2}'; else echo "no cfssl"; fi); wrk $(wrk -v 2>&1 | awk 'NR == 1 {print $2}')," \
  "$(nproc) cores, ${seconds} s per row after ${warmup} s warm-up, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf "%-15s %5s %10s %8s %8s %8s %8s %7s %6s %7s %7s\n" row conns "req/s" "p50 ms" "p99 ms" "srv cpu" \
  "us/req" "wrk cpu" "bg" "rss MB" failed
for conns in "$connections" 1; do
  row version "$conns" "$server" "$url/sys/v1/version" request.lua
  row self_sign "$conns" "$server" "$url$credentials/$cred/self_sign" request.lua WRK_METHOD=POST "WRK_AUTH=Bearer $token" \
    'WRK_EXPECT="certificate":"'
  [ -z "$get_credential" ] || row get_credential "$conns" "$server" "$url$credentials/$cred" request.lua "WRK_AUTH=Bearer $token"
done
row cycle 1 "$server" "$url" cycle.lua "WRK_AUTH=Bearer $token" \
  "WRK_CREDENTIALS=/sys/v1/accounts/$(new_account "wrk-cycle-$$")/replication/credentials"
if [ -n "$cfssl_url" ]; then
  for conns in "$connections" 1; do
    row cfssl_init_ca "$conns" "$cfssl_pid" "$cfssl_url" request.lua WRK_METHOD=POST "WRK_BODY=$init_ca" \
      'WRK_EXPECT="success":true'
  done
fi

cat <<EOF

  version        GET /sys/v1/version (no auth, no store, no crypto)
  self_sign      POST .../credentials/{id}/self_sign (Bearer session, store reads, unseal, sign)
  get_credential GET .../credentials/{id} (the same session and store reads, no crypto)
  cycle          create + self_sign + delete of a credential on one connection; req/s is cycles/s
  cfssl_init_ca  cfssl serve POST /api/v1/cfssl/init_ca, P-256 key generation + self-signed CA certificate
  req/s counts only successful answers (2xx and, where checked, the expected body); p50/p99 over all answers.
  srv cpu = CPU seconds the server process (replikey, or cfssl for its rows) used during the row, us/req
  per successful answer; wrk cpu = CPU seconds wrk used; bg = cores' worth of CPU the rest of the
  machine used (all busy CPU minus those two); rss = the server's VmRSS after the row.
  wrk runs 2 threads (1 for one connection) on the same machine: compare ratios, within one run.

ratios (same run)
EOF
ratio() { awk -v a="${rate[$2]:-}" -v b="${rate[$3]:-}" -v w="$1" \
  'BEGIN { if (a == "" || b == "" || b == 0) printf "  %-40s n/a\n", w; else printf "  %-40s %6.3f\n", w, a / b }'; }
ratio "self_sign / version @$connections" "self_sign@$connections" "version@$connections"
ratio "self_sign / version @1" self_sign@1 version@1
[ -z "$get_credential" ] || ratio "self_sign / get_credential @$connections" "self_sign@$connections" "get_credential@$connections"
ratio "self_sign @$connections / cfssl init_ca @$connections" "self_sign@$connections" "cfssl_init_ca@$connections"
ratio "cycle @1 / cfssl init_ca @1" cycle@1 cfssl_init_ca@1

# The durable cycle's floor here: each of its 3 requests costs at least a version round trip at 1
# connection, and create and delete each wait for one fsync of the database's journal. The fsync is
# probed like SQLite's WAL commit: 4 KiB overwrites of an allocated file beside the database, each
# synced (O_DSYNC).
probe="$dir/fsync-probe"
dd if=/dev/zero of="$probe" bs=4k count=1000 2>/dev/null && sync "$probe"
fsync_s="$(dd if=/dev/zero of="$probe" bs=4k count=1000 oflag=dsync conv=notrunc 2>&1 | sed -n 's/.* copied, \([0-9.e-]*\) s,.*/\1/p')"
awk -v v="${rate[version@1]:-}" -v f="$fsync_s" -v c="${rate[cfssl_init_ca@1]:-}" 'BEGIN {
  if (v == "" || f == "") exit
  fsync_us = f / 1000 * 1e6; floor_us = 3 / v * 1e6 + 2 * fsync_us
  printf "\ncycle floor: 3 version round trips @1 (%.0f us) + 2 fsyncs (%.0f us each, dd oflag=dsync) = %.0f us,\n", 3 / v * 1e6, fsync_us, floor_us
  printf "  at most %.0f cycles/s", 1e6 / floor_us
  if (c != "") printf " = %.2f x cfssl init_ca @1", 1e6 / floor_us / c
  printf "\n" }'
if [ -z "$cfssl_url" ]; then
  if [ "$cfssl" = none ]; then echo "cfssl was not measured: CFSSL=none"
  else echo "cfssl was not measured: it is not installed (apt-get install golang-cfssl)"; fi
fi
awk '$9 > 0.2 { busy = 1; if ($9 > max) max = $9 } END { if (busy) printf "\nWARNING: the rest of the machine used up to %.2f cores during a row; the figures are perturbed. Rerun on an idle machine.\n", max }' "$dir/rows"
if [ "$failures" -gt 0 ]; then
  echo "FAILED: $failures answers were not successes; these figures are not a measurement" >&2
  exit 1
fi
