// Times the Users screen against a seeded realm (run by scripts/bench.sh keycloak_users, not a test),
// each view against the list request Keycloak's own console sends for it, in the same run:
//   open the screen until the first row shows       vs  GET …/users?briefRepresentation=true&first=0&max=21
//   search (Enter) until the first match shows      vs  the same with search=<another prefix>
//   next page until its first row shows             vs  the same with first=<another page>
// H2 answers an identical query from its cache, so each timed request asks something no earlier one
// asked, and one user is written before each (which drops H2's cached results for the users table).
// The screen also asks the count once per filter, after the rows show; it is not waited for.
//
//   node frontend/e2e/bench-users-ui.mjs REALM [RUNS]
import { launchBrowser, startApp } from './harness.mjs';

const [realm, runsArg] = process.argv.slice(2);
if (!realm) {
  console.error('usage: bench-users-ui.mjs REALM [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const base = process.env.TANDEM_KEYCLOAK_URL ?? 'http://127.0.0.1:8180';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let token;
let tokenAt = 0;
async function bearer() {
  if (token && Date.now() - tokenAt < 30_000) return token; // admin-cli tokens live 60 s
  const res = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: 'admin' }),
  });
  token = (await res.json()).access_token;
  tokenAt = Date.now();
  return token;
}
async function admin(method, path, body) {
  const res = await fetch(`${base}/admin/realms/${encodeURIComponent(realm)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await bearer()}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res;
}
let churn = 0;
const write = () => admin('POST', '/users', { username: `uichurn${Date.now()}x${churn++}`, enabled: true });
async function consoleList(params) {
  await write();
  const q = new URLSearchParams({ briefRepresentation: 'true', first: '0', max: '21', ...params });
  const start = performance.now();
  await (await admin('GET', `/users?${q}`)).json();
  return performance.now() - start;
}

const app = await startApp();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => window.go !== undefined, null, { timeout: 30_000 });
  // A locator's waitFor polls at growing intervals (up to 500 ms apart), which would add up to half
  // a second to a timing; these wait on every animation frame instead.
  const userLink = (name) =>
    page.waitForFunction(
      ([prefix, text]) =>
        [...document.querySelectorAll(`a[href^="${prefix}"]`)].some((a) => text === undefined || a.textContent === text),
      [`#/users/${realm}/`, name],
      { polling: 'raf', timeout: 60_000 },
    );
  // The screen asks the count once per filter after the rows show; at 100,000 users it takes seconds
  // in Keycloak. Each timing waits for it ("1–20 of N") before the next request is timed, so no
  // count still running in Keycloak slows the next timing, Tandem's or the console's.
  const counted = () => page.getByText(/^\d+–\d+ of \d+$/).waitFor({ timeout: 120_000 });
  const timings = { open: [], search: [], next: [] };
  const baseline = { open: [], search: [], next: [] };

  for (let i = 0; i < runs; i++) {
    // Start from another screen so the Users screen mounts afresh.
    await page.goto(`${app.url}#/realms`);
    await page.getByRole('heading', { level: 1, name: 'Realms' }).waitFor({ timeout: 30_000 });
    await write();
    let start = performance.now();
    await page.goto(`${app.url}#/users?realm=${encodeURIComponent(realm)}`);
    await userLink();
    timings.open.push(performance.now() - start);
    await counted();
    baseline.open.push(await consoleList({}));

    // user00NN00 exists in any realm of 10,000 seeded users or more; the console gets user00MM.
    const wanted = `user00${String(10 + 2 * i).padStart(2, '0')}00`;
    const box = page.getByRole('searchbox', { name: 'Search username, email, first or last name' });
    await write();
    start = performance.now();
    await box.fill(wanted.slice(0, -2));
    await box.press('Enter'); // Enter searches at once, without the typing pause
    await userLink(wanted);
    timings.search.push(performance.now() - start);
    await counted();
    baseline.search.push(await consoleList({ search: `user00${11 + 2 * i}` }));

    // The next page of that search (its rows user00NN20…).
    const next = `user00${String(10 + 2 * i).padStart(2, '0')}20`;
    await write();
    start = performance.now();
    await page.getByTitle('Next Page').click();
    await userLink(next);
    timings.next.push(performance.now() - start);
    baseline.next.push(await consoleList({ search: `user00${11 + 2 * i}`, first: '20' }));
    // The box is not cleared: that would start an unfiltered page and its count nobody waits for.
    // The next run mounts the screen afresh, with an empty search.
  }
  const line = (label, key) =>
    console.log(
      `UI ${label}: median ${median(timings[key]).toFixed(0)} ms; console list request median ${median(baseline[key]).toFixed(0)} ms; ratio ${(median(timings[key]) / median(baseline[key])).toFixed(2)} (${runs} runs)`,
    );
  line('open Users until the first row shows', 'open');
  line('search (Enter) until the first match shows', 'search');
  line('next page until its first row shows', 'next');
} finally {
  await browser.close();
  await app.stop();
}
