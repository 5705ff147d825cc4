// Shared harness for the browser end-to-end tests (frontend/e2e/*.test.mjs, run with `node --test`).
//
// The dev-tagged binary (build/e2e/app-dev, `make app-dev`) serves the built UI and the real Go
// bindings over HTTP: its devserver injects /wails/ipc.js and /wails/runtime.js into index.html, and
// `window.go.app.<Service>.<Method>()` calls travel over a websocket to the running Go process. So a
// headless Chromium driven by playwright-core exercises the same Go code as the desktop window.
// The binary also opens its GTK window, so it needs a display: under `xvfb-run` DISPLAY is set; without
// DISPLAY the harness wraps the binary in its own `xvfb-run -a`.
//
//   import { withApp } from './harness.mjs';
//   test('opens the users screen', (t) => withApp(t, async ({ page, app }) => {
//     await page.getByRole('menuitem', { name: 'Users' }).click();
//   }));

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_BINARY = join(REPO_ROOT, 'build', 'e2e', 'app-dev');
export const ASSET_DIR = join(REPO_ROOT, 'frontend', 'dist');
export const CHROMIUM = process.env.TANDEM_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Apps still running when the test process exits (a crash, a forgotten stop) are killed with it.
const running = new Set();
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The version the app binary reports with -version ("Tandem 0.1.0+abc1234" → "0.1.0+abc1234"). */
export function binaryVersion(binary = APP_BINARY) {
  const out = execFileSync(binary, ['-version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  return out.split(/\s+/).pop();
}

/**
 * Starts build/e2e/app-dev serving the UI and the Go bindings on a free 127.0.0.1 port.
 *
 * @param {object} [options]
 * @param {string} [options.db] SQLite file to use; default: a fresh file in a temp dir removed by stop().
 * @param {Record<string,string>} [options.env] extra environment for the app (merged over process.env).
 * @param {string} [options.binary] default build/e2e/app-dev.
 * @param {number} [options.timeoutMs] how long to wait for the URL to answer (default 60 s).
 * @returns {Promise<{url: string, dbPath: string, pid: number, log: () => string, stop: () => Promise<void>}>}
 */
export async function startApp({ db, env = {}, binary = APP_BINARY, timeoutMs = 60_000 } = {}) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'make app-dev' first`);
  if (!existsSync(join(ASSET_DIR, 'index.html')))
    throw new Error(`${ASSET_DIR}/index.html is missing: run 'make frontend' first`);

  const workDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const dbPath = db ?? join(workDir, 'tandem.db');
  const childEnv = {
    ...process.env,
    // Keeps the app away from the user's real config (profiles, key files) unless a test says otherwise.
    XDG_CONFIG_HOME: join(workDir, 'config'),
    ...env,
    TANDEM_DB: dbPath,
  };

  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const app = await launch({ binary, port, env: childEnv, timeoutMs });
      const stop = async () => {
        await app.stop();
        rmSync(workDir, { recursive: true, force: true });
      };
      return { url: app.url, dbPath, pid: app.pid, log: app.log, stop };
    } catch (err) {
      lastError = err;
      // Someone took the port between freePort() and the bind: try another one.
      if (!/address already in use/i.test(String(err.message))) break;
    }
  }
  rmSync(workDir, { recursive: true, force: true });
  throw lastError;
}

async function launch({ binary, port, env, timeoutMs }) {
  const address = `127.0.0.1:${port}`;
  const appArgs = ['-devserver', address, '-assetdir', ASSET_DIR];
  const [command, args] = env.DISPLAY
    ? [binary, appArgs]
    : ['xvfb-run', ['-a', '-s', '-screen 0 1280x900x24', binary, ...appArgs]];

  // detached: the app (and xvfb-run's Xvfb) get their own process group, so stop() ends all of them.
  const child = spawn(command, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 300) lines.splice(0, lines.length - 300);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    });
  });
  let hasExited = false;
  exited.then(() => {
    hasExited = true;
  });
  const log = () => lines.join('\n');

  const stop = async () => {
    if (hasExited) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // The app is gone; make sure nothing it started (Xvfb, WebKit helpers) stays behind.
    killGroup(child, 'SIGKILL');
  };

  const url = `http://${address}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      throw new Error(`app-dev exited (code ${code}, signal ${signal}) before serving ${url}:\n${log()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`app-dev did not serve ${url} within ${timeoutMs} ms:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, log, stop };
}

/**
 * Launches headless Debian Chromium through playwright-core. Playwright gives every launch a fresh
 * temporary profile (its own --user-data-dir, deleted on close), so runs never share state.
 */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Runs fn with a started app and a page open on it, and always cleans up (page, browser, app).
 * The page is loaded and the Wails runtime has connected (window.go exists) when fn runs.
 * Console errors and uncaught page errors are collected in `consoleErrors`; on failure they and the
 * app's log are printed as test diagnostics.
 *
 * @param {import('node:test').TestContext} t
 * @param {(ctx: {page: import('playwright-core').Page, app: Awaited<ReturnType<typeof startApp>>,
 *   browser: import('playwright-core').Browser, consoleErrors: string[]}) => Promise<void>} fn
 * @param {Parameters<typeof startApp>[0] & {viewport?: {width: number, height: number}}} [options]
 */
export async function withApp(t, fn, options = {}) {
  const { viewport = { width: 1280, height: 820 }, ...appOptions } = options;
  const app = await startApp(appOptions);
  let browser;
  const consoleErrors = [];
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location()?.url ?? '';
      if (where.endsWith('/favicon.ico')) return; // the browser asks for it; the app has none
      consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
    await page.goto(app.url);
    await page.waitForFunction(() => window.go !== undefined, null, { timeout: 30_000 });
    await fn({ page, app, browser, consoleErrors });
  } catch (err) {
    if (consoleErrors.length) t.diagnostic(`console errors:\n${consoleErrors.join('\n')}`);
    t.diagnostic(`app log (last lines):\n${app.log().split('\n').slice(-40).join('\n')}`);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await app.stop();
  }
}
