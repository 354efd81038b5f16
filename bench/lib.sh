# shellcheck shell=bash disable=SC2154 # here and dir are the caller's
# Shared by bench/wrk.sh and bench/profile.sh (sourced, not run): a throw-away ./replikey serve on a
# free loopback port with a P-256 TLS certificate made here, and the README's curl set-up of a
# user, a replication account and a credential. The caller sets `here` (the repository) and `dir`
# (a private temporary directory it removes), and kills "$server" on exit.

# Only REPLIKEY_JAVA_OPTS passes through: a configured REPLIKEY_DATABASE must never receive benchmark writes.
scrub_replikey_env() {
  local name
  while read -r name; do
    [ "$name" = REPLIKEY_JAVA_OPTS ] || unset "$name"
  done < <(compgen -e | grep '^REPLIKEY_' || true)
}

# start_replikey [serve option...]: makes $dir/tls-cert.pem (ca) and $dir/tls-key.pem, starts the
# server with the launcher's JVM options, waits until it answers; sets server (its pid: the launcher
# execs java) and url. Exits 1 when it does not start.
start_replikey() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/tls-key.pem" -out "$dir/tls-cert.pem" 2>/dev/null
  ca="$dir/tls-cert.pem"
  "$here/replikey" serve --data-dir "$dir/data" --bind 127.0.0.1 --port 0 --tls-cert "$ca" \
    --tls-key "$dir/tls-key.pem" "$@" >"$dir/serve.log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq 1 240); do
    url="$(sed -n 's|.*listening on \(https://127\.0\.0\.1:[0-9]*\).*|\1|p' "$dir/serve.log" | head -1)"
    [ -n "$url" ] && curl -sf --cacert "$ca" "$url/sys/v1/version" >/dev/null && return 0
    kill -0 "$server" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "replikey did not start" >&2
  exit 1
}

api() { curl -sS --fail-with-body --cacert "$ca" "$@"; }

# sign_up NAME: a new user and its session; sets token.
sign_up() {
  local email="$1-$$@example.com" password="$1 benchmark password, not secret"
  api -X POST "$url/sys/v1/users" -H 'Content-Type: application/json' \
    -d "{\"user_email\":\"$email\",\"user_password\":\"$password\"}" >/dev/null
  token="$(api -X POST "$url/sys/v1/session/auth" -u "$email:$password" | jq -r .access_token)"
}

# new_account NAME: prints the id of a new replication account (it holds at most two credentials).
new_account() {
  api -X POST "$url/sys/v1/accounts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"purpose\": {\"\$type\": \"AccountReplication\",
      \"connection_settings\": {\"url\": \"https://source.invalid\"},
      \"scan_settings\": {\"auto_scan\": {\"scan_interval_hours\": 24}}}}" | jq -r .acct_id
}

# new_credential ACCT_ID: prints the id of a new replication credential of the account.
new_credential() {
  # shellcheck disable=SC2016 # "$type" is JSON, not a shell variable
  api -X POST "$url/sys/v1/accounts/$1/replication/credentials" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"$type": "Certificate"}' | jq -r .credential_id
}
