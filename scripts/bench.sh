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

# --- add further benchmarks here (e.g. bench_proxy: wrk against the proxy in front of the echo upstream) ---

BENCHMARKS=(go proxy)

selected=("$@")
((${#selected[@]})) || selected=("${BENCHMARKS[@]}")
for name in "${selected[@]}"; do
  declare -F "bench_$name" >/dev/null || { say "unknown benchmark: $name (have: ${BENCHMARKS[*]})"; exit 2; }
  say "== $name"
  start=$SECONDS
  "bench_$name"
  say "== $name took $((SECONDS - start))s"
done
