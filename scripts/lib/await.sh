# await.sh — sourced by the scripts that start a process and wait until it is ready (keycloak.sh,
# stack.sh, window-smoke.sh). The caller defines say().

# await_ready TIMEOUT INTERVAL PID LOG GOAL CHECK...
# Runs CHECK every INTERVAL seconds until it succeeds. Returns 1 as soon as PID (when not empty) has
# exited, or once TIMEOUT seconds have passed, saying which, naming GOAL ("Keycloak to be healthy") and
# showing the last lines of LOG: a process that dies is noticed at once, not after the whole bound.
# CHECK runs in the caller's shell, so it may set the caller's variables.
await_ready() {
  local timeout="$1" interval="$2" pid="$3" log="$4" goal="$5"
  shift 5
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      say "process $pid exited while waiting for $goal; last lines of $log:"
      tail -n 40 "$log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "gave up after ${timeout}s waiting for $goal; last lines of $log:"
      tail -n 40 "$log" >&2 || true
      return 1
    fi
    sleep "$interval"
  done
}
