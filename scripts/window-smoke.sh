#!/usr/bin/env bash
# window-smoke.sh — starts the production binary under Xvfb with a throwaway database, waits for its
# window titled "Tandem" (xdotool), checks that the window shows more than a blank surface, and saves a
# screenshot to artifacts/window.png. Fails when the window does not appear within the bound.
#
#   scripts/window-smoke.sh [BINARY]    default: build/bin/tandem
#   SHOT=path WAIT=seconds              screenshot path and how long to wait for the window (default 60)
#   WINDOW_SHOT=path                    also save the window alone (used for docs/screenshot.png)
#   SHOT_CLICKS="x,y x,y ..."           before that picture, click these points of the window in turn
#                                       (pixels from its top-left corner), e.g. a menu item then a button
set -euo pipefail
# shellcheck source=lib/await.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/await.sh"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

say() { printf 'window-smoke: %s\n' "$*" >&2; }

# Re-run under a fresh virtual display unless one is already there.
if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$@"
fi

BINARY="${1:-build/bin/tandem}"
SHOT="${SHOT:-artifacts/window.png}"
WAIT="${WAIT:-60}"
[[ -x "$BINARY" ]] || { say "$BINARY is missing: run 'make build'"; exit 1; }
mkdir -p "$(dirname "$SHOT")"

work="$(mktemp -d)"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "starting $BINARY on $DISPLAY with TANDEM_DB=$work/tandem.db"
TANDEM_DB="$work/tandem.db" XDG_CONFIG_HOME="$work/config" "$BINARY" >"$work/app.log" 2>&1 &
app_pid=$!

# Poll rather than `xdotool search --sync`, so an app that dies is noticed at once.
wid=""
find_window() {
  wid="$(timeout 5 xdotool search --onlyvisible --name '^Tandem$' 2>/dev/null | head -n1 || true)"
  [[ -n "$wid" ]]
}
await_ready "$WAIT" 0.2 "$app_pid" "$work/app.log" "a window titled 'Tandem'" find_window || exit 1
say "window $wid found: $(xwininfo -id "$wid" 2>/dev/null | sed -n 's/^ *-geometry //p' || true)"

# The window exists before the web view has painted; wait (bounded) until it shows more than a few
# flat colours, which means text and widgets were drawn.
colours=0
for ((i = 0; i < WAIT * 2; i++)); do
  import -window root "$SHOT"
  colours="$(/usr/bin/convert "$SHOT" -format '%k' info:)"
  ((colours > 32)) && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if ! kill -0 "$app_pid" 2>/dev/null; then
  say "the app exited; its log:"
  tail -n 40 "$work/app.log" >&2 || true
  exit 1
fi
if ((colours <= 32)); then
  say "the window stayed blank ($colours colours) for ${WAIT}s; screenshot in $SHOT"
  exit 1
fi
if [[ -n "${WINDOW_SHOT:-}" ]]; then
  sleep "${SETTLE:-2}" # let late data (profiles, lists) arrive before the picture is taken
  for point in ${SHOT_CLICKS:-}; do
    say "click at $point"
    xdotool mousemove --window "$wid" "${point%,*}" "${point#*,}" click 1
    sleep "${SETTLE:-2}"
  done
  import -window "$wid" -strip "$WINDOW_SHOT"
  say "window alone saved to $WINDOW_SHOT ($(stat -c %s "$WINDOW_SHOT") bytes)"
fi
say "ok: window drawn ($colours colours); screenshot in $SHOT"
