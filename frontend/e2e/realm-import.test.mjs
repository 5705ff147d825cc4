// Realm file import against the real local Keycloak: a file goes into a throwaway realm through the
// Realms screen's import dialog with "skip what exists"; the report names the user Keycloak refused,
// and the file's identity provider shows on the Identity providers screen with its secret as "set".
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 20_000 };
// Creating and deleting a realm makes Keycloak write its whole configuration.
const SLOW = { timeout: 90_000 };

const realms = (page, method, ...args) =>
  page.evaluate(([m, a]) => window.go.app.RealmService[m](...a), [method, args]);

const file = JSON.stringify({
  realm: 'elsewhere',
  users: [
    { username: 'e2e-ann', enabled: true },
    { username: 'e2e-ghost', groups: ['/no-such-group'] },
  ],
  identityProviders: [
    {
      alias: 'corp',
      providerId: 'oidc',
      enabled: true,
      config: {
        clientId: 'tandem',
        clientSecret: 's3cret',
        authorizationUrl: 'https://idp.example/auth',
        tokenUrl: 'https://idp.example/token',
      },
    },
  ],
});

test('import a realm file into a realm, see the per-entity report and the imported provider', (t) =>
  withApp(t, async ({ page }) => {
    const name = `e2e-${randomBytes(4).toString('hex')}`;
    await realms(page, 'Create', { name, displayName: '', enabled: true });
    try {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('menuitem', { name: 'Realms', exact: true })
        .click();
      await page.getByRole('link', { name, exact: true }).waitFor(T);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Import a realm file' });
      await dialog
        .getByLabel('Realm file')
        .setInputFiles({ name: 'realm.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await dialog.getByText('Realm in the file').waitFor(T);

      await dialog.getByRole('radio', { name: 'Into an existing realm (partial import)' }).check();
      await dialog.getByRole('combobox', { name: 'Target realm' }).click();
      await page.locator(`.ant-select-item-option[title="${name}"]`).click();
      await dialog.getByRole('radio', { name: 'Skip what exists' }).check();
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();

      const report = dialog.getByRole('table');
      await dialog.getByText('2 added · 0 overwritten · 0 skipped · 1 failed').waitFor(SLOW);
      const ghost = report.getByRole('row').filter({ hasText: 'e2e-ghost' });
      await ghost.getByText('FAILED', { exact: true }).waitFor(T);
      assert.match(await ghost.innerText(), /server log/);
      await report.getByRole('row').filter({ hasText: 'e2e-ann' }).getByText('ADDED', { exact: true }).waitFor(T);
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();

      await page.goto(new URL(`#/identity-providers?realm=${name}`, page.url()).toString());
      const row = page.getByRole('table', { name: 'Identity providers' }).getByRole('row').filter({ hasText: 'corp' });
      await row.waitFor(T);
      assert.match(await row.innerText(), /\bset\b/);
      assert.doesNotMatch(await page.content(), /s3cret/);
    } finally {
      await realms(page, 'Delete', name, name);
    }
  }));
