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
    // Each message is a sentence naming its field; the duplicate name names no route by a position.
    await drawer.getByText('The path must start with /.').waitFor(T);
    await drawer.getByText('The name is a duplicate: another route has the same name.').waitFor(T);
    await drawer
      .getByText('The upstream "ftp://127.0.0.1:9090" must be an http:// or https:// URL.', { exact: true })
      .waitFor(T);

    // Saving is refused while problems remain.
    await drawer.getByRole('button', { name: 'Add route' }).click();
    await drawer.getByText('The path must start with /.').waitFor(T);

    await drawer.getByLabel('Name', { exact: true }).fill('orders');
    await drawer.getByLabel('Path', { exact: true }).fill('/api/orders');
    await drawer.getByLabel('Upstream', { exact: true }).fill('http://127.0.0.1:9090');
    await drawer.getByLabel('Roles').fill('admin');
    await drawer.getByLabel('Roles').press('Enter');
    await drawer.getByText('The path must start with /.').waitFor({ state: 'detached', ...T });
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

test('an imported file with problems lists each as a sentence naming its route and field', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import routes' });
    await dialog
      .getByLabel('Route file')
      .fill(
        [
          'version: 1',
          'routes:',
          '  - name: feed',
          '    path: api/feed',
          '    upstream: http://127.0.0.1:9090',
          '    auth: public',
          '  - name: feed',
          '    path: /other',
          '    upstream: http://127.0.0.1:9090',
          '    auth: public',
          '    colour: red',
          '',
        ].join('\n'),
      );
    await dialog.getByRole('button', { name: 'Check' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('The route file has 3 problems.').waitFor(T);
    await alert.getByText('Route "feed" has an unknown key "colour" (line 11).').waitFor(T);
    await alert.getByText('The path of route "feed" must start with /.').waitFor(T);
    await alert.getByText('The name of route "feed" is a duplicate: another route has the same name.').waitFor(T);
    assert.doesNotMatch(await alert.innerText(), /#\d/, 'no route is named by a position the table never shows');
    assert.deepEqual(consoleErrors, []);
  }));
