// The Proxy screen against the real Go backend: start the embedded proxy on a port of its choosing with routes
// pointing at an upstream this test serves, send requests to it from the test, and see them in the live
// log (batched proxy:log events) with their decisions; filter the log; stop.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 15_000 };

function startUpstream() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      server.hits = (server.hits ?? 0) + 1;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ path: req.url, headers: req.headers }));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Serves an upstream for this test and imports a route file (issuer: the demo realm) whose routes all
// point at it; returns the upstream, which counts its hits.
async function importRoutesToUpstream(t, page, routes) {
  const upstream = await startUpstream();
  t.after(() => upstream.close());
  const up = `http://127.0.0.1:${upstream.address().port}`;
  const routeFile = [
    'version: 1',
    'issuer: http://127.0.0.1:8180/realms/demo',
    'routes:',
    ...routes.flatMap(({ name, path, auth }) => [
      `  - name: ${name}`,
      `    path: ${path}`,
      `    upstream: ${up}`,
      `    auth: ${auth}`,
    ]),
    '',
  ].join('\n');
  await page.evaluate((text) => window.go.app.RouteService.ImportYAML(text), routeFile);
  return upstream;
}

// Starts the proxy from its screen on port 0 and returns the port the screen says it listens on. Port 0:
// the proxy binds a port no one else holds. (A port the test found free could be given to another server
// before the proxy binds it.)
async function startOnFreePort(page) {
  await page.getByRole('menuitem', { name: 'Proxy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Proxy' }).waitFor(T);
  await page.getByLabel('Listen address').fill('127.0.0.1:0');
  await page.getByRole('button', { name: 'Start' }).click();
  const listening = page.getByLabel('Proxy state').getByText(/^listening on 127\.0\.0\.1:\d+$/);
  await listening.waitFor(T);
  return Number((await listening.innerText()).split(':').pop());
}

test('start the proxy, send requests, see them in the live log, stop', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const upstream = await importRoutesToUpstream(t, page, [
      { name: 'public', path: '/api/public', auth: 'public' },
      { name: 'me', path: '/api/me', auth: 'required' },
    ]);

    const port = await startOnFreePort(page);
    assert.notEqual(port, 0, 'the screen shows the bound port, not the requested one');

    const base = `http://127.0.0.1:${port}`;
    const ok = await fetch(`${base}/api/public/hello`, { headers: { 'X-User-Id': 'spoofed' } });
    assert.equal(ok.status, 200);
    const seen = await ok.json();
    assert.equal(seen.path, '/api/public/hello');
    assert.equal(seen.headers['x-user-id'], undefined, 'the spoofed identity header was stripped');
    const denied = await fetch(`${base}/api/me`);
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('www-authenticate'), 'Bearer realm="tandem"');
    const missing = await fetch(`${base}/nothing`);
    assert.equal(missing.status, 404);

    const log = page.getByRole('table', { name: 'Request log' });
    const publicRow = log.getByRole('row').filter({ hasText: '/api/public/hello' });
    await publicRow.waitFor(T);
    assert.match(await publicRow.innerText(), /allowed/);
    const meRow = log.getByRole('row').filter({ hasText: '/api/me' });
    await meRow.waitFor(T);
    assert.match(await meRow.innerText(), /unauthorized/);
    assert.match(await meRow.innerText(), /401/);

    // Filter by decision: only the refused request stays.
    await page.getByLabel('Filter by decision').click();
    await page.locator('.ant-select-item-option[title="unauthorized"]').click();
    await page.keyboard.press('Escape');
    await publicRow.waitFor({ state: 'detached', ...T });
    await meRow.waitFor(T);

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByLabel('Proxy state').getByText('stopped').waitFor(T);
    // The port is free again, and another server may already have been given it: what proves the stop is
    // that a request there no longer gets through to the upstream.
    const hitsAtStop = upstream.hits;
    await fetch(`${base}/api/public/hello`).then(
      (res) => res.arrayBuffer(),
      () => {},
    );
    assert.equal(upstream.hits, hitsAtStop, 'the stopped proxy forwarded a request');
    // The figures say the proxy stopped instead of freezing the last rate.
    await page
      .getByLabel('Traffic state')
      .getByText(/^Stopped at /)
      .waitFor(T);
    const rate = page.locator('.ant-statistic').filter({ hasText: 'Requests/s' });
    assert.match(await rate.innerText(), /—/);
    assert.deepEqual(consoleErrors, []);
  }));

test('a bad listen address, a taken port and a profile without routes are said in one sentence', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const taken = createServer();
    await new Promise((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => taken.close());
    const port = taken.address().port;

    await page.getByRole('menuitem', { name: 'Proxy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Proxy' }).waitFor(T);
    await page.getByLabel('Listen address').fill('nonsense');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('alert').getByText('The listen address must be host:port, e.g. 127.0.0.1:8080.').waitFor(T);

    await page.getByLabel('Listen address').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await page
      .getByRole('alert')
      .getByText(`Port ${port} on 127.0.0.1 is already in use: stop what runs there or choose another listen address.`)
      .waitFor(T);
    await page.getByLabel('Proxy state').getByText('stopped').waitFor(T);

    await page.evaluate(() => window.go.app.RouteService.ImportYAML('version: 1\nroutes: []\n'));
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('menuitem', { name: 'Proxy' }).click();
    await page.getByText('This profile has no routes: every request will get 404.').waitFor(T);
    assert.equal(await page.getByRole('button', { name: 'Start' }).isDisabled(), true);
    assert.deepEqual(consoleErrors, []);
  }));

test('the log names bob, finds his requests by name, and a row opens its full record', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    await importRoutesToUpstream(t, page, [{ name: 'me', path: '/api/me', auth: 'required' }]);
    const tokens = await fetch('http://127.0.0.1:8180/realms/demo/protocol/openid-connect/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'web', username: 'bob', password: 'bob' }),
    }).then((r) => r.json());
    assert.ok(tokens.access_token, 'a token for bob');

    const base = `http://127.0.0.1:${await startOnFreePort(page)}`;
    t.after(() => page.evaluate(() => window.go.app.ProxyService.Stop()).catch(() => {}));

    const asBob = await fetch(`${base}/api/me/bob`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(asBob.status, 200);
    const anonymous = await fetch(`${base}/api/me/nobody`);
    assert.equal(anonymous.status, 401);

    const log = page.getByRole('table', { name: 'Request log' });
    const bobRow = log.getByRole('row').filter({ hasText: '/api/me/bob' });
    await bobRow.waitFor(T);
    await bobRow.getByText('bob', { exact: true }).waitFor(T);
    await log.getByRole('row').filter({ hasText: '/api/me/nobody' }).waitFor(T);

    // Filtering on "bob" keeps bob's request only; a filter that leaves nothing says so.
    const filter = page.getByLabel('Filter by user or subject');
    await filter.fill('bob');
    await log
      .getByRole('row')
      .filter({ hasText: '/api/me/nobody' })
      .waitFor({ state: 'detached', ...T });
    await bobRow.waitFor(T);
    await filter.fill('nobody-at-all');
    await log.getByText('No request matches').waitFor(T);
    await filter.fill('');

    // The refused request opens into its record, reason uncut.
    await log.getByRole('row').filter({ hasText: '/api/me/nobody' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Request id' });
    await drawer.waitFor(T);
    await drawer.getByText('missing token', { exact: true }).waitFor(T);
    await drawer.getByText('unauthorized', { exact: true }).waitFor(T);
    await drawer.getByText(/No headers kept for this request/).waitFor(T);
    assert.deepEqual(consoleErrors, []);
  }));
