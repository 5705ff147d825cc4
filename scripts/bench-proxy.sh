#!/usr/bin/env bash
# bench-proxy.sh — the proxy's throughput against a bare httputil.ReverseProxy, and JWKS fetch
# counts under token floods. Everything runs on loopback from one Go program
# (backend/proxy/bench): a fake OIDC issuer, the Tandem proxy on a required route with a
# valid RS256 token and a bare ReverseProxy with the same tuned transport in its process,
# Tandem's echo upstream in a child process (CPU per request is counted for the proxy's
# process and the upstream's apart). Load comes from wrk (-t2 -c64, Debian package `wrk`)
# when installed, else from a built-in Go client. Bare, reused token and fresh token (a new token per request) are measured
# in the same run, alternating rounds; then a flood of distinct forged tokens.
#
# oauth2-proxy joins the same rounds (reused and fresh token, verifying the bench issuer's
# JWTs with --skip-jwt-bearer-tokens) when its binary is in $TANDEM_BENCH_CACHE (default
# ~/.cache/tandem/bench); it is never a dependency of the project. Put it there with
#   GOBIN=~/.cache/tandem/bench go install github.com/oauth2-proxy/oauth2-proxy/v7@v7.15.6
#
#   scripts/bench-proxy.sh [-d 10s] [-rounds 2] [-flood 2000] [-fresh-pool 4000] [-upstream echo|static]
#                          [-bare-transport tuned|default] [-go-load]
#   scripts/bench-proxy.sh -rss 1000000 -c 16   # memory after a million distinct tokens instead
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v wrk >/dev/null; then
  echo "bench-proxy: wrk not installed (apt-get install wrk); using the built-in Go load generator" >&2
fi
bin="$(mktemp -d)/proxy-bench"
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./backend/proxy/bench
others=()
o2p="${TANDEM_BENCH_CACHE:-$HOME/.cache/tandem/bench}/oauth2-proxy"
if [[ -x "$o2p" ]]; then
  others=(-oauth2-proxy "$o2p")
else
  echo "bench-proxy: no $o2p; measuring without oauth2-proxy" >&2
fi
# The bare proxy logs aborted copies when wrk closes connections at the end of a run: noise.
"$bin" -d 10s -rounds 2 -flood 2000 "${others[@]}" "$@" 2> >(grep -v 'proxy error: context canceled' >&2)
