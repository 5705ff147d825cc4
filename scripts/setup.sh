#!/usr/bin/env bash
# setup.sh — installs what building, running and testing Tandem needs on Debian 12, and only what is missing:
#   Debian packages (C toolchain, GTK/WebKitGTK headers, Xvfb and X tools, ImageMagick, Chromium, wrk),
#   the npm packages of the frontend and of its linter in tools/eslint (npm ci when node_modules is missing or
#   package-lock.json changed),
#   the Wails CLI in bin/wails and golangci-lint in bin/golangci-lint (built from the tools/ module, pinned there).
# Go, Node/npm, Java and Maven are expected to be installed already.
# Safe to run again: every step checks first and says what it skips.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

APT_PACKAGES=(
  build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev # cgo build of the desktop app
  xvfb xauth xdotool x11-utils imagemagick                       # window under a virtual display, screenshots
  chromium fonts-liberation fonts-dejavu-core                     # browser for the e2e suite (driven by playwright-core)
  wrk                                                            # HTTP load generator for the benchmarks
  curl unzip ca-certificates                                     # Keycloak download and health checks
)

install_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    say "Debian packages: all ${#APT_PACKAGES[@]} present"
    return
  fi
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    sudo=(sudo)
  fi
  say "Debian packages: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

check_toolchains() {
  local tool
  for tool in go node npm java mvn; do
    command -v "$tool" >/dev/null || die "$tool is not installed (Go, Node 20+, npm, Java 17+ and Maven are prerequisites)"
  done
}

# npm ci wipes node_modules, so run it only when it is missing or the lock file differs from the last install.
# $1: a folder with package.json and package-lock.json (frontend, or tools/eslint: the linter's own install).
install_npm_packages() {
  local dir="$1"
  local lock="$dir/package-lock.json" stamp="$dir/node_modules/.tandem-lock.sha256"
  if [[ ! -f "$dir/package.json" ]]; then
    say "$dir: no $dir/package.json yet; skipping npm ci"
    return
  fi
  [[ -f "$lock" ]] || die "$lock is missing"
  local want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ -d "$dir/node_modules" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    say "$dir: node_modules matches package-lock.json"
    return
  fi
  say "$dir: npm ci"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# The CLI lives in its own module (tools/go.mod) because its pinned x/tools must differ from the app's.
build_wails_cli() {
  if [[ -x bin/wails && bin/wails -nt tools/go.mod && bin/wails -nt tools/go.sum ]]; then
    say "Wails CLI: bin/wails present"
    return
  fi
  say "Wails CLI: building bin/wails from tools/ (about a minute when cold)"
  mkdir -p bin
  go build -C tools -o ../bin/wails github.com/wailsapp/wails/v2/cmd/wails
}

# Built by the Makefile's rule (rebuilt when tools/go.mod or tools/go.sum is newer than the binary).
build_golangci_lint() {
  if make -s --no-print-directory -q bin/golangci-lint 2>/dev/null; then
    say "golangci-lint: bin/golangci-lint present"
    return
  fi
  say "golangci-lint: building bin/golangci-lint from tools/ (two to three minutes when cold)"
  make -s --no-print-directory bin/golangci-lint
}

check_toolchains
install_apt_packages
install_npm_packages frontend
install_npm_packages tools/eslint
build_wails_cli
build_golangci_lint
say "done"
