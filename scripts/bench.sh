#!/usr/bin/env bash
# bench.sh — Tandem's benchmarks (`make bench`). Each benchmark is one function below that prints
# what it measured, with units and how; add yours as bench_<name> and list it in BENCHMARKS.
# Loads go only to loopback addresses, bounded in time; everything a benchmark starts it stops (trap).
#
#   scripts/bench.sh            run all
#   scripts/bench.sh NAME...    run the named ones
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

say() { printf 'bench: %s\n' "$*" >&2; }

# Processes started by benchmarks; stopped on exit whatever happens.
BENCH_PIDS=()
cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# --- Go micro-benchmarks (every Benchmark* function in the module) ---
bench_go() {
  say "go test -bench (benchtime 1s, no unit tests)"
  go test -run='^$' -bench=. -benchmem -benchtime=1s ./...
}

# --- Auth proxy: throughput and p99 vs a bare httputil.ReverseProxy (wrk -t2 -c64 -d10s, loopback),
#     JWKS fetches during 2,000 forged-signature and 2,000 unknown-kid requests ---
bench_proxy() {
  say "proxy vs bare ReverseProxy, same run (scripts/bench-proxy.sh)"
  scripts/bench-proxy.sh
}

# --- Keycloak users: seed a throwaway realm with TANDEM_BENCH_USERS (default 20,000; 100,000 for the
#     full-size figures) users through the partial-import endpoint in batches of 100, time each Users
#     view through backend/keycloak against the list request Keycloak's own console sends (same run,
#     a fresh query and a write before each call so H2's query cache never answers), time the Users
#     screen the same way (playwright against build/e2e/app-dev, when it is built), import 1,000 users
#     from CSV against Keycloak's own partial import of the same users, then delete the realm ---
bench_keycloak_users() {
  scripts/keycloak.sh start
  local out realm
  out="$(mktemp)"
  say "seeding and timing (go test -tags kcbench, backend/kcbench/users_test.go)"
  TANDEM_BENCH_KEEP=1 kcbench_go TestBenchUsers | tee "$out" || say "the Go part failed"
  realm="$(sed -n 's/^kept realm //p' "$out")"
  rm -f "$out"
  [[ -n "$realm" ]] || { say "the Go part did not leave a realm to look at"; return 1; }
  if [[ -x build/e2e/app-dev && -f frontend/dist/index.html ]]; then
    say "timing the Users screen on $realm (frontend/e2e/bench-users-ui.mjs)"
    node frontend/e2e/bench-users-ui.mjs "$realm" 5 || say "the UI timing failed"
  else
    say "UI timing skipped: build/e2e/app-dev is missing (make app-dev)"
  fi
  say "deleting realm $realm"
  local token
  token="$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    http://127.0.0.1:8180/realms/master/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
  if curl -fsS -X DELETE -H "Authorization: Bearer $token" "http://127.0.0.1:8180/admin/realms/$realm"; then
    say "deleted realm $realm"
  else
    # Seen with Keycloak 26.7 on a busy machine: a 100,000-user realm's delete fails (500) and
    # succeeds when retried later.
    say "could not delete realm $realm: delete it later (scripts/bench.sh does not retry)"
    return 1
  fi
}

# --- Keycloak events: seed a throwaway realm with TANDEM_BENCH_EVENTS (default 100,000) login events
#     (client-credentials logins, nine in ten with a wrong secret, 16 in flight), then time the Events
#     screen's first page (no filter, by user, by type, by client) through backend/keycloak against
#     the request Keycloak's own console sends (same run, one new event before each call so neither
#     H2's cache nor an unchanged page answers); the realm is deleted at the end ---
bench_keycloak_events() {
  scripts/keycloak.sh start
  say "seeding and timing (go test -tags kcbench, backend/kcbench/events_test.go)"
  kcbench_go TestBenchEvents
}

# --- Keycloak clients: seed a throwaway realm with TANDEM_BENCH_CLIENTS (default 1,000) clients through
#     the partial import in batches of 100, then time the Clients screen's first page, unfiltered and
#     searched, through backend/keycloak against the request Keycloak's own console sends (same run,
#     one client written before each call); the realm is deleted at the end ---
bench_keycloak_clients() {
  scripts/keycloak.sh start
  say "seeding and timing (go test -tags kcbench, backend/kcbench/clients_test.go)"
  kcbench_go TestBenchClients
}

# kcbench_go runs one Keycloak benchmark of backend/kcbench and prints what it measured.
kcbench_go() {
  go test -tags kcbench -run "^$1\$" -count=1 -timeout 90m -v ./backend/kcbench \
    | grep --line-buffered -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$' -e '^ok '
}

# --- add further benchmarks here (e.g. bench_proxy: wrk against the proxy in front of the echo upstream) ---

BENCHMARKS=(go proxy keycloak_users keycloak_events keycloak_clients)

selected=("$@")
((${#selected[@]})) || selected=("${BENCHMARKS[@]}")
for name in "${selected[@]}"; do
  declare -F "bench_$name" >/dev/null || { say "unknown benchmark: $name (have: ${BENCHMARKS[*]})"; exit 2; }
  say "== $name"
  start=$SECONDS
  "bench_$name"
  say "== $name took $((SECONDS - start))s"
done
