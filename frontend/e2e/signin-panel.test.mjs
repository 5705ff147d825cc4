// The Proxy screen's Browser sign-in panel against the real Go backend and the real Keycloak: the Local
// profile signs in with the demo client; the first start makes the profile's cookie key; a browser signed in
// through the proxy stays signed in after "Rotate key" (the old key still opens its cookie) and is signed out
// by "Drop old keys".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 20_000 };

test('sign-in panel: keys made on start, a session survives rotation and ends when old keys are dropped', (t) =>
  withApp(t, async ({ page, browser }) => {
    await page.getByRole('menuitem', { name: 'Proxy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Proxy' }).waitFor(T);
    const panel = page.locator('.ant-card').filter({ hasText: 'Browser sign-in' });
    await panel.getByLabel('Sign-in status').getByText('enabled').waitFor(T);
    assert.match(await panel.getByLabel('Client secret source').innerText(), /demo client's fixed secret/);
    assert.match(await panel.getByLabel('Cookie keys').innerText(), /none yet/);

    await page.getByLabel('Listen address').fill('127.0.0.1:0');
    await page.getByRole('button', { name: 'Start' }).click();
    const listening = page.getByLabel('Proxy state').getByText(/^listening on 127\.0\.0\.1:\d+$/);
    await listening.waitFor(T);
    const base = `http://${(await listening.innerText()).replace('listening on ', '')}`;
    await panel.getByLabel('Cookie keys').getByText('1 kept with this profile').waitFor(T);

    // A browser of its own signs in through the proxy and Keycloak's login page.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${base}/_tandem/auth/login?rd=/_tandem/auth/me`);
    await visitor.locator('#username').fill('alice');
    await visitor.locator('#password').fill('alice');
    await visitor.locator('#kc-login').click();
    await visitor.waitForURL(`${base}/_tandem/auth/me`, T);
    const me = async () => {
      const r = await visitor.request.get(`${base}/_tandem/auth/me`);
      return r.status() === 200 ? (await r.json()).name : r.status();
    };
    assert.equal(await me(), 'alice');

    const confirm = (title) =>
      page.locator('.ant-popconfirm').filter({ hasText: title }).getByRole('button', { name: 'OK' }).click();
    await panel.getByRole('button', { name: 'Rotate key' }).click();
    await confirm('Rotate the cookie key?');
    await panel.getByLabel('Cookie keys').getByText('2 kept with this profile').waitFor(T);
    assert.equal(await me(), 'alice', 'the session sealed with the old key still opens after a rotation');

    await panel.getByRole('button', { name: 'Drop old keys' }).click();
    await confirm('Drop the old cookie keys?');
    await panel.getByLabel('Cookie keys').getByText('1 kept with this profile').waitFor(T);
    assert.equal(await me(), 401, 'a session sealed with a dropped key no longer opens');

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByLabel('Proxy state').getByText('stopped').waitFor(T);
  }));
