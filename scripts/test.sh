#!/usr/bin/env bash
# test.sh — every check Tandem has, in phases (`make test`, and CI through .ci/run).
# Each phase prints its wall time; a failing phase does not stop the later ones. The run ends with
# one line "N passed, N failed" counting phases and exits non-zero if any phase failed.
# Whatever it starts (Keycloak, Xvfb, app processes) it stops again, even on failure,
# unless it was already running or another test run still uses it.
#
#   scripts/test.sh                 all phases
#   PHASES="gofmt vet" scripts/test.sh   only the named phases (names as printed)
#   FUZZTIME=10s                    time per fuzz target
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export CACHE_DIR="${TANDEM_CACHE:-$HOME/.cache/tandem}"
export FUZZTIME="${FUZZTIME:-10s}"
export TANDEM_KEYCLOAK_URL="${TANDEM_KEYCLOAK_URL:-http://127.0.0.1:8180}"
mkdir -p artifacts "$CACHE_DIR"

say() { printf 'test: %s\n' "$*"; }
export -f say

# --- shared stack, used by several concurrent test runs on one machine ---------------------------
# Each run holds a lease; the last run out stops the Keycloak a test run started. A Keycloak that
# someone started by hand (make stack-up) is left running.
LEASE_DIR="$CACHE_DIR/test-leases"
LEASE="$LEASE_DIR/$$"
mkdir -p "$LEASE_DIR"
touch "$LEASE"

release_stack() {
  rm -f "$LEASE"
  exec 7>"$CACHE_DIR/test-leases.lock"
  flock -w 120 7 || return 0
  local f others=0
  for f in "$LEASE_DIR"/*; do
    [[ -e "$f" ]] || continue
    if kill -0 "$(basename "$f")" 2>/dev/null; then others=$((others + 1)); else rm -f "$f"; fi
  done
  if ((others > 0)); then
    say "leaving the stack running: $others other test run(s) still use it"
  else
    if [[ -f "$CACHE_DIR/keycloak.started-by-tests" ]]; then
      scripts/keycloak.sh stop 7>&- || true
      rm -f "$CACHE_DIR/keycloak.started-by-tests"
    fi
  fi
  exec 7>&-
}
# The running phase, so an interrupt can end it (it runs in its own process group under timeout).
phase_pid=""
on_signal() {
  if [[ -n "$phase_pid" ]]; then
    kill -TERM "$phase_pid" 2>/dev/null
    wait "$phase_pid" 2>/dev/null
  fi
  exit 130
}
trap release_stack EXIT
trap on_signal INT TERM

# --- phases --------------------------------------------------------------------------------------
# Each phase is a function run in its own bash under `timeout`, so a hung phase ends and the run goes on.

phase_setup() { scripts/setup.sh; }

phase_gofmt() {
  local bad
  bad="$(git ls-files -co --exclude-standard -- '*.go' | xargs -r gofmt -l)"
  if [[ -n "$bad" ]]; then
    say "not gofmt-formatted (run gofmt -w):"
    echo "$bad"
    return 1
  fi
}

phase_vet() { go vet ./...; }

# .golangci.yml says which linters run and why each exclusion is there; the binary is pinned in tools/go.mod.
phase_golangci_lint() {
  make -s --no-print-directory bin/golangci-lint || return 1
  bin/golangci-lint run ./...
}

# Type-aware ESLint reads the generated bindings' types, hence bindings first. frontend/eslint.config.js says which rules
# run and why; the toolchain is installed in tools/eslint (typescript-eslint needs TypeScript 6, the frontend has 7).
phase_eslint() {
  make -s --no-print-directory bindings >/dev/null || return 1
  (cd frontend && npm run -s lint)
}

# go.mod must say what the code imports: direct dependencies marked direct, nothing missing or stale.
phase_go_mod_tidy() {
  local diff
  diff="$(go mod tidy -diff)" && return 0
  say "go.mod or go.sum is not tidy (run go mod tidy):"
  echo "$diff"
  return 1
}

# tandemctl is meant for servers: it must not need GTK or WebKit, nor link the Wails runtime.
phase_tandemctl_no_gui() {
  make -s --no-print-directory tandemctl || return 1
  local libs mods
  libs="$(ldd build/bin/tandemctl | grep -Ei 'gtk|webkit|gdk|javascriptcore|soup' || true)"
  mods="$(go version -m build/bin/tandemctl | grep -E 'wailsapp|tandemhq/tandem/app' || true)"
  if [[ -n "$libs$mods" ]]; then
    say "tandemctl links GUI code:"
    echo "$libs$mods"
    return 1
  fi
  say "tandemctl links $(ldd build/bin/tandemctl | wc -l) shared libraries, none of them GTK/WebKit, and no Wails module"
}

phase_go_test() { go test -race ./...; }

# Tests use no fixed port but Keycloak's (they start their own upstreams on 127.0.0.1:0), so the
# test run starts Keycloak only; the echo upstream on 9090 is for `make run`.
phase_keycloak_up() {
  exec 7>"$CACHE_DIR/test-leases.lock"
  flock -w 300 7 || return 1
  if ! scripts/keycloak.sh status >/dev/null 2>&1; then
    touch "$CACHE_DIR/keycloak.started-by-tests"
  fi
  # 7>&-: Keycloak runs on after this phase and must not hold the lease lock.
  scripts/keycloak.sh start 7>&-
}

# Integration tests (build tag "integration") talk to the local Keycloak; run only the packages that have them.
phase_go_integration() {
  local pkgs
  pkgs="$(git ls-files -co --exclude-standard -- '*_test.go' | xargs -r grep -l '^//go:build.*integration' | xargs -r -n1 dirname | sort -u | sed 's|^|./|')"
  if [[ -z "$pkgs" ]]; then
    say "no integration tests yet"
    return 0
  fi
  say "packages with integration tests: $(echo $pkgs)"
  # -count=1: results depend on Keycloak's state, so never reuse cached ones.
  # -p 1: the packages share one Keycloak; running them one at a time keeps their data apart.
  # shellcheck disable=SC2086
  go test -race -count=1 -p 1 -tags integration $pkgs
}

# Every Fuzz* function in the module, discovered so new ones are picked up without editing this file.
# fuzz_one runs one target. On a loaded machine Go's fuzzing engine can give up on a slow worker
# ("context deadline exceeded") without having found anything: no input is written then, and that
# run says nothing about the code, so it is run again (three tries in all). A real failure always
# writes its input and is never retried.
fuzz_one() {
  local dir="$1" name="$2" out attempt
  out="$(mktemp)"
  for attempt in 1 2 3; do
    if go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$dir" 2>&1 | tee "$out"; then
      rm -f "$out"
      return 0
    fi
    if ! grep -q 'context deadline exceeded' "$out" || grep -q 'Failing input written' "$out"; then
      break # a real failure: its input is written
    fi
    say "fuzz $name: the engine timed out without a failing input (attempt $attempt of 3)"
  done
  rm -f "$out"
  return 1
}

phase_fuzz() {
  local file dir name targets=0 failed=0
  while IFS=: read -r file name; do
    dir="./$(dirname "$file")"
    targets=$((targets + 1))
    say "fuzz $name in $dir for $FUZZTIME"
    if ! fuzz_one "$dir" "$name"; then
      failed=$((failed + 1))
      say "fuzz $name FAILED (a failing input was written under $dir/testdata/fuzz/$name)"
    fi
  done < <(git ls-files -co --exclude-standard -- '*_test.go' |
    xargs -r grep -oE '^func Fuzz[A-Za-z0-9_]+\(' /dev/null |
    sed -E 's/:func (Fuzz[A-Za-z0-9_]+)\(/:\1/')
  say "$targets fuzz target(s), $failed failed"
  ((failed == 0))
}

phase_frontend_unit() {
  make -s --no-print-directory bindings >/dev/null || return 1
  (cd frontend && npm run -s typecheck && npx vitest run)
}

phase_e2e() {
  # The sign-in test runs the real tandemctl (proxy and echo upstream) next to the app.
  make -s --no-print-directory app-dev tandemctl || return 1
  local files
  files="$(find frontend/e2e -name '*.test.mjs' | sort)"
  if [[ -z "$files" ]]; then
    say "no e2e tests"
    return 1
  fi
  # shellcheck disable=SC2086
  xvfb-run -a -s "-screen 0 1280x900x24" node --test --test-concurrency=1 $files
}

phase_window_smoke() {
  make -s --no-print-directory app || return 1
  scripts/window-smoke.sh build/bin/tandem
}

export -f fuzz_one phase_setup phase_gofmt phase_vet phase_golangci_lint phase_eslint phase_go_mod_tidy phase_tandemctl_no_gui phase_go_test phase_keycloak_up \
  phase_go_integration phase_fuzz phase_frontend_unit phase_e2e phase_window_smoke

# name:function:time limit in seconds
PHASE_TABLE=(
  "setup:phase_setup:1200"
  "gofmt:phase_gofmt:120"
  "vet:phase_vet:900"
  "golangci-lint:phase_golangci_lint:900"
  "eslint:phase_eslint:600"
  "go-mod-tidy:phase_go_mod_tidy:300"
  "tandemctl-no-gui:phase_tandemctl_no_gui:600"
  "go-test:phase_go_test:1800"
  "keycloak-up:phase_keycloak_up:600"
  "go-integration:phase_go_integration:1200"
  "fuzz:phase_fuzz:1500"
  "frontend-unit:phase_frontend_unit:900"
  "e2e:phase_e2e:1200"
  "window-smoke:phase_window_smoke:600"
)

passed=0
failed=0
summary=()
total_start=$SECONDS
for entry in "${PHASE_TABLE[@]}"; do
  IFS=: read -r name fn limit <<<"$entry"
  if [[ -n "${PHASES:-}" && " $PHASES " != *" $name "* ]]; then
    continue
  fi
  printf '\n==== %s ====\n' "$name"
  start=$SECONDS
  timeout -k 30 "$limit" bash -o pipefail -c "$fn" &
  phase_pid=$!
  wait "$phase_pid"
  rc=$?
  phase_pid=""
  took=$((SECONDS - start))
  if ((rc == 0)); then
    passed=$((passed + 1))
    result=ok
  else
    failed=$((failed + 1))
    result="FAILED (exit $rc)"
    ((rc == 124)) && result="FAILED (timed out after ${limit}s)"
  fi
  printf '==== %s: %s in %ds\n' "$name" "$result" "$took"
  summary+=("$(printf '%-18s %-28s %5ds' "$name" "$result" "$took")")
done

# Stop what this run started before the summary, so the summary is the last thing printed.
release_stack 2>&1
trap - EXIT
printf '\n==== summary (total %ds) ====\n' "$((SECONDS - total_start))"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
