# Tandem's single entry point. `make run` to try it, `make test` to check everything; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BASE_VERSION := 0.1.0
# The commit goes into the version so the About panel tells builds apart.
VERSION ?= $(BASE_VERSION)+$(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS_VERSION := -X github.com/tandemhq/tandem/backend/buildinfo.Version=$(VERSION)

WAILS := bin/wails
GOLANGCI_LINT := bin/golangci-lint

.PHONY: help setup stack-up stack-down stack-status bindings frontend build app tandemctl app-dev run screenshot test lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

setup: ## install what is missing (Debian packages, npm packages, Wails CLI)
	@scripts/setup.sh

stack-up: tandemctl ## start Keycloak (8180) and the echo upstream (9090) in the background
	@scripts/stack.sh up

stack-down: ## stop the echo upstream and Keycloak
	@scripts/stack.sh down

stack-status: ## say what of the stack is running
	@scripts/stack.sh status

$(WAILS): tools/go.mod tools/go.sum
	go build -C tools -o ../$(WAILS) github.com/wailsapp/wails/v2/cmd/wails

# Pinned in tools/go.mod next to the Wails CLI; about two and a half minutes to build cold.
$(GOLANGCI_LINT): tools/go.mod tools/go.sum
	go build -C tools -o ../$(GOLANGCI_LINT) github.com/golangci/golangci-lint/v2/cmd/golangci-lint

bindings: $(WAILS) ## regenerate the TypeScript bindings in frontend/wailsjs
	$(WAILS) generate module

frontend: bindings ## build the frontend into frontend/dist
	cd frontend && npm run build
	@touch frontend/dist/.gitkeep

build: frontend app tandemctl ## production binaries: build/bin/tandem and build/bin/tandemctl

# Wails needs the desktop and production tags: without them the binary only prints an error.
app:
	go build -tags desktop,production -ldflags "-w -s $(LDFLAGS_VERSION)" -o build/bin/tandem .

tandemctl:
	CGO_ENABLED=1 go build -ldflags "$(LDFLAGS_VERSION)" -o build/bin/tandemctl ./cmd/tandemctl

# The dev-tagged binary serves the UI and the Go bindings over HTTP for the browser e2e suite.
app-dev: frontend ## build build/e2e/app-dev for the browser e2e tests
	go build -tags dev -ldflags "$(LDFLAGS_VERSION)" -o build/e2e/app-dev .

run: ## set up, start the stack, build and launch the app (no display: under Xvfb)
	@$(MAKE) --no-print-directory setup
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory stack-up
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ "$(HEADLESS)" != 1 ]; then \
	  echo "make run: launching build/bin/tandem (close the window to quit; 'make stack-down' stops the stack)"; \
	  exec build/bin/tandem; \
	else \
	  echo "make run: no display here (DISPLAY is not set), so the window opens on a virtual display (Xvfb)."; \
	  echo "make run: launching build/bin/tandem under Xvfb (Ctrl-C to quit; 'make stack-down' stops the stack)"; \
	  exec xvfb-run -a -s "-screen 0 1280x900x24" build/bin/tandem; \
	fi

# The picture is the Tester after a matrix run on the Local profile's admin route, so the stack must be up. The
# clicks are window pixels at 1280x820: the Tester menu item, then "Run matrix"; move them if the layout moves.
screenshot: build stack-up ## refresh docs/screenshot.png (the Tester after a matrix run) from the production build under Xvfb
	WINDOW_SHOT=docs/screenshot.png SHOT_CLICKS="70,475 1097,84" SETTLE=3 scripts/window-smoke.sh build/bin/tandem

test: ## run every check and test (what CI runs)
	@scripts/test.sh

lint: ## run the linters alone (golangci-lint, ESLint), as make test does
	@PHASES="golangci-lint eslint" scripts/test.sh

bench: ## run the benchmarks
	@scripts/bench.sh

clean: ## remove build outputs (keeps bin/wails, node_modules and the stack's cache)
	rm -rf build/bin build/e2e artifacts frontend/wailsjs
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete
