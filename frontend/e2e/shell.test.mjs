// The console frame against the real Go backend: every screen in the menu opens, and the About panel
// shows the version the binary itself reports.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { binaryVersion, withApp } from './harness.mjs';

const SCREENS = ['Profiles', 'Realms', 'Users', 'Groups', 'Roles', 'Clients', 'Routes', 'Proxy', 'Tester'];

test('every screen in the menu opens with its heading', (t) =>
  withApp(t, async ({ page, consoleErrors }) => {
    const menu = page.getByRole('navigation', { name: 'Screens' });
    for (const screen of SCREENS) {
      await menu.getByRole('menuitem', { name: screen, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: screen, exact: true }).waitFor({ timeout: 15_000 });
    }
    const uncaught = consoleErrors.filter((e) => e.startsWith('uncaught:'));
    assert.deepEqual(uncaught, [], 'no uncaught errors while moving through the screens');
  }));

test('the About panel shows the version the binary reports', (t) =>
  withApp(t, async ({ page, app }) => {
    const version = binaryVersion();
    assert.match(version, /^\d+\.\d+\.\d+/, `binary -version printed a version: ${version}`);

    // The binding itself, straight through the Wails IPC.
    const about = await page.evaluate(() => window.go.app.SystemService.About());
    assert.equal(about.version, version);
    assert.equal(about.dataDir, dirname(app.dbPath), 'the app uses the database the harness gave it');

    await page.getByRole('button', { name: 'About', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'About Tandem' });
    await dialog.getByText(version, { exact: true }).waitFor({ timeout: 15_000 });
    await dialog.getByText(about.goVersion, { exact: true }).waitFor();
  }));
