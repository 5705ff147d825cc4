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
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
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

// The app is started with `-devserver 127.0.0.1:0`: the kernel gives its devserver a port no one else
// holds. (A port the harness found free and handed over could be given to another server in between, and
// the harness would then wait for, or talk to, the wrong one.) Wails does not print the port it bound, so
// the harness reads it from /proc: the listening TCP sockets of the app's process. Linux only, as the
// harness already is (xvfb-run, Debian's Chromium).

/** Pids in process group `pgid` whose executable is `binary`. */
function pidsRunning(pgid, binary) {
  const want = realpathSync(binary);
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && readlinkSync(`/proc/${name}/exe`) === want) pids.push(Number(name));
    } catch {
      // the process ended meanwhile, or is not ours to read
    }
  }
  return pids;
}

/** TCP ports process `pid` listens on. */
function listeningPorts(pid) {
  const sockets = new Set();
  let fds;
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) sockets.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = [];
  for (const table of ['tcp', 'tcp6']) {
    let text;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    // Columns: sl local_address rem_address st ... inode (10th); st 0A is LISTEN; the port is hex.
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && sockets.has(f[9])) ports.push(parseInt(f[1].split(':').pop(), 16));
    }
  }
  return ports;
}

/** Whether the devserver of a Wails app answers on this port: index.html with the injected IPC script. */
async function servesApp(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
    return res.ok && (await res.text()).includes('/wails/ipc.js');
  } catch {
    return false;
  }
}

/** The version the app binary reports with -version ("Tandem 0.1.0+abc1234" → "0.1.0+abc1234"). */
export function binaryVersion(binary = APP_BINARY) {
  const out = execFileSync(binary, ['-version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  return out.split(/\s+/).pop();
}

/**
 * Starts build/e2e/app-dev serving the UI and the Go bindings on a 127.0.0.1 port of the kernel's choosing.
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

  try {
    const app = await launch({ binary, env: childEnv, timeoutMs });
    const stop = async () => {
      await app.stop();
      rmSync(workDir, { recursive: true, force: true });
    };
    return { url: app.url, dbPath, pid: app.pid, log: app.log, stop };
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
}

async function launch({ binary, env, timeoutMs }) {
  const appArgs = ['-devserver', '127.0.0.1:0', '-assetdir', ASSET_DIR];
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

  // detached made the child the leader of its process group: the app is in it, under xvfb-run or not.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      throw new Error(`app-dev exited (code ${code}, signal ${signal}) before serving its UI:\n${log()}`);
    }
    for (const pid of pidsRunning(child.pid, binary)) {
      for (const port of listeningPorts(pid)) {
        if (await servesApp(port)) return { url: `http://127.0.0.1:${port}/`, pid: child.pid, log, stop };
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`app-dev did not serve its UI within ${timeoutMs} ms:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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

/**
 * Opens a screen from the Screens menu and waits for its heading, which is named as its menu item.
 * @param {import('playwright-core').Page} page
 * @param {string} screen
 * @param {{timeout?: number}} [options]
 * @returns {Promise<import('playwright-core').Locator>} the screen's heading
 */
export async function openScreen(page, screen, { timeout = 20_000 } = {}) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('menuitem', { name: screen, exact: true }).click();
  const heading = page.getByRole('heading', { level: 1, name: screen });
  await heading.waitFor({ timeout });
  return heading;
}
