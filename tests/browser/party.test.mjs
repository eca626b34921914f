// The party ledger as a person uses it: the park overview, creating an
// organisation through the form (with a field error first), finding it by
// a Chinese search, switching language, and exporting the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db;

before(async () => {
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'zhaolei', '--role', 'admin', '--display-name', '赵磊',
    '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(made.status, 0, made.stderr);
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signedIn() {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await page.fill('#name', 'zhaolei');
  await page.fill('#password', 'Jianggu2019');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

test('create an organisation, see a field error, find it, switch language, export', async () => {
  const page = await signedIn();
  await page.goto(srv.url + '/orgs/new');

  // A wrong check character: the error shows beside the field, nothing saved.
  await page.selectOption('#f-kind', 'enterprise');
  await page.fill('#f-name', '长春九台精工机械有限公司');
  await page.fill('#f-credit_code', '91220113MA0000001X');
  await page.fill('#f-address', '长春市九台经济开发区');
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.equal((await page.textContent('#f-credit_code-error')).trim(), '统一社会信用代码校验位不正确');
  assert.equal(await page.inputValue('#f-name'), '长春九台精工机械有限公司', 'the form keeps what was typed');
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the form with an error');
  await screenshot(page, 'org-form-error');

  // A code with its right check character (computed as GB 32100 says).
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = '91220113MA0000001';
  let sum = 0, w = 1;
  for (const ch of body) { sum += alphabet.indexOf(ch) * w; w = (w * 3) % 31; }
  const code = body + alphabet[(31 - (sum % 31)) % 31];
  await page.fill('#f-credit_code', code);
  await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
  assert.match(new URL(page.url()).pathname, /^\/orgs\/\d+$/);
  assert.match(await page.textContent('.flash-success'), /已新增/);
  assert.equal((await page.textContent('main h2')).trim(), '长春九台精工机械有限公司');

  // Found by a two-character Chinese search.
  await page.goto(srv.url + '/orgs');
  await page.fill('#q', '精工');
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button.primary')]);
  const names = await page.$$eval('main table tbody td:first-child a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(names, ['长春九台精工机械有限公司']);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the list');
  await screenshot(page, 'orgs-search');

  // English and back, on the same page with the same search.
  await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
  assert.equal(await page.textContent('h1'), 'Organisations');
  assert.equal(await page.inputValue('#q'), '精工');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
  assert.equal(await page.textContent('h1'), '机构');

  // Export the list as the browser downloads it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href^="/orgs/export?format=csv"]'),
  ]);
  assert.equal(download.suggestedFilename(), '机构.csv');
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'UTF-8 with BOM');
  assert.match(csv, new RegExp(`长春九台精工机械有限公司,企业,,${code}`));
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
});

test('the park overview counts the ledger and links each figure to its list', async () => {
  const page = await signedIn();
  await page.goto(srv.url + '/dashboard');
  assert.equal(await page.textContent('h1'), '园区概况');
  const enterprise = page.locator('.figures a[href="/orgs?kind=enterprise"] strong');
  assert.equal(await enterprise.textContent(), '1');
  await page.waitForSelector('#chart svg');
  assert.deepEqual(await a11yViolations(page), []);
  await screenshot(page, 'dashboard');
  await Promise.all([page.waitForNavigation(), page.click('.figures a[href="/orgs?kind=enterprise"]')]);
  assert.equal(await page.inputValue('#kind'), 'enterprise');
  assert.deepEqual(page.problems, []);
});
