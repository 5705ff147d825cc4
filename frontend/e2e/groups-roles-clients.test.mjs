// Groups, roles and clients against the real local Keycloak, through the Local profile the app creates
// on its first run (realm demo): create a role, create a group, add bob and give the group the role,
// create a confidential client and regenerate its secret. Everything created has a throwaway name and
// is deleted afterwards, whatever happened.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openScreen, withApp } from './harness.mjs';

const T = { timeout: 20_000 };
const REALM = 'demo';

/** Calls a bound service method straight through the Wails IPC. */
const bound = (page, service, method, ...args) =>
  page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args]);

test('create a role, a group holding it with bob, and a confidential client with a new secret', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const suffix = randomBytes(3).toString('hex');
    const roleName = `e2e-role-${suffix}`;
    const groupName = `e2e-group-${suffix}`;
    const clientId = `e2e-client-${suffix}`;
    let groupId;
    let clientUuid;
    try {
      // Roles: create a realm role from the table's Create button.
      await openScreen(page, 'Roles');
      await page.getByRole('button', { name: 'Create role' }).click();
      const create = page.getByRole('dialog', { name: 'Create a realm role' });
      await create.getByLabel('Role name').fill(roleName);
      await create.getByLabel('Role description').fill('Made by the e2e test');
      await create.getByRole('button', { name: 'Create' }).click();
      await page.getByText(`Realm role ${roleName} created`).waitFor(T);
      // The new role's drawer opens on its details.
      await page.getByRole('dialog', { name: roleName }).waitFor(T);
      const role = await bound(page, 'RoleService', 'Get', REALM, '', roleName);
      assert.equal(role.description, 'Made by the e2e test');
      await page.getByRole('dialog', { name: roleName }).getByRole('button', { name: 'Close' }).click();

      // Groups: create a top-level group, add bob, assign the role.
      await openScreen(page, 'Groups');
      await page.getByRole('button', { name: 'Create group' }).click();
      const newGroup = page.getByRole('dialog', { name: 'Create top-level group' });
      await newGroup.getByLabel('Group name').fill(groupName);
      await newGroup.getByRole('button', { name: 'Create' }).click();
      await page.getByText(`Group /${groupName} created`).waitFor(T);
      groupId = new URL(page.url().replace('#', '')).searchParams.get('group');
      assert.ok(groupId, `the new group is selected in the URL: ${page.url()}`);
      await page.getByRole('tree', { name: 'Groups' }).getByText(groupName, { exact: true }).waitFor(T);

      await page.getByRole('button', { name: 'Add member' }).click();
      const add = page.getByRole('dialog', { name: `Add members to /${groupName}` });
      await add.getByRole('combobox', { name: 'Users to add' }).fill('bob');
      await page.locator('.ant-select-item-option', { hasText: 'bob (bob@example.com)' }).click();
      await add.getByText(`Add members to /${groupName}`, { exact: true }).click(); // closes the dropdown
      await add.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText(`Member added to /${groupName}`).waitFor(T);
      await page.getByRole('link', { name: 'bob', exact: true }).waitFor(T);
      const members = await bound(page, 'GroupService', 'Members', REALM, groupId, 0, 10);
      assert.deepEqual(
        members.items.map((u) => u.username),
        ['bob'],
      );

      await page.getByRole('tab', { name: 'Role mappings' }).click();
      await page.getByRole('button', { name: 'Assign role' }).click();
      const assign = page.getByRole('dialog', { name: 'Assign roles' });
      await assign.getByRole('combobox', { name: 'Roles to assign' }).fill(roleName);
      await page.locator('.ant-select-item-option', { hasText: roleName }).click();
      await assign.getByText('Assign roles', { exact: true }).click();
      await assign.getByRole('button', { name: 'Assign', exact: true }).click();
      await page.getByText(`Role “${roleName}” assigned`).waitFor(T);
      await page.getByRole('button', { name: `Remove role ${roleName}` }).waitFor(T);
      // bob now holds the role through the group: "who can reach" sees it.
      const reach = await bound(page, 'RoleService', 'UsersWithAnyRole', REALM, [roleName], 0, 10);
      assert.deepEqual(
        reach.items.map((u) => [u.username, u.via]),
        [['bob', `group /${groupName} (role ${roleName})`]],
      );

      // Clients: the wizard creates a confidential client and shows its secret once.
      await openScreen(page, 'Clients');
      await page.getByRole('button', { name: 'Create client' }).click();
      const wizard = page.getByRole('dialog', { name: 'Create client' });
      await wizard.getByLabel('Client ID').fill(clientId);
      await wizard.getByRole('button', { name: 'Next' }).click();
      await wizard.getByRole('radio', { name: /Confidential/ }).check();
      await wizard.getByRole('button', { name: 'Next' }).click();
      await wizard.getByLabel('Redirect URIs').fill('http://127.0.0.1:4000/*');
      await wizard.getByRole('button', { name: 'Create' }).click();
      await wizard.getByText(`Client ${clientId} created`).waitFor(T);
      const shown = await wizard.getByLabel('Client secret').inputValue();
      const created = (await bound(page, 'ClientService', 'List', REALM, clientId, 0, 5)).items.find(
        (c) => c.clientId === clientId,
      );
      clientUuid = created.id;
      assert.equal(created.public, false);
      assert.equal(created.serviceAccount, true);
      assert.equal(
        shown,
        await bound(page, 'ClientService', 'Secret', REALM, clientUuid),
        'the wizard shows the real secret',
      );

      await wizard.getByRole('button', { name: 'Open client' }).click();
      await page.getByRole('heading', { level: 1, name: clientId }).waitFor(T);
      await page.getByRole('tab', { name: 'Credentials' }).click();
      await page.getByRole('button', { name: 'Regenerate secret' }).click();
      const confirm = page.getByRole('dialog', { name: `Regenerate the secret of “${clientId}”?` });
      const ok = confirm.getByRole('button', { name: 'Regenerate' });
      assert.equal(await ok.isDisabled(), true, 'disabled until the client id is typed');
      await confirm.getByLabel(/Type .* to confirm/).fill(clientId);
      await ok.click();
      await page.getByText(`New secret for ${clientId}`).waitFor(T);
      const fresh = await bound(page, 'ClientService', 'Secret', REALM, clientUuid);
      assert.notEqual(fresh, shown, 'the secret changed');
      assert.equal(
        await page.getByLabel('Client secret').inputValue(),
        '•'.repeat(Math.min(fresh.length, 32)),
        'masked until shown',
      );
      await page.getByRole('button', { name: 'Show secret' }).click();
      assert.equal(await page.getByLabel('Client secret').inputValue(), fresh);

      const uncaught = consoleErrors.filter((e) => e.startsWith('uncaught:'));
      assert.deepEqual(uncaught, [], 'no uncaught errors');
    } finally {
      if (clientUuid) await bound(page, 'ClientService', 'Delete', REALM, clientUuid, clientId).catch(() => undefined);
      if (groupId) await bound(page, 'GroupService', 'Delete', REALM, groupId, groupName).catch(() => undefined);
      await bound(page, 'RoleService', 'Delete', REALM, '', roleName, roleName).catch(() => undefined);
    }
    // The clean-up really happened.
    await assert.rejects(bound(page, 'RoleService', 'Get', REALM, '', roleName), /not_found/);
    if (groupId) await assert.rejects(bound(page, 'GroupService', 'Get', REALM, groupId), /not_found/);
    if (clientUuid) await assert.rejects(bound(page, 'ClientService', 'Get', REALM, clientUuid), /not_found/);
  }));
