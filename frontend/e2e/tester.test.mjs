// Route tester against the real Go backend, the real embedded proxy and the shared Keycloak
// (127.0.0.1:8180, demo realm): from a fresh start with the Local profile, open the Tester, pick the
// admin route, run the matrix (five rows, no surprise), then send as alice through the echo upstream
// and see the injected X-User-Id among the headers the upstream received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 30_000 };

test('matrix on the admin route has no surprises; alice via echo gets X-User-Id', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const opened = Date.now();
    await page.getByRole('menuitem', { name: 'Tester' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tester' }).waitFor(T);

    // Pick the admin route (it is also the default: the first route that requires a role).
    await page.getByRole('combobox', { name: 'Route' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '/api/admin' }).click();
    await page.locator('.ant-select').filter({ hasText: '/api/admin' }).first().waitFor(T);

    // The Local profile prefills alice and bob.
    assert.equal(await page.getByLabel('Matrix valid user', { exact: true }).inputValue(), 'alice');
    assert.equal(await page.getByLabel('Matrix lacking user', { exact: true }).inputValue(), 'bob');

    await page.getByRole('button', { name: /Run matrix$/ }).click();
    const matrix = page.getByRole('table', { name: 'Matrix' });
    await matrix.waitFor(T);
    const rows = matrix.locator('tbody tr.ant-table-row');
    await rows.nth(4).waitFor(T);
    const elapsed = Date.now() - opened;
    t.diagnostic(`from opening the Tester to the matrix result: ${elapsed} ms`);
    // Five identities, plus a browser session, an ended session and a tampered cookie: the Local
    // profile's route file signs browsers in.
    await rows.nth(7).waitFor(T);
    assert.equal(await rows.count(), 8, 'eight identities');
    assert.equal(await matrix.getByText('surprise', { exact: true }).count(), 0, 'no surprise flag');
    assert.equal(await matrix.getByText('as promised', { exact: true }).count(), 8, 'every row as promised');
    const text = await matrix.innerText();
    for (const status of ['HTTP 401', 'HTTP 200', 'HTTP 403']) assert.match(text, new RegExp(status));
    assert.match(text, /X-User-Name: alice/, "alice's identity headers reached the upstream");

    // Send as alice (prefilled) through the echo upstream (the default).
    await page.getByRole('button', { name: /^(send )?Send$/ }).click();
    const upstream = page.getByRole('table', { name: 'Upstream headers' });
    await upstream.waitFor(T);
    const idRow = upstream.getByRole('row').filter({ hasText: 'X-User-Id' });
    await idRow.waitFor(T);
    assert.match(await idRow.innerText(), /injected/);
    await page.getByText('As promised', { exact: true }).waitFor(T);
    assert.match(await page.getByLabel('Response body').innerText(), /"X-User-Id"/, 'the echo saw it too');

    assert.deepEqual(consoleErrors, []);
  }));

test('save a case with a pinned status, run it as a suite with the password asked again', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    await page.getByRole('menuitem', { name: 'Tester' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tester' }).waitFor(T);

    await page.getByRole('button', { name: /Save as case$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as case' });
    await dialog.waitFor(T);
    await dialog.getByLabel('Pinned status').fill('200');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', ...T });

    await page.getByRole('tab', { name: 'Saved cases' }).click();
    const saved = page.getByRole('table', { name: 'Saved cases' }).getByRole('row').filter({ hasText: 'admin: alice' });
    await saved.waitFor(T);
    assert.match(await saved.innerText(), /HTTP 200/);
    const stored = await page.evaluate(() => window.go.app.TesterService.ListCases('admin'));
    assert.equal(stored[0].identity.password, undefined, 'the password was not saved');

    await page.getByRole('button', { name: /Run suite/ }).click();
    const secrets = page.getByRole('dialog', { name: 'Secrets for this run' });
    await secrets.waitFor(T);
    assert.equal(
      await secrets.getByLabel('Password of user alice').inputValue(),
      'alice',
      "offered from the form's password",
    );
    await secrets.getByRole('button', { name: 'Run suite' }).click();
    await page.getByText(/1 of 1 passed/).waitFor(T);

    assert.deepEqual(consoleErrors, []);
  }));

test('who can reach a route whose only role does not exist: a warning, not a crash', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    await page.evaluate(() =>
      window.go.app.RouteService.SaveRoute('', {
        name: 'ghost',
        path: '/api/x',
        methods: [],
        host: '',
        upstream: 'http://127.0.0.1:9090',
        auth: 'required',
        roles: ['ghost-role'],
        headers: null,
        stripPrefix: false,
        disabled: false,
      }),
    );
    await page.getByRole('menuitem', { name: 'Tester' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tester' }).waitFor(T);
    await page.getByRole('combobox', { name: 'Route' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '/api/x' }).click();
    await page.locator('.ant-select').filter({ hasText: '/api/x' }).first().waitFor(T);

    await page.getByRole('tab', { name: 'Who can reach' }).click();
    const panel = page.getByRole('region', { name: 'Who can reach' });
    await panel.getByText("Nobody: none of the route's roles exists in the realm.").waitFor(T);
    await panel.getByText('requires realm role "ghost-role", which does not exist').waitFor(T);
    assert.equal(await page.getByText(/failed to (render|show)/).count(), 0, 'no panel or page failed');
    assert.deepEqual(consoleErrors, []);
  }));
