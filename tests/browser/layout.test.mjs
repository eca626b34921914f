// The portal's layout as admin, an enterprise and a trainee of the demo
// park see it, on every page their menu reaches (read from the page
// itself) and a sample of records and forms (a picker among them):
//  - at 390 px nothing sticks out to the right of the screen but inside a
//    scroll container, and the menu stays closed behind its button until
//    the button opens it (Escape closes it again);
//  - axe-core finds no serious or critical violation at 1440 px nor at
//    390 px;
//  - each menu entry's label is its page's title, exactly one entry is
//    highlighted, and the breadcrumb names the module.
// One browser, one demo database, one page per role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli, dbRows, loadDemo } from '../lib/server.mjs';
import { launchBrowser, newPage, a11yViolations } from '../lib/browser.mjs';

const PASS = 'Jianggu2019';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };
let db, srv, browser;

async function account(name, role, extra = []) {
  const res = await runCli(['user', 'add', name, '--role', role, ...extra, '--db', db.url],
    { input: PASS + '\n' });
  assert.equal(res.status, 0, res.stderr);
}

before(async () => {
  db = freshDatabase();
  const res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  const [firm] = dbRows(db.url, "SELECT id FROM org WHERE kind = 'enterprise' ORDER BY id LIMIT 1");
  const [trainee] = dbRows(db.url, 'SELECT person_id FROM training_enrolment ORDER BY id LIMIT 1');
  await account('admin', 'admin');
  await account('firm', 'enterprise', ['--org', String(firm.id)]);
  await account('trainee', 'trainee', ['--person', String(trainee.person_id)]);
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(name) {
  const page = await newPage(browser, PHONE);
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', PASS);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

// The elements whose right edge lies beyond the viewport and that no
// scroll container (overflow-x auto, scroll or hidden) holds, as short
// descriptions.
function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const held = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || r.right <= width + 1 || held(el)) continue;
      out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/\s+/g, '.') : ''}`
        + ` right ${Math.round(r.right)} > ${width}: ${(el.textContent || '').trim().slice(0, 40)}`);
      if (out.length >= 5) break;
    }
    return out;
  });
}

// The menu as the page shows it: [{href, label, active}].
function menuOf(page) {
  return page.$$eval('nav.sidebar a', (as) => as.map((a) => ({
    href: a.getAttribute('href'), label: a.textContent.trim(), active: a.classList.contains('active'),
  })));
}

async function visit(page, p) {
  const res = await page.goto(srv.url + p);
  assert.equal(res.status(), 200, `${p}: ${res.status()}`);
}

// The checks at 390 px, then axe at 1440 px; the page is left at 390 px.
async function checkPage(page, p, problems) {
  await page.setViewportSize(PHONE);
  await visit(page, p);
  const sidebar = page.locator('nav.sidebar');
  if (await sidebar.isVisible()) problems.push(`${p}: the menu is open at 390 px before its button is pressed`);
  await page.click('summary.drawer-button');
  if (!await sidebar.isVisible()) problems.push(`${p}: the menu button does not open the menu`);
  await page.keyboard.press('Escape');
  if (await sidebar.isVisible()) problems.push(`${p}: Escape does not close the menu`);
  for (const o of await overflowing(page)) problems.push(`${p} at 390 px: ${o}`);
  for (const v of await a11yViolations(page)) problems.push(`${p} at 390 px: ${v}`);
  await page.setViewportSize(LAPTOP);
  if (!await sidebar.isVisible()) problems.push(`${p}: the menu is hidden at 1440 px`);
  for (const v of await a11yViolations(page)) problems.push(`${p} at 1440 px: ${v}`);
}

// Every page of the role's menu, then `more` (records and forms).
async function checkRole(name, more = []) {
  const page = await signIn(name);
  const problems = [];
  const menu = await menuOf(page);
  assert.ok(menu.length >= 3, `${name}'s menu: ${JSON.stringify(menu)}`);
  for (const item of menu) {
    await checkPage(page, item.href, problems);
    const shown = await menuOf(page);
    const active = shown.filter((m) => m.active);
    if (active.length !== 1 || active[0].href !== item.href)
      problems.push(`${item.href}: highlighted ${JSON.stringify(active.map((m) => m.href))}`);
    const h1 = (await page.textContent('main h1')).trim();
    if (h1 !== item.label) problems.push(`${item.href}: menu label ${item.label}, page title ${h1}`);
    const crumb = (await page.textContent('nav.breadcrumb')).replace(/\s+/g, '');
    if (item.href !== '/' && crumb.split('/').length < 3)
      problems.push(`${item.href}: breadcrumb without its module: ${crumb}`);
  }
  for (const p of more) await checkPage(page, typeof p === 'function' ? await p(page) : p, problems);
  assert.deepEqual(page.problems, [], `${name}: console errors`);
  await page.context().close();
  return problems;
}

// The path of the first record listed at `list`.
const firstOf = (list) => async (page) => {
  await visit(page, list);
  const href = await page.getAttribute('table tbody tr td a', 'href');
  assert.ok(href, `${list} lists no record`);
  return href;
};

test('admin: every menu page, records and forms on a phone and a laptop', async () => {
  const problems = await checkRole('admin', [
    firstOf('/orgs'), firstOf('/people'), firstOf('/incubation/startups'),
    firstOf('/incubation/applications'), firstOf('/incubation/leases'),
    firstOf('/training/cohorts'), firstOf('/training/enrolments'),
    '/orgs/new', '/incubation/leases/new', '/training/sessions/new',
    firstOf('/facility/statements'), firstOf('/facility/rate-cards'),
    '/facility/rate-cards/new', '/facility/statements/issue',
    '/admin/audit?limit=10&page=1690',
  ]);
  assert.deepEqual(problems, []);
});

test('an enterprise: every menu page on a phone and a laptop', async () => {
  assert.deepEqual(await checkRole('firm', [firstOf('/orgs')]), []);
});

test('a trainee: every menu page on a phone and a laptop', async () => {
  assert.deepEqual(await checkRole('trainee'), []);
});
