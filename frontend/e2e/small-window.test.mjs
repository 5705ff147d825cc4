// The console at 1024x700, the smallest window it promises to work in: the Tester's answer is in
// view after Send, and the Profiles table keeps a name on one line and shows enough of the URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './harness.mjs';

const T = { timeout: 30_000 };
const viewport = { width: 1024, height: 700 };

test('at 1024x700 the Tester shows the result of Send without scrolling', (t) =>
  withApp(
    t,
    async ({ page, consoleErrors }) => {
      await page.getByRole('menuitem', { name: 'Tester' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tester' }).waitFor(T);
      await page.getByRole('button', { name: /^(send )?Send$/ }).click();
      const upstream = page.getByRole('table', { name: 'Upstream headers' });
      await upstream.waitFor(T);
      // Give the smooth scroll time to end, then measure where the answer is.
      await page.waitForTimeout(800);
      const box = await page.getByRole('tab', { name: 'Result' }).boundingBox();
      assert.ok(box, 'the Result tab is on screen');
      assert.ok(
        box.y >= 0 && box.y + box.height <= viewport.height,
        `Result tab at y=${box.y}, outside 0..${viewport.height}`,
      );
      assert.deepEqual(consoleErrors, []);
    },
    { viewport },
  ));

test('at 1024x700 the Profiles table keeps names on one line', (t) =>
  withApp(
    t,
    async ({ page, consoleErrors }) => {
      await page.getByRole('menuitem', { name: 'Profiles' }).click();
      const table = page.locator('.ant-table');
      const name = table.locator('tbody tr.ant-table-row').first().getByText('Local', { exact: true });
      await name.waitFor(T);
      const box = await name.boundingBox();
      assert.ok(box && box.width > box.height, `"Local" is ${box?.width}x${box?.height}: wrapped a letter a line`);
      const url = table.getByText('http://127.0.0.1:8180', { exact: true });
      const urlBox = await url.boundingBox();
      assert.ok(urlBox && urlBox.width >= 120, `the URL cell is ${urlBox?.width} px wide`);
      assert.deepEqual(consoleErrors, []);
    },
    { viewport },
  ));
