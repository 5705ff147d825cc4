// Profiles against the real Go backend: the first run's Local profile, creating a profile through the
// form (Go's validation messages land on the fields), switching the active profile from the header, and
// deleting with typed confirmation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 15_000 };

test('first run, create with validation, switch from the header, delete with confirmation', (t) =>
  withApp(
    t,
    async ({ page, consoleErrors }) => {
      const header = page.getByRole('banner');
      const switcher = header.getByTestId('active-profile');

      // First run: the Local profile exists and is active.
      await page.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor(T);
      await page.getByRole('cell', { name: 'Local', exact: false }).first().waitFor(T);
      await header.getByRole('button', { name: /Active profile: Local/ }).waitFor(T);

      // Create "Staging": first with missing values, so Go's messages appear under the fields.
      await page.getByRole('button', { name: 'New profile' }).click();
      const drawer = page.getByRole('dialog', { name: 'New profile' });
      await drawer.waitFor(T);
      await drawer.getByLabel('Name', { exact: true }).fill('Staging');
      await drawer.getByRole('button', { name: 'Create profile' }).click();
      await drawer.getByText(/^Is required, e\.g\. http/).waitFor(T);
      await drawer.getByText(/^The password is required/).waitFor(T);
      await drawer.getByText(/^Is required when logging in with a password/).waitFor(T);

      await drawer.getByLabel('Environment').click();
      await page.locator('.ant-select-item-option[title="staging"]').click();
      await drawer.getByLabel('Keycloak URL').fill('http://127.0.0.1:8180');
      await drawer.getByLabel('Username', { exact: true }).fill('admin');
      await drawer.getByLabel('Password', { exact: true }).fill('admin');
      await drawer.getByRole('button', { name: 'Create profile' }).click();
      await drawer.waitFor({ state: 'hidden', ...T });
      const stagingRow = page.getByRole('row').filter({ hasText: 'Staging' });
      await stagingRow.waitFor(T);
      assert.match(await stagingRow.innerText(), /staging/);
      assert.match(await stagingRow.innerText(), /Encrypted file|OS keychain/);

      // Switch to it from the header: the header changes.
      await switcher.click();
      await page.getByRole('menuitem').filter({ hasText: 'Staging' }).click();
      await header.getByRole('button', { name: /Active profile: Staging/ }).waitFor(T);
      const stored = await page.evaluate(() => window.go.app.ProfileService.Active());
      assert.equal(stored.name, 'Staging', 'the Go session switched too');

      // Delete it: the button stays disabled until the exact name is typed.
      await page.getByRole('button', { name: 'Delete Staging' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete profile “Staging”/ });
      await confirm.waitFor(T);
      const del = confirm.getByRole('button', { name: 'Delete' });
      assert.equal(await del.isDisabled(), true, 'Delete is disabled before the name is typed');
      await confirm.getByRole('textbox').fill('Stag');
      assert.equal(await del.isDisabled(), true, 'a partial name does not enable Delete');
      await confirm.getByRole('textbox').fill('Staging');
      await del.click();
      await confirm.waitFor({ state: 'hidden', ...T });
      await stagingRow.waitFor({ state: 'detached', ...T });
      // The active profile was deleted: the app moved to the remaining one.
      await header.getByRole('button', { name: /Active profile: Local/ }).waitFor(T);

      const uncaught = consoleErrors.filter((e) => e.startsWith('uncaught:'));
      assert.deepEqual(uncaught, [], 'no uncaught errors');
    },
    { env: { TANDEM_SECRET_STORE: 'file' } },
  ));
