// Events and keys against the real local Keycloak, in a throwaway realm: login events are turned on
// from the Events screen, a wrong password is sent to the token endpoint, and the failure shows on the
// Events screen and on the user's Timeline tab with Keycloak's reason; the Keys tab adds a signing key.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 20_000 };
const KEYCLOAK = process.env.TANDEM_KEYCLOAK_URL || 'http://127.0.0.1:8180';

const bound = (page, service, method, ...args) =>
  page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args]);

test('a wrong password shows as LOGIN_ERROR on the Events screen and the user timeline', (t) =>
  withApp(t, async ({ page }) => {
    const realm = `e2e-events-${randomBytes(4).toString('hex')}`;
    await bound(page, 'RealmService', 'Create', { name: realm, displayName: '', enabled: true });
    try {
      await bound(page, 'ClientService', 'Create', realm, {
        clientId: 'cli',
        name: '',
        description: '',
        enabled: true,
        public: true,
        rootUrl: '',
        redirectUris: [],
        webOrigins: [],
        standardFlow: false,
        directAccessGrants: true,
        serviceAccount: false,
      });
      const id = await bound(page, 'UserService', 'Create', realm, {
        user: {
          username: 'bob',
          email: 'bob@example.com',
          firstName: 'Bob',
          lastName: 'B',
          enabled: true,
          emailVerified: true,
          attributes: {},
          requiredActions: [],
        },
        password: 'bob-password',
        temporaryPassword: false,
      });

      // Turn login events on from the Settings tab.
      await page.goto(new URL(`#/events?realm=${realm}&tab=settings`, page.url()).href);
      await page.getByRole('switch', { name: 'Save login events' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Events settings of “${realm}” saved`).waitFor(T);
      assert.equal((await bound(page, 'RealmEventService', 'Config', realm)).eventsEnabled, true);

      const resp = await fetch(`${KEYCLOAK}/realms/${realm}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'cli', username: 'bob', password: 'wrong' }),
      });
      // Keycloak refuses a wrong password with 401 up to 26.5 and with 400 invalid_grant from 26.6 on.
      assert.ok([400, 401].includes(resp.status), `token status ${resp.status}`);
      assert.equal((await resp.json()).error, 'invalid_grant');

      // The Events screen lists it, its reason in red.
      await page.getByRole('tab', { name: 'Login events' }).click();
      await page.getByRole('cell', { name: 'LOGIN_ERROR' }).waitFor(T);
      await page.getByText('invalid_user_credentials').waitFor(T);

      // So does bob's timeline, as a Keycloak entry.
      await page.goto(new URL(`#/users/${realm}/${id}/timeline`, page.url()).href);
      await page.getByRole('heading', { level: 1, name: 'bob' }).waitFor(T);
      const row = page.getByRole('row').filter({ hasText: 'LOGIN_ERROR' });
      await row.getByText('invalid_user_credentials').waitFor(T);
      await row.getByText('Keycloak', { exact: true }).waitFor(T);

      // The realm's Keys tab adds a signing key: the new RS256 key signs, the old one stays active.
      await page.goto(new URL(`#/realms/${realm}?tab=keys`, page.url()).href);
      await page.getByText('Rotate the signing key').waitFor(T);
      await page.getByRole('button', { name: 'Add a signing key' }).click();
      await page.getByText('RSA key added: it signs new tokens').waitFor(T);
      const keys = await bound(page, 'KeyService', 'Keys', realm);
      const rs256 = keys.realm.keys.filter((k) => k.algorithm === 'RS256');
      assert.equal(rs256.length, 2);
      assert.equal(rs256.find((k) => k.signing)?.priority, 200);
    } finally {
      await page.evaluate((r) => window.go.app.RealmService.Delete(r, r), realm).catch(() => {});
    }
  }));
