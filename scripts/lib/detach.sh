# detach.sh — sourced by the scripts that start a long-lived service (keycloak.sh, stack.sh).

# Runs "$@" in its own session (so stop can end the whole process group, and it outlives the shell that
# started it), with only stdin/stdout/stderr open: it must not hold a lock or pipe of whoever started it.
# Appends its output to the log file $1; the caller reads its pid from $!.
spawn_detached() {
  local log="$1"
  shift
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid "$@" </dev/null >>"$log" 2>&1
  ) &
}
