// Entering what people read: a lease recorded with the keyboard alone,
// its room and tenant picked by typing part of their code and name (the
// WAI-ARIA combobox of record/picker.html), its rent typed in yuan; the
// list shows 20.50 and the API keeps 2050 fen. The pages with pickers
// have no serious accessibility violations, with the list open too, and
// fit a phone's 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli, loadDemo } from '../lib/server.mjs';
import { launchBrowser, newPage, a11yViolations, screenshot } from '../lib/browser.mjs';

let db, srv, browser, auth;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(page) {
  await page.goto(srv.url + '/login');
  await page.fill('#name', 'admin');
  await page.fill('#password', 'Jianggu2019');
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
}

// Press Tab until the element with `id` has the focus.
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(() => document.activeElement?.id) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

// Type into a picker and choose the first record offered with Enter.
async function pick(page, id, typed, expect) {
  await page.keyboard.type(typed, { delay: 30 });
  const option = page.locator(`#${id}-list [role=option]`).first();
  await option.waitFor();
  assert.equal(await page.getAttribute(`#${id}`, 'aria-expanded'), 'true');
  assert.match(await option.textContent(), expect);
  const active = await page.getAttribute(`#${id}`, 'aria-activedescendant');
  assert.equal(active, await option.getAttribute('id'));
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute(`#${id}`, 'aria-expanded'), 'false');
  assert.match(await page.inputValue(`#${id}`), expect);
}

test('a lease recorded with the keyboard alone: picked by name and code, rent in yuan', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(srv.url + '/incubation/leases/new');
  assert.deepEqual(await a11yViolations(page), []);

  await tabTo(page, 'f-unit_id');
  await pick(page, 'f-unit_id', 'D11', /D11/);
  // The listbox open is accessible too.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-org_id');
  await page.keyboard.type('鹿鸣', { delay: 30 });
  await page.locator('#f-org_id-list [role=option]').first().waitFor();
  assert.deepEqual(await a11yViolations(page), []);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#f-org_id'), '长春鹿鸣新材料科技有限公司');

  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-starts_on');
  // Chromium's date fields take month, day and year as typed digits.
  await page.keyboard.type('01012030');
  await tabTo(page, 'f-ends_on');
  await page.keyboard.type('12312030');
  assert.equal(await page.inputValue('#f-starts_on'), '2030-01-01');
  assert.equal(await page.inputValue('#f-ends_on'), '2030-12-31');
  await tabTo(page, 'f-rent_per_m2_fen');
  await page.keyboard.type('20.50');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  assert.deepEqual(await page.locator('.field-error').allTextContents(), []);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.ok(id > 0, page.url() + ' ' + (await page.textContent('.content')).slice(0, 300));
  const facts = await page.textContent('.facts');
  assert.match(facts, /长春鹿鸣新材料科技有限公司/);
  assert.match(facts, /D11/);
  assert.match(facts, /20\.50/);

  const res = await fetch(`${srv.url}/api/v1/incubation/leases/${id}`, { headers: auth });
  const lease = await res.json();
  assert.equal(lease.rent_per_m2_fen, 2050);

  await page.goto(srv.url + '/incubation/leases');
  const row = page.locator(`tr:has(a[href="/incubation/leases/${id}"])`).first();
  assert.match(await row.textContent(), /20\.50/);
  assert.match(await row.textContent(), /长春鹿鸣新材料科技有限公司/);
  assert.deepEqual(page.problems, []);
});

test('pickers in list filters and on a phone: axe-clean, and the filter finds by name', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await signIn(page);
  await page.goto(srv.url + '/incubation/leases');
  assert.deepEqual(await a11yViolations(page), []);
  await page.focus('#f-org_id');
  await page.keyboard.type('鹿鸣', { delay: 30 });
  await page.locator('#f-org_id-list [role=option]').first().waitFor();
  await page.keyboard.press('Enter');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /org_id=\d+/);
  const cells = await page.locator('tbody tr').allTextContents();
  assert.ok(cells.length > 0);
  for (const c of cells) assert.match(c, /长春鹿鸣新材料科技有限公司/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390 + 1, `the page is ${width} px wide`);
  await screenshot(page, 'entry-leases-390');
  assert.deepEqual(page.problems, []);
});

test('every kind of page with a picker is axe-clean, its combobox open', async () => {
  const page = await newPage(browser);
  await signIn(page);
  const slot = await (await fetch(`${srv.url}/api/v1/training/slots?limit=1`, { headers: auth })).json();
  const pages = [
    ['/incubation/leases/new?org_id=1', '#f-unit_id'],
    ['/training/enrolments/new', '#f-cohort_id'],
    ['/incubation/reports/new', '#f-org_id'],
    ['/admin/users/new', '#f-org_id'],
    ['/admin/notifications', '#f-account_id'],
    [`/training/slots/${slot.items[0].id}`, '#f-person_id'],
    ['/training/enrolments', '#f-cohort_id'],
  ];
  for (const [path, field] of pages) {
    await page.goto(srv.url + path);
    assert.deepEqual(await a11yViolations(page), [], path);
    const title = await (await fetch(`${srv.url}${await page.getAttribute(field, 'data-picker')}`,
      { headers: auth })).json();
    const two = [...title.items[0].title.replace(/\s/g, '')].slice(0, 2).join('');
    await page.focus(field);
    await page.keyboard.type(two, { delay: 30 });
    await page.locator(`${field}-list [role=option]`).first().waitFor();
    assert.deepEqual(await a11yViolations(page), [], `${path} with ${field} open`);
    await page.keyboard.press('Escape');
    assert.equal(await page.getAttribute(field, 'aria-expanded'), 'false');
  }
  assert.deepEqual(page.problems, []);
});
