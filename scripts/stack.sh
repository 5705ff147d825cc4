#!/usr/bin/env bash
# stack.sh — the local stack the app and the tests talk to: Keycloak (scripts/keycloak.sh) and the
# echo upstream (`tandemctl echo` on 127.0.0.1:9090, which answers with the request it received).
#
#   scripts/stack.sh up | down | status      both services
#   scripts/stack.sh echo-up | echo-down | echo-status
#
# The echo's pid file and log sit next to Keycloak's in ${TANDEM_CACHE:-$HOME/.cache/tandem}, because
# its port is machine-wide: a second checkout finds the running echo and leaves it alone.
set -euo pipefail
# shellcheck source=lib/detach.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/detach.sh"
# shellcheck source=lib/await.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/await.sh"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${TANDEM_CACHE:-$HOME/.cache/tandem}"
TANDEMCTL="${TANDEMCTL:-$REPO_ROOT/build/bin/tandemctl}"
ECHO_ADDR=127.0.0.1:9090
ECHO_PID_FILE="$CACHE_DIR/echo.pid"
ECHO_LOG_FILE="$CACHE_DIR/echo.log"
ECHO_LOCK_FILE="$CACHE_DIR/echo.lock"

say() { printf 'stack: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

echo_answers() { curl -s -o /dev/null --max-time 2 "http://$ECHO_ADDR/"; }

echo_pid() {
  [[ -f "$ECHO_PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$ECHO_PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  grep -qa tandemctl "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

echo_up() {
  mkdir -p "$CACHE_DIR"
  exec 8>"$ECHO_LOCK_FILE"
  flock -w 60 8 || die "another caller holds $ECHO_LOCK_FILE"
  local pid
  if pid="$(echo_pid)"; then
    say "echo upstream already running (pid $pid) at http://$ECHO_ADDR"
    return
  fi
  if echo_answers; then
    say "something already answers at http://$ECHO_ADDR; using it as the echo upstream"
    return
  fi
  [[ -x "$TANDEMCTL" ]] || die "$TANDEMCTL is missing: run 'make build' first"
  say "starting echo upstream: $TANDEMCTL echo --listen $ECHO_ADDR (log: $ECHO_LOG_FILE)"
  : >"$ECHO_LOG_FILE"
  spawn_detached "$ECHO_LOG_FILE" "$TANDEMCTL" echo --listen "$ECHO_ADDR"
  pid=$!
  echo "$pid" >"$ECHO_PID_FILE"
  if ! await_ready 20 0.2 "$pid" "$ECHO_LOG_FILE" "the echo upstream to answer at http://$ECHO_ADDR" echo_answers; then
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$ECHO_PID_FILE"
    exit 1
  fi
  say "echo upstream ready at http://$ECHO_ADDR"
}

echo_down() {
  mkdir -p "$CACHE_DIR"
  exec 8>"$ECHO_LOCK_FILE"
  flock -w 60 8 || die "another caller holds $ECHO_LOCK_FILE"
  local pid i
  if ! pid="$(echo_pid)"; then
    say "echo upstream not running (nothing started by this script)"
    rm -f "$ECHO_PID_FILE"
    return
  fi
  say "stopping echo upstream (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$ECHO_PID_FILE"
}

echo_status() {
  local pid
  if pid="$(echo_pid)"; then
    say "echo upstream running (pid $pid) at http://$ECHO_ADDR"
  elif echo_answers; then
    say "echo upstream: something not started by this script answers at http://$ECHO_ADDR"
  else
    say "echo upstream not running"
    return 3
  fi
}

case "${1:-}" in
up)
  "$REPO_ROOT/scripts/keycloak.sh" start
  echo_up
  ;;
down)
  echo_down
  "$REPO_ROOT/scripts/keycloak.sh" stop
  ;;
status)
  rc=0
  "$REPO_ROOT/scripts/keycloak.sh" status || rc=$?
  echo_status || rc=$?
  exit "$rc"
  ;;
echo-up) echo_up ;;
echo-down) echo_down ;;
echo-status) echo_status ;;
*)
  echo "usage: $0 up|down|status|echo-up|echo-down|echo-status" >&2
  exit 2
  ;;
esac
