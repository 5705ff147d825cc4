// The Users screens against the real local Keycloak, through the Local profile the app creates on its
// first run (realm demo): find alice, edit her, reset her password, assign her a role, and plan a CSV
// import. Everything changed on alice is put back afterwards, because other tests use her too.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openScreen, withApp } from './harness.mjs';

const T = { timeout: 20_000 };

/** Calls a bound UserService method straight through the Wails IPC. */
const users = (page, method, ...args) => page.evaluate(([m, a]) => window.go.app.UserService[m](...a), [method, args]);

test('search alice, edit her, reset her password, assign a role, plan a CSV import', (t) =>
  withApp(t, async ({ page }) => {
    await openScreen(page, 'Users');

    // Server-side search: alice is found in the profile's default realm (demo).
    await page.getByRole('searchbox', { name: 'Search username, email, first or last name' }).fill('alice');
    await page.getByRole('link', { name: 'alice', exact: true }).waitFor(T);
    await page.getByText('1–1 of 1').waitFor(T);

    const [alice] = (await users(page, 'Search', 'demo', { search: 'alice', exact: true, first: 0, max: 5 })).items;
    const originalFirstName = alice.firstName;
    const newFirstName = `Alice-${randomBytes(3).toString('hex')}`;
    let assignedClientRole;
    try {
      await page.getByRole('link', { name: 'alice', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'alice' }).waitFor(T);
      assert.match(page.url(), new RegExp(`#/users/demo/${alice.id}/details$`));

      // Edit the first name.
      const firstName = page.getByLabel('First name');
      await firstName.fill(newFirstName);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('User “alice” saved').waitFor(T);
      assert.equal((await users(page, 'Get', 'demo', alice.id)).firstName, newFirstName);

      // Reset the password (to the same one, so logging in as alice keeps working).
      await page.getByRole('tab', { name: 'Credentials' }).click();
      await page.getByRole('button', { name: 'Reset password' }).click();
      const reset = page.getByRole('dialog', { name: 'Reset password' });
      await reset.getByLabel('New password').fill('alice');
      await reset.getByLabel('Repeat password').fill('alice');
      await reset.getByRole('switch', { name: 'Temporary' }).click(); // off: alice must not be asked to change it
      await reset.getByRole('button', { name: 'Set password' }).click();
      await page.getByText('Password set', { exact: true }).waitFor(T);
      const creds = await users(page, 'Credentials', 'demo', alice.id);
      assert.equal(creds.filter((c) => c.type === 'password').length, 1, 'one password credential');
      assert.ok(Date.now() - creds.find((c) => c.type === 'password').createdAt < 120_000, 'the password was just set');
      assert.ok(!(await users(page, 'Get', 'demo', alice.id)).requiredActions.includes('UPDATE_PASSWORD'));

      // Assign a client role: it leaves alice's realm roles (which other tests check) alone.
      await page.getByRole('tab', { name: 'Roles' }).click();
      await page.getByRole('button', { name: 'Assign role' }).click();
      const assign = page.getByRole('dialog', { name: 'Assign roles' });
      await assign.getByRole('combobox', { name: 'Roles to assign' }).fill('view-applications');
      // antd renders the visible options outside the a11y tree (which gets hidden stand-ins).
      await page.locator('.ant-select-item-option', { hasText: 'account: view-applications' }).click();
      await assign.getByText('Assign roles', { exact: true }).click(); // closes the dropdown
      await assign.getByRole('button', { name: 'Assign' }).click();
      assignedClientRole = 'view-applications';
      await page.getByText('Role “account view-applications” assigned').waitFor(T);
      await page.getByRole('button', { name: 'Remove role account view-applications' }).waitFor(T);
      const roles = await users(page, 'Roles', 'demo', alice.id);
      assert.ok(roles.client.some((r) => r.clientId === 'account' && r.name === 'view-applications'));

      // The Sessions tab says plainly that access tokens outlive a sign-out.
      await page.getByRole('tab', { name: 'Sessions' }).click();
      await page.getByText(/access tokens already issued stay valid until they expire: up to \d+ minute/).waitFor(T);
    } finally {
      if (assignedClientRole) {
        const roles = await users(page, 'Roles', 'demo', alice.id);
        const role = roles.client.find((r) => r.name === assignedClientRole);
        if (role) await users(page, 'RemoveClientRoles', 'demo', alice.id, role.clientUuid, [role.name]);
      }
      const current = await users(page, 'Get', 'demo', alice.id);
      if (current.firstName !== originalFirstName) {
        await users(page, 'Update', 'demo', alice.id, { ...current, firstName: originalFirstName, attributes: null });
      }
    }

    // CSV import, dry run only: every row gets a verdict and nothing is written.
    await page.goto(page.url().replace(/#.*$/, '#/users-import?realm=demo'));
    await page.getByRole('heading', { level: 1, name: 'Import users' }).waitFor(T);
    const newcomer = `e2e-${randomBytes(4).toString('hex')}`;
    const csv =
      'username,email,first name,last name,enabled,groups,realm roles,temporary password\n' +
      `${newcomer},${newcomer}@example.com,New,Comer,yes,staff,user,Start-123\n` +
      'alice,alice@example.com,,,,,,\n' +
      'broken,not-an-email,,,,,,\n' +
      'ghost,ghost@example.com,,,,no-such-group,,\n';
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'File: users.csv' }).waitFor(T);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run: nothing has been written yet').waitFor(T);
    const row = (name) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await row(newcomer).getByText('create', { exact: true }).waitFor(T);
    await row('alice').getByText('already up to date').waitFor(T);
    await row('broken')
      .getByText(/invalid email/)
      .waitFor(T);
    await row('ghost').getByText('missing group /no-such-group').waitFor(T);
    const found = await users(page, 'Search', 'demo', { search: newcomer, exact: true, first: 0, max: 5 });
    assert.equal(found.items.length, 0, 'the dry run created nobody');
  }));

test('the realm picker sits at the top right; a user without attributes says so', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const heading = await openScreen(page, 'Users');
    const picker = page.getByLabel('Realm', { exact: true });
    await picker.waitFor(T);
    const [h, p] = [await heading.boundingBox(), await picker.boundingBox()];
    assert.ok(
      p.y < h.y + h.height && p.x > h.x + h.width,
      `picker at ${JSON.stringify(p)}, heading at ${JSON.stringify(h)}`,
    );

    // bob of the demo realm has no attributes.
    const [bob] = (await users(page, 'Search', 'demo', { search: 'bob', exact: true, first: 0, max: 5 })).items;
    assert.deepEqual(Object.keys(bob.attributes ?? {}), [], 'the demo user bob has no attributes');
    await page.goto(page.url().replace(/#.*$/, `#/users/demo/${bob.id}/attributes`));
    await page.getByRole('heading', { level: 1, name: 'bob' }).waitFor(T);
    await page.getByText('No attributes. Add one to store custom data on this user (e.g. department).').waitFor(T);
    assert.deepEqual(consoleErrors, []);
  }));

test('a Keycloak that is not there gives one clear sentence, not a hang', (t) =>
  withApp(t, async ({ page }) => {
    // The Local profile, pointed at an address where nothing answers.
    const dead = await page.evaluate(async () => {
      const local = await window.go.app.ProfileService.Active();
      const fields = { name: 'Nowhere', kind: 'dev', color: '', keycloakUrl: 'http://127.0.0.1:1', secret: 'admin' };
      return window.go.app.ProfileService.Create({ ...local, ...fields });
    });
    await page.evaluate((id) => window.go.app.ProfileService.Switch(id), dead.id);
    await openScreen(page, 'Users');
    const alert = page.getByRole('alert');
    await alert.getByText('Keycloak at http://127.0.0.1:1 is not reachable: is it running?').waitFor(T);
    await alert.getByRole('button', { name: 'Retry' }).waitFor(T);
  }));

test('an attribute query combines with one name field, never with a search of all of them', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    // Keycloak would ignore the attribute query next to a search of all name fields: refused, with the reason.
    await assert.rejects(
      users(page, 'Search', 'demo', { search: 'alice', attributes: 'department:engineering', first: 0, max: 5 }),
      /cannot be combined with an attribute query/,
    );

    await openScreen(page, 'Users');
    await page.getByRole('searchbox', { name: 'Search username, email, first or last name' }).fill('alice');
    await page.getByRole('link', { name: 'alice', exact: true }).waitFor(T);
    const attributes = page.getByRole('searchbox', { name: 'Attribute query' });
    await attributes.fill('department:engineering');
    await attributes.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'search one field' }).waitFor(T);
    assert.equal(await page.getByRole('link', { name: 'alice', exact: true }).count(), 0, 'no wrong answer shown');

    // Searched in the username only, the attribute query applies: alice has no department.
    await page.getByRole('combobox', { name: 'Search in' }).click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^Username$/ })
      .click();
    await page.getByText('Nothing matches “alice”.').waitFor(T);
    assert.equal(await page.getByRole('alert').count(), 0, 'the refusal is gone');
    assert.deepEqual(consoleErrors, []);
  }));

test('bulk: select two users, disable them, delete them after typing the count; a suffix search shows who contains it', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const tag = `e2e-bulk-${randomBytes(3).toString('hex')}`;
    const ids = [];
    for (const n of ['a', 'b']) {
      const user = { username: `${tag}-${n}`, email: `${tag}-${n}@bulk.example.org`, firstName: '', lastName: '' };
      ids.push(
        await users(page, 'Create', 'demo', {
          user: { ...user, enabled: true, emailVerified: false, attributes: {}, requiredActions: [] },
          password: '',
          temporaryPassword: false,
          groups: [],
        }),
      );
    }
    try {
      await openScreen(page, 'Users');
      const search = page.getByRole('searchbox', { name: 'Search username, email, first or last name' });

      // "bulk.example.org" starts no username or email: the screen shows who contains it, and says so.
      await search.fill('bulk.example.org');
      await page
        .getByText('No user starts with “bulk.example.org”; showing users containing “bulk.example.org”.')
        .waitFor(T);
      await page.getByRole('link', { name: `${tag}-a`, exact: true }).waitFor(T);

      await search.fill(tag);
      for (const n of ['a', 'b']) {
        const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `${tag}-${n}`, exact: true }) });
        await row.getByRole('checkbox').check();
      }
      await page.getByText('2 users selected').waitFor(T);
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      const result = page.getByRole('dialog').filter({ hasText: 'Result: 2 disabled' });
      await result.waitFor(T);
      assert.equal(
        await result.getByRole('table', { name: 'Bulk action results' }).getByText('ok', { exact: true }).count(),
        2,
      );
      await result.getByRole('button', { name: 'Close' }).last().click();
      for (const id of ids) assert.equal((await users(page, 'Get', 'demo', id)).enabled, false, 'disabled');

      // Delete needs the number of users typed.
      for (const n of ['a', 'b']) {
        const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `${tag}-${n}`, exact: true }) });
        await row.getByRole('checkbox').check();
      }
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete 2 users' });
      await confirm.getByRole('textbox').fill('2');
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').filter({ hasText: 'Result: 2 deleted' }).waitFor(T);
      const left = await users(page, 'Search', 'demo', { search: tag, first: 0, max: 5 });
      assert.equal(left.items.length, 0, 'both users deleted');
    } finally {
      for (const id of ids) await users(page, 'Delete', 'demo', id).catch(() => {});
    }
    assert.deepEqual(consoleErrors, []);
  }));
