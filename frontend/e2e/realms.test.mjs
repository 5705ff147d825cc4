// The Realms screens against the real local Keycloak through the Local profile: the list shows demo,
// and a throwaway realm is created, edited and deleted with its typed confirmation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openScreen, withApp } from './harness.mjs';

const T = { timeout: 20_000 };
// Creating and deleting a realm makes Keycloak write its whole configuration; on a busy
// two-core machine that alone can take tens of seconds.
const SLOW = { timeout: 90_000 };

const realms = (page, method, ...args) =>
  page.evaluate(([m, a]) => window.go.app.RealmService[m](...a), [method, args]);

test('list realms, create one, edit its settings, delete it', (t) =>
  withApp(t, async ({ page }) => {
    await openScreen(page, 'Realms');
    await page.getByRole('link', { name: 'demo', exact: true }).waitFor(T);

    const name = `e2e-${randomBytes(4).toString('hex')}`;
    try {
      await page.getByRole('button', { name: 'Create realm' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create realm' });
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      await dialog.getByLabel('Display name').fill('End to end');
      await dialog.getByRole('button', { name: 'Create' }).click();

      // Creating opens the new realm's settings.
      await page.getByRole('heading', { level: 1, name: `Realm ${name}` }).waitFor(SLOW);
      await page.getByLabel('Display name').fill('Edited by e2e');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Settings of “${name}” saved`).waitFor(T);
      // Lifespans and brute-force detection have tabs of their own.
      await page.getByRole('tab', { name: 'Tokens and sessions' }).click();
      await page.getByLabel('Access token lifespan').fill('7');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Tokens and sessions saved').waitFor(T);
      await page.getByRole('tab', { name: 'Brute force' }).click();
      await page.getByRole('switch', { name: 'Enabled' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Brute-force detection saved').waitFor(T);
      const saved = await realms(page, 'Get', name);
      assert.equal(saved.settings.displayName, 'Edited by e2e');
      assert.equal(saved.settings.accessTokenLifespan, 7 * 60);
      assert.equal(saved.settings.bruteForceProtected, true);

      // Delete: the button stays disabled until the name is typed exactly.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: `Delete realm “${name}”?` });
      await confirm.getByRole('textbox').fill(name.slice(0, -1));
      assert.equal(await confirm.getByRole('button', { name: 'Delete' }).isDisabled(), true);
      await confirm.getByRole('textbox').fill(name);
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('heading', { level: 1, name: 'Realms' }).waitFor(SLOW);
      await page.getByRole('link', { name: 'demo', exact: true }).waitFor(T);
      assert.equal(await page.getByRole('link', { name, exact: true }).count(), 0);
    } finally {
      const list = await realms(page, 'List');
      if (list.some((r) => r.name === name)) await realms(page, 'Delete', name, name);
    }
  }));
