// The Compare screen against the real local Keycloak through the Local profile: two throwaway realms,
// one with an extra realm role; the screen finds exactly that difference, shows both sides, previews the
// admin call, promotes it, and the next comparison is in sync.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openScreen, withApp } from './harness.mjs';

const T = { timeout: 20_000 };
// Creating a realm makes Keycloak write its whole configuration; on a busy two-core machine that can take long.
const SLOW = { timeout: 90_000 };

const service = (page, svc, method, ...args) =>
  page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [svc, method, args]);

async function chooseProfile(page, label, name) {
  // The previous select's dropdown may still be closing: wait until none is open, then use the new one.
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  await page.getByLabel(label).click();
  const dropdown = page.locator('.ant-select-dropdown:visible').last();
  await dropdown.getByTitle(name).first().click();
  await dropdown.waitFor({ state: 'hidden', timeout: 10_000 });
}

test('compare two realms, open a difference, promote it, and the realms are in sync', (t) =>
  withApp(t, async ({ page }) => {
    const suffix = randomBytes(4).toString('hex');
    const staging = `e2e-staging-${suffix}`;
    const prod = `e2e-prod-${suffix}`;
    try {
      await service(page, 'RealmService', 'Create', { name: staging, displayName: '', enabled: true });
      await service(page, 'RealmService', 'Create', { name: prod, displayName: '', enabled: true });
      await service(page, 'RoleService', 'Create', staging, '', {
        name: 'auditor',
        description: 'reads the audit log',
      });

      await openScreen(page, 'Compare');
      await chooseProfile(page, 'From profile', 'Local (local)');
      await page.getByLabel('From realm').fill(staging);
      await chooseProfile(page, 'To profile', 'Local (local)');
      await page.getByLabel('To realm').fill(prod);
      await page.getByRole('button', { name: 'Compare', exact: true }).click();

      const row = page.getByRole('row').filter({ hasText: 'auditor' });
      await row.waitFor(SLOW);
      assert.equal(
        await page
          .getByRole('row')
          .filter({ hasText: /added|removed|changed/ })
          .count(),
        1,
      );
      await row.getByRole('button', { name: /expand/i }).click();
      await page.getByText('reads the audit log').waitFor(T);
      await page.getByText('(absent)').waitFor(T);

      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Preview promotion (1)' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('list', { name: 'Admin calls' }).getByText(`/realms/${prod}/roles`).waitFor(T);
      await dialog.getByRole('button', { name: 'Promote' }).click();
      await page.getByText('Promotion: 1 applied, 0 failed, 0 not applied').waitFor(SLOW);

      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.getByText(`In sync: ${staging} and ${prod} have no differences.`).waitFor(SLOW);
    } finally {
      const list = await service(page, 'RealmService', 'List');
      for (const name of [staging, prod]) {
        if (list.some((r) => r.name === name)) await service(page, 'RealmService', 'Delete', name, name);
      }
    }
  }));
