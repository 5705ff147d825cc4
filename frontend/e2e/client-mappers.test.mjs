// Client scopes and mappers against the real local Keycloak: in a throwaway realm, add an audience
// mapper to a client from its Scopes and claims tab and see it listed, with the claim it adds.
// The realm is deleted afterwards, whatever happened.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 20_000 };

/** Calls a bound service method straight through the Wails IPC. */
const bound = (page, service, method, ...args) =>
  page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args]);

test('add an audience mapper to a client and see it listed', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const realm = `e2e-mappers-${randomBytes(3).toString('hex')}`;
    await bound(page, 'RealmService', 'Create', { name: realm, displayName: '', enabled: true });
    try {
      const client = await bound(page, 'ClientService', 'Create', realm, {
        clientId: 'web',
        enabled: true,
        public: true,
        directAccessGrants: true,
        redirectUris: [],
        webOrigins: [],
      });
      await page.goto(new URL(`#/clients/${realm}/${client.id}/scopes`, page.url()).href);
      const own = page.getByRole('table', { name: 'Own mappers' });
      await own.getByText('No mappers of its own').waitFor(T);

      await page.getByRole('button', { name: 'Add mapper' }).click();
      await page.getByRole('menuitem', { name: 'Audience', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Add Audience mapper to web' });
      await dialog.getByLabel('Mapper name').fill('orders audience');
      await dialog.getByLabel('Included custom audience').fill('orders-api');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('Mapper “orders audience” added').waitFor(T);

      const row = own.getByRole('row').filter({ hasText: 'orders audience' });
      await row.waitFor(T);
      assert.match(await row.innerText(), /Audience/);
      const mappers = await bound(page, 'ClientService', 'OwnMappers', realm, client.id);
      assert.deepEqual(
        mappers.map((m) => [m.name, m.mapper, m.config['included.custom.audience'], m.accessToken]),
        [['orders audience', 'oidc-audience-mapper', 'orders-api', true]],
      );
      // The summary of claims lists it as the client's own.
      const claims = page.getByRole('table').filter({ hasText: 'orders audience' }).last();
      assert.match(await claims.innerText(), /aud/);

      const uncaught = consoleErrors.filter((e) => e.startsWith('uncaught:'));
      assert.deepEqual(uncaught, [], 'no uncaught errors');
    } finally {
      await bound(page, 'RealmService', 'Delete', realm, realm).catch(() => undefined);
    }
    const left = await bound(page, 'RealmService', 'List');
    assert.equal(
      left.some((r) => r.name === realm),
      false,
      'the throwaway realm is gone',
    );
  }));
