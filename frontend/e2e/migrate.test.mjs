// The move from Ory against the real Go backend and Keycloak: two Oathkeeper rules converted, the
// difference shown, merged into the Local profile's routes, then the equivalence report run as alice
// and bob through the tester's proxy. The profile's routes are put back as they were at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 20_000 };

const rules = JSON.stringify(
  [
    {
      id: 'ory-feed',
      match: { url: 'http://127.0.0.1:4455/ory/feed/<**>', methods: ['GET'] },
      authenticators: [{ handler: 'jwt' }, { handler: 'anonymous' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'header', config: { headers: { 'X-User-Id': '{{ print .Subject }}' } } }],
      upstream: { url: 'http://127.0.0.1:9090' },
    },
    {
      id: 'ory-docs',
      match: { url: 'http://127.0.0.1:4455/ory/docs', methods: ['GET'] },
      authenticators: [{ handler: 'anonymous' }],
      authorizer: { handler: 'allow' },
      mutators: [{ handler: 'noop' }],
      upstream: { url: 'http://127.0.0.1:9090' },
    },
  ],
  null,
  2,
);

test('import two Oathkeeper rules into the Local profile and see what changes', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const before = (await page.evaluate(() => window.go.app.RouteService.Get())).config;
    try {
      await page.getByRole('menuitem', { name: 'From Ory' }).click();
      await page.getByRole('heading', { level: 1, name: 'From Ory' }).waitFor(T);
      await page.getByLabel('Access rules').fill(rules);
      await page.getByLabel('Issuer').fill('http://127.0.0.1:8180/realms/demo');
      await page.getByRole('button', { name: 'Convert' }).click();

      // The per-rule report and the difference, before anything is saved.
      const feedRow = page.getByRole('row').filter({ hasText: 'ory-feed' });
      await feedRow.waitFor(T);
      assert.match(await feedRow.innerText(), /imported/);
      assert.match(await feedRow.innerText(), /X-User-Id: anonymous/, 'the anonymous subject is a behaviour change');
      await page.getByText('Merging by name adds 2 routes (ory-feed, ory-docs)').waitFor(T);
      const unchanged = (await page.evaluate(() => window.go.app.RouteService.Get())).config.routes.length;
      assert.equal(unchanged, before.routes.length, 'converting saved nothing');

      await page.getByRole('button', { name: 'Import routes' }).click();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.waitForFunction(
        async () => (await window.go.app.RouteService.Get()).config.routes.some((r) => r.name === 'ory-feed'),
        null,
        T,
      );
      const after = (await page.evaluate(() => window.go.app.RouteService.Get())).config;
      assert.equal(after.routes.length, before.routes.length + 2, "merging kept the profile's own routes");
      assert.equal(after.routes.find((r) => r.name === 'ory-feed').auth, 'optional');

      // The equivalence tab opens with the Local profile's demo users filled in.
      await page.getByRole('tab', { name: 'Equivalence' }).waitFor(T);
      await page.getByLabel('User holding the roles').waitFor(T);
      await page.waitForFunction(
        () => document.querySelector('input[aria-label="User holding the roles"]')?.value === 'alice',
        null,
        T,
      );
      await page.getByRole('button', { name: 'Run equivalence report' }).click();
      const feed = page.locator('.ant-card').filter({ hasText: 'Rule ory-feed' });
      await feed.getByText('anonymous-subject').first().waitFor({ timeout: 60_000 });
      const anonymous = feed.getByRole('row').filter({ hasText: /^Anonymous\s/ });
      assert.match(await anonymous.innerText(), /HTTP 200, anonymous/);
      const alice = feed.getByRole('row').filter({ hasText: 'Valid user' }).first();
      assert.match(await alice.innerText(), /X-User-Id: [0-9a-f-]{36}/, "alice's subject reached the upstream");
      const docs = page.locator('.ant-card').filter({ hasText: 'Rule ory-docs' });
      await docs.getByText('anonymous-token').first().waitFor(T);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await page.evaluate((cfg) => window.go.app.RouteService.Save(cfg), before);
    }
    const restored = (await page.evaluate(() => window.go.app.RouteService.Get())).config;
    assert.deepEqual(
      restored.routes.map((r) => r.name),
      before.routes.map((r) => r.name),
    );
  }));

test('a dry run of Kratos identities reports each one and writes nothing', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const identities = [
      {
        id: 'e2e-kratos-1',
        schema_id: 'default',
        state: 'active',
        traits: { email: 'e2e-kratos-dora@example.com', name: { first: 'Dora', last: 'Explorer' } },
        credentials: {
          password: {
            type: 'password',
            config: { hashed_password: '$2a$10$abcdefghijklmnopqrstuuKhJ9bZxGzC8b1pB0aWmJ0iJ7h0oQy6' },
          },
        },
      },
    ];
    await page.getByRole('menuitem', { name: 'From Ory' }).click();
    await page.getByRole('tab', { name: 'Kratos identities' }).click();
    await page.getByLabel('Username').waitFor(T);
    await page.getByLabel('Identities file').setInputFiles({
      name: 'identities.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(identities)),
    });
    await page.getByText('1 identities, 1 with a password').waitFor(T);
    await page.getByLabel('Last name').fill('');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const row = page.getByRole('row').filter({ hasText: 'e2e-kratos-1' });
    await row.waitFor(T);
    const text = await row.innerText();
    assert.match(text, /would create/);
    assert.match(text, /must reset/, 'Keycloak has no bcrypt verifier');
    assert.match(text, /traits\.name\.last/, 'the unmapped last name is listed as not imported');
    const found = await page.evaluate(() =>
      window.go.app.UserService.Search('demo', { search: 'e2e-kratos-dora', first: 0, max: 5 }),
    );
    assert.equal(found.items.length, 0, 'a dry run writes nothing');
    assert.deepEqual(consoleErrors, []);
  }));
