// Times the Users screen against a seeded realm (run by scripts/bench.sh keycloak_users, not a test):
// from opening the screen to the first row on screen, and from typing a search to its first match.
//
//   node frontend/e2e/bench-users-ui.mjs REALM [RUNS]
import { launchBrowser, startApp } from './harness.mjs';

const [realm, runsArg] = process.argv.slice(2);
if (!realm) {
  console.error('usage: bench-users-ui.mjs REALM [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

const app = await startApp();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => window.go !== undefined, null, { timeout: 30_000 });
  const firstRow = page.locator(`a[href^="#/users/${realm}/"]`).first();

  const open = [];
  const search = [];
  for (let i = 0; i < runs; i++) {
    // Start from another screen so the Users screen mounts afresh.
    await page.goto(`${app.url}#/realms`);
    await page.getByRole('heading', { level: 1, name: 'Realms' }).waitFor({ timeout: 30_000 });
    let start = performance.now();
    await page.goto(`${app.url}#/users?realm=${encodeURIComponent(realm)}`);
    await firstRow.waitFor({ timeout: 30_000 });
    open.push(performance.now() - start);

    const wanted = `user000${i}00`; // exists in any realm of 1,000 seeded users or more
    const box = page.getByRole('searchbox', { name: 'Search username, email, first or last name' });
    start = performance.now();
    await box.fill(wanted.slice(0, -2));
    await box.press('Enter'); // Enter searches at once, without the typing pause
    await page.getByRole('link', { name: wanted, exact: true }).waitFor({ timeout: 30_000 });
    search.push(performance.now() - start);
  }
  // The same search through the bound Go method alone (Wails IPC + backend/keycloak + Keycloak), to
  // tell the backend's share from the rendering's.
  const bound = [];
  for (let i = 0; i < runs; i++) {
    bound.push(
      await page.evaluate(
        async ([r, text]) => {
          const start = performance.now();
          await window.go.app.UserService.Search(r, { search: text, exact: false, attributes: '', first: 0, max: 20 });
          return performance.now() - start;
        },
        [realm, `user000${i}`],
      ),
    );
  }
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, max ${max(xs).toFixed(0)} ms (${xs.length} runs)`;
  console.log(`UI open Users screen until the first row shows: ${fmt(open)}`);
  console.log(`UI search (Enter) until the first match shows: ${fmt(search)}`);
  console.log(`UI the same search through the bound method only: ${fmt(bound)}`);
} finally {
  await browser.close();
  await app.stop();
}
