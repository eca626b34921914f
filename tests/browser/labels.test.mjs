// The pages of issue 15 as people use them, in Chinese, on a laptop and a
// phone: the audit log with an entry's changes opened, the settings page
// with a refused value beside its setting, and a session's edit form; no
// serious accessibility violation (axe), nothing wider than the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db, token;

before(async () => {
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'liming', '--role', 'admin', '--db', db.url],
    { input: 'Jianggu2019\n' });
  assert.equal(made.status, 0, made.stderr);
  token = (await runCli(['user', 'token', 'liming', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  const call = (method, p, body) => fetch(srv.url + p, { method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body) }).then((r) => r.json());
  const org = await call('POST', '/api/v1/orgs', { kind: 'startup', name: '吉林龙航科技服务有限公司' });
  await call('PATCH', `/api/v1/orgs/${org.id}`, { kind: 'enterprise', address: '长春市九台区' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(page) {
  await page.goto(srv.url + '/login');
  await page.fill('#name', 'liming');
  await page.fill('#password', 'Jianggu2019');
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
}

for (const [device, size] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the audit log and the settings page in Chinese on a ${device}`, async () => {
    const page = await newPage(browser, size);
    await signIn(page);

    await page.goto(srv.url + '/admin/audit?entity=org');
    const what = await page.locator('td.what').allTextContents();
    assert.deepEqual(what, ['机构 · 修改', '机构 · 新增']);
    await page.selectOption('#action', 'create');
    await Promise.all([page.waitForNavigation(), page.click('form.search button.primary')]);
    assert.deepEqual(await page.locator('td.what').allTextContents(), ['机构 · 新增']);
    await page.goto(srv.url + '/admin/audit?entity=org&action=update');
    await page.click('.audit-entry details summary');
    const changed = await page.locator('.changes tr.changed th').allTextContents();
    assert.ok(changed.some((t) => t.startsWith('类别')), changed.join(' | '));
    assert.ok(changed.some((t) => t.startsWith('地址')), changed.join(' | '));
    assert.equal(await page.locator('.changes tr.changed mark').first().textContent(), '企业');
    assert.deepEqual(await a11yViolations(page), [], 'accessibility of the audit log');
    await screenshot(page, `labels-audit-${device}`);

    await page.goto(srv.url + '/admin/settings');
    const row = page.locator('tr[data-key="auth.session_idle_minutes"]');
    await row.locator('input[name=value]').fill('0');
    // The browser's own check would stop it; the server's is the one that counts.
    await row.locator('form').evaluate((f) => { f.noValidate = true; });
    await Promise.all([page.waitForNavigation(), row.locator('button').click()]);
    assert.match(await row.locator('.field-error').textContent(), /^会话空闲超时：/);
    assert.equal(await row.locator('.unit').textContent(), '分钟');
    assert.deepEqual(await a11yViolations(page), [], 'accessibility of the settings page');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= size.width + 1, `the page fits the ${device}: ${wide}px`);
    await screenshot(page, `labels-settings-${device}`);
    // The refused value was answered 400, which the console reports.
    assert.deepEqual(page.problems.filter((m) => !/status of 400/.test(m)), []);
  });
}
