// Browser sign-in on the proxy, end to end, as a newcomer meets it: headless Chromium opens the
// proxy's /app, is sent to Keycloak's real login page (the shared Keycloak on 127.0.0.1:8180, demo
// realm, client tandem-proxy), signs in as alice, reads "alice" on the echo upstream's page, signs
// out, and is anonymous on the optional page. The proxy and the echo upstream are the real
// `tandemctl` (build/bin/tandemctl), each on a port it picks itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launchBrowser, REPO_ROOT } from './harness.mjs';

const TANDEMCTL = join(REPO_ROOT, 'build', 'bin', 'tandemctl');
const ISSUER = `${process.env.TANDEM_KEYCLOAK_URL || 'http://127.0.0.1:8180'}/realms/demo`;
const T = { timeout: 30_000 };

/** Starts tandemctl with args and resolves with the first match of pattern in its stderr. */
function start(t, args, env, pattern) {
  const child = spawn(TANDEMCTL, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => child.kill('SIGTERM'));
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tandemctl ${args[0]} did not start:\n${log}`)), 20_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`tandemctl ${args[0]} exited with ${code}:\n${log}`)));
  });
}

test('sign in through the proxy as alice, see her on the page, sign out, anonymous on the open page', async (t) => {
  const echo = await start(t, ['echo', '--listen', '127.0.0.1:0'], {}, /listening on (http:\/\/\S+)/);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-signin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'routes.yaml');
  writeFileSync(
    file,
    `version: 1
issuer: ${ISSUER}
login:
  client_id: tandem-proxy
routes:
  - name: app
    path: /app
    upstream: ${echo}
    auth: required
    login: true
  - name: page
    path: /page
    upstream: ${echo}
    auth: optional
`,
  );
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 7)).toString('base64');
  const addr = await start(
    t,
    ['proxy', '--config', file, '--listen', '127.0.0.1:0'],
    { TANDEM_COOKIE_KEYS: key, TANDEM_LOGIN_CLIENT_SECRET: 'demo-proxy-secret' },
    /listening[^\n]*?addr[=":]+([0-9.]+:[0-9]+)/,
  );
  const base = `http://${addr}`;

  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await (await browser.newContext()).newPage();

  await page.goto(`${base}/app/hello`);
  // Keycloak's own login page, on the realm's issuer.
  await page.waitForURL((u) => u.href.startsWith(`${ISSUER}/`), T);
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('alice');
  await page.locator('#kc-login').click();

  await page.waitForURL(`${base}/app/hello`, T);
  assert.match(await page.locator('#whoami').innerText(), /Signed in as alice/);
  // The proxy says who the session is.
  const me = await page.evaluate(async () => (await fetch('/_tandem/auth/me')).json());
  assert.equal(me.name, 'alice');
  assert.ok(me.roles.includes('admin'), `alice's roles: ${me.roles}`);

  // Sign out comes back to /app/hello, which, signed out for real (the Keycloak session ended
  // too), sends the browser to Keycloak's login page again instead of signing alice back in.
  await page.locator('#sign-out').click();
  await page.waitForURL((u) => u.href.startsWith(`${ISSUER}/`), T);
  await page.locator('#username').waitFor(T);
  await page.goto(`${base}/page`);
  assert.match(await page.locator('#whoami').innerText(), /You are anonymous/);
});
