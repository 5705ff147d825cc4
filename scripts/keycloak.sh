#!/usr/bin/env bash
# keycloak.sh — the local Keycloak that `make run` and the integration tests use.
#
#   scripts/keycloak.sh start    download (once), start in dev mode, import the demo realm, wait until healthy
#   scripts/keycloak.sh stop     stop it (SIGTERM, then SIGKILL after a grace period); harmless when nothing runs
#   scripts/keycloak.sh status   say whether it runs; exit 0 when healthy, 3 when not running, 1 when unhealthy
#   scripts/keycloak.sh wait     wait (bounded) until it is healthy, without starting it
#   scripts/keycloak.sh reset    stop it and delete its data, so the next start imports the demo realm afresh
#
# Everything lives outside the repository in ${TANDEM_CACHE:-$HOME/.cache/tandem}: the unpacked
# distribution (with its H2 database), keycloak.log and keycloak.pid. start and stop take a lock,
# so concurrent callers (several test runs at once) get one Keycloak.
#
# Versions: TANDEM_KEYCLOAK_VERSION picks another supported release (README, "Keycloak versions"), e.g.
# the oldest, 26.5.6; start replaces a running Keycloak of another version that this script started.
# TANDEM_KEYCLOAK_PORT / TANDEM_KEYCLOAK_MGMT_PORT run a second one beside the first (its pid, log and
# lock files carry the port); the tests then need TANDEM_KEYCLOAK_URL=http://127.0.0.1:<port>.
set -euo pipefail
# shellcheck source=lib/detach.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=lib/await.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/await.sh"

KC_VERSION="${TANDEM_KEYCLOAK_VERSION:-26.7.3}"
HTTP_HOST=127.0.0.1
HTTP_PORT="${TANDEM_KEYCLOAK_PORT:-8180}"
MGMT_PORT="${TANDEM_KEYCLOAK_MGMT_PORT:-$((HTTP_PORT + 1000))}"
ADMIN_USER=admin
ADMIN_PASSWORD=admin
START_TIMEOUT="${TANDEM_KEYCLOAK_TIMEOUT:-240}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REALM_FILE="$REPO_ROOT/scripts/keycloak/demo-realm.json"
CACHE_DIR="${TANDEM_CACHE:-$HOME/.cache/tandem}"
KC_HOME="$CACHE_DIR/keycloak-$KC_VERSION"
# The default instance keeps the plain names; another port gets its own files.
INSTANCE=""
[[ "$HTTP_PORT" == 8180 ]] || INSTANCE="-$HTTP_PORT"
PID_FILE="$CACHE_DIR/keycloak$INSTANCE.pid"
LOG_FILE="$CACHE_DIR/keycloak$INSTANCE.log"
LOCK_FILE="$CACHE_DIR/keycloak$INSTANCE.lock"
BASE_URL="http://$HTTP_HOST:$HTTP_PORT"
HEALTH_URL="http://$HTTP_HOST:$MGMT_PORT/health/ready"

say() { printf 'keycloak: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

healthy() { curl -fsS -o /dev/null --max-time 3 "$HEALTH_URL" 2>/dev/null; }

# pid of the Keycloak this script started, if that process is still alive.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid would belong to some other program: only trust it if it is a Keycloak.
  grep -qa -e keycloak -e kc.sh "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# Picks the newest JDK of version 21 or later under /usr/lib/jvm (or $JAVA_HOME), else the default java (17).
pick_java_home() {
  local best="" best_major=0 dir major
  for dir in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [[ -x "$dir/bin/java" ]] || continue
    major="$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if ((major > best_major)); then best="$dir" best_major=$major; fi
  done
  if ((best_major >= 21)); then
    echo "$best"
    return
  fi
  command -v java >/dev/null || die "no Java found: install a JDK 17 or later"
  echo ""
}

unpack_zip() {
  local zip="$1" dest="$2"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$dest"
  elif command -v python3 >/dev/null; then
    python3 -m zipfile -e "$zip" "$dest"
  elif command -v jar >/dev/null; then
    (cd "$dest" && jar xf "$zip")
  else
    die "need unzip, python3 or jar to unpack $zip"
  fi
}

# Downloads the distribution from Maven Central into ~/.m2 (once) and unpacks it into the cache (once).
ensure_distribution() {
  [[ -x "$KC_HOME/bin/kc.sh" ]] && return
  local m2_zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  if [[ ! -f "$m2_zip" ]]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to download Keycloak $KC_VERSION"
    say "downloading Keycloak $KC_VERSION from Maven Central (about 160 MB, once)"
    mvn -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -Dtransitive=false
    [[ -f "$m2_zip" ]] || die "download finished but $m2_zip is missing"
  fi
  say "unpacking Keycloak $KC_VERSION into $KC_HOME"
  local tmp
  tmp="$(mktemp -d "$CACHE_DIR/unpack.XXXXXX")"
  unpack_zip "$m2_zip" "$tmp"
  [[ -d "$tmp/keycloak-$KC_VERSION" ]] || die "unexpected layout in $m2_zip"
  chmod +x "$tmp/keycloak-$KC_VERSION"/bin/*.sh
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rmdir "$tmp"
}

wait_healthy() {
  say "waiting up to ${START_TIMEOUT}s for $HEALTH_URL"
  await_ready "$START_TIMEOUT" 1 "${1:-}" "$LOG_FILE" "Keycloak to be healthy" healthy
}

admin_token() {
  curl -fsS --max-time 10 "$BASE_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$ADMIN_USER" --data-urlencode "password=$ADMIN_PASSWORD" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# --import-realm only runs on an empty realm list entry; a data dir made before the realm file
# existed (or one where the realm was deleted) still needs the demo realm, so create it over the admin API.
ensure_demo_realm() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$BASE_URL/realms/demo" || true)"
  if [[ "$code" == 200 ]]; then
    say "demo realm present"
    sync_demo_realm
    return
  fi
  say "demo realm missing (HTTP $code); creating it from $REALM_FILE over the admin API"
  local token
  token="$(admin_token)" || die "cannot log in as the bootstrap admin to create the demo realm"
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X POST "$BASE_URL/admin/realms" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "@$REALM_FILE")"
  [[ "$code" == 201 || "$code" == 409 ]] || die "create demo realm: HTTP $code"
  say "demo realm created"
}

# A demo realm made by an older realm file lacks what was added since (a client, a user): partial
# import adds every missing resource and leaves existing ones as they are, so local changes survive.
sync_demo_realm() {
  local token code
  token="$(admin_token)" || { say "cannot log in as the bootstrap admin; demo realm not brought up to date"; return 0; }
  code="$(sed '0,/{/s//{"ifResourceExists":"SKIP",/' "$REALM_FILE" |
    curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X POST "$BASE_URL/admin/realms/demo/partialImport" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- || true)"
  if [[ "$code" == 200 ]]; then
    say "demo realm up to date with $REALM_FILE (missing clients, roles, groups and users added)"
  else
    say "could not bring the demo realm up to date (partial import: HTTP $code); 'scripts/keycloak.sh reset' starts afresh"
  fi
}

with_lock() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$LOCK_FILE"
  flock -w 600 9 || die "another keycloak.sh holds $LOCK_FILE for over 600s"
}

cmd_start() {
  with_lock
  local pid
  # The java process's class path names the distribution's folder, hence its version.
  if pid="$(running_pid)" && ! grep -qaF "keycloak-$KC_VERSION/" "/proc/$pid/cmdline" 2>/dev/null; then
    say "the running Keycloak (pid $pid) is not $KC_VERSION: stopping it to start $KC_VERSION"
    stop_pid "$pid"
    rm -f "$PID_FILE"
  fi
  if pid="$(running_pid)"; then
    if healthy; then
      say "already running (pid $pid) at $BASE_URL"
      ensure_demo_realm
      return
    fi
    say "running (pid $pid) but not healthy yet"
    wait_healthy "$pid"
    ensure_demo_realm
    return
  fi
  if healthy; then
    # Started by someone else (another cache dir, or by hand): use it rather than fight over the ports.
    say "a Keycloak not started by this script already answers at $BASE_URL; using it"
    ensure_demo_realm
    return
  fi
  if curl -s -o /dev/null --max-time 2 "$BASE_URL/"; then
    die "port $HTTP_PORT is taken by something that is not a healthy Keycloak"
  fi

  ensure_distribution
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM_FILE" "$KC_HOME/data/import/demo-realm.json"

  local java_home
  java_home="$(pick_java_home)"
  say "starting Keycloak $KC_VERSION with ${java_home:-the default java} (log: $LOG_FILE)"
  : >"$LOG_FILE"
  spawn_detached "$LOG_FILE" env JAVA_HOME="$java_home" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    "$KC_HOME/bin/kc.sh" start-dev \
    --http-host "$HTTP_HOST" --http-port "$HTTP_PORT" --http-management-port "$MGMT_PORT" \
    --health-enabled=true --import-realm
  pid=$!
  echo "$pid" >"$PID_FILE"
  local t0=$SECONDS
  if ! wait_healthy "$pid"; then
    stop_pid "$pid"
    rm -f "$PID_FILE"
    exit 1
  fi
  say "healthy after $((SECONDS - t0))s at $BASE_URL (admin console: $BASE_URL/admin, admin/admin)"
  ensure_demo_realm
}

stop_pid() {
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  say "still running after 30s; sending SIGKILL"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
  with_lock
  local pid
  if pid="$(running_pid)"; then
    say "stopping pid $pid"
    stop_pid "$pid"
    say "stopped"
  else
    say "not running (nothing started by this script)"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if healthy; then
      say "running (pid $pid), healthy, $BASE_URL"
      return 0
    fi
    say "running (pid $pid) but not healthy"
    return 1
  fi
  if healthy; then
    say "a Keycloak not started by this script is healthy at $BASE_URL"
    return 0
  fi
  say "not running"
  return 3
}

cmd_wait() {
  wait_healthy "$(running_pid || true)"
}

cmd_reset() {
  cmd_stop
  say "deleting $KC_HOME/data (realms, users and sessions)"
  rm -rf "$KC_HOME/data"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
wait) cmd_wait ;;
reset) cmd_reset ;;
*)
  echo "usage: $0 start|stop|status|wait|reset" >&2
  exit 2
  ;;
esac
