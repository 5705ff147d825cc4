// Routes against the real Go backend: the Local profile's demo routes, adding a route through the form
// while Go's validator puts its messages on the fields, disabling a route, and exporting the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 15_000 };

test('add a route with live validation, disable it, export the file', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Routes' }).waitFor(T);
    // First run: the Local profile's demo routes.
    await page.getByRole('row').filter({ hasText: '/api/feed' }).waitFor(T);
    await page.getByRole('row').filter({ hasText: '/api/admin' }).waitFor(T);

    await page.getByRole('button', { name: 'Add route' }).click();
    const drawer = page.getByRole('dialog', { name: 'New route' });
    await drawer.waitFor(T);

    // Wrong values first: the validator's messages appear under the fields while typing.
    await drawer.getByLabel('Name', { exact: true }).fill('feed');
    await drawer.getByLabel('Path', { exact: true }).fill('api/orders');
    await drawer.getByLabel('Upstream', { exact: true }).fill('ftp://127.0.0.1:9090');
    await drawer.getByText('must start with /').waitFor(T);
    await drawer
      .getByText(/duplicate: route #2 has the same name|duplicate/)
      .first()
      .waitFor(T);
    await drawer.getByText(/must be an http:\/\/ or https:\/\/ URL/).waitFor(T);

    // Saving is refused while problems remain.
    await drawer.getByRole('button', { name: 'Add route' }).click();
    await drawer.getByText('must start with /').waitFor(T);

    await drawer.getByLabel('Name', { exact: true }).fill('orders');
    await drawer.getByLabel('Path', { exact: true }).fill('/api/orders');
    await drawer.getByLabel('Upstream', { exact: true }).fill('http://127.0.0.1:9090');
    await drawer.getByLabel('Roles').fill('admin');
    await drawer.getByLabel('Roles').press('Enter');
    await drawer.getByText('must start with /').waitFor({ state: 'detached', ...T });
    await drawer.getByRole('button', { name: 'Add route' }).click();
    await drawer.waitFor({ state: 'hidden', ...T });

    const row = page.getByRole('row').filter({ hasText: '/api/orders' });
    await row.waitFor(T);
    assert.match(await row.innerText(), /required/);
    assert.match(await row.innerText(), /admin/);
    let file = await page.evaluate(() => window.go.app.RouteService.Get());
    const orders = file.config.routes.find((r) => r.name === 'orders');
    assert.deepEqual(orders.roles, ['admin'], 'Go stored the route with its role');
    assert.equal(orders.auth, 'required');

    // Disable it from the table.
    await page.getByRole('switch', { name: 'Enable orders' }).click();
    await page.waitForFunction(
      async () => (await window.go.app.RouteService.Get()).config.routes.find((r) => r.name === 'orders').disabled,
      null,
      T,
    );

    // Export shows the route file with the new route.
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = page.getByRole('dialog', { name: 'Export routes' }).getByLabel('Exported route file');
    await page.waitForFunction(
      () => document.querySelector('textarea[aria-label="Exported route file"]')?.value.includes('name: orders'),
      null,
      T,
    );
    assert.match(await exported.inputValue(), /disabled: true/);
    assert.deepEqual(consoleErrors, []);
  }));
