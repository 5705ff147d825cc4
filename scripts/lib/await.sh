# await.sh — sourced by the scripts that start a process and wait until it is ready (keycloak.sh,
# stack.sh, window-smoke.sh). The caller defines say().

# await_ready TIMEOUT INTERVAL PID LOG GOAL CHECK...
# Runs CHECK every INTERVAL seconds until it succeeds. Returns 1 as soon as PID (when not empty) has
# exited, or once TIMEOUT seconds have passed, saying which, naming GOAL ("Keycloak to be healthy") and
# showing the last lines of LOG: a process that dies is noticed at once, not after the whole bound.
# CHECK runs in the caller's shell, so it may set the caller's variables; this function's own are
# prefixed (bash locals are seen by the functions it calls, so a CHECK setting `pid` or `log` would
# otherwise set these instead of the caller's).
await_ready() {
  local _await_timeout="$1" _await_interval="$2" _await_pid="$3" _await_log="$4" _await_goal="$5"
  shift 5
  local _await_deadline=$((SECONDS + _await_timeout))
  until "$@"; do
    if [[ -n "$_await_pid" ]] && ! kill -0 "$_await_pid" 2>/dev/null; then
      say "process $_await_pid exited while waiting for $_await_goal; last lines of $_await_log:"
      tail -n 40 "$_await_log" >&2 || true
      return 1
    fi
    if ((SECONDS >= _await_deadline)); then
      say "gave up after ${_await_timeout}s waiting for $_await_goal; last lines of $_await_log:"
      tail -n 40 "$_await_log" >&2 || true
      return 1
    fi
    sleep "$_await_interval"
  done
}
