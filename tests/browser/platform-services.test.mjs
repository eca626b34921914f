// The platform services' pages as people use them: an admin sends a
// notification to a role from the send page, the recipient sees the count
// in the top bar, reads it and marks it read; the admin runs a job from the
// jobs page and sees it in the run log; the permission matrix (权限矩阵)
// is an admin's page. Each page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db, dir;

before(async () => {
  db = freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-browser-'));
  for (const [name, role, display] of [['wangfang', 'admin', '王芳'], ['liqiang', 'enterprise', '李强']]) {
    const made = await runCli(['user', 'add', name, '--role', role, '--display-name', display,
      '--db', db.url], { input: 'Jianggu2019\n' });
    assert.equal(made.status, 0, made.stderr);
  }
  srv = await startServer({ db: db.url, args: ['--uploads', path.join(dir, 'uploads'), '--job-tick', '0'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(page, name) {
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', 'Jianggu2019');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  assert.notEqual(new URL(page.url()).pathname, '/login', 'signed in');
}

test('an admin notifies a role; a member reads it and marks it read', async () => {
  const admin = await newPage(browser);
  await signIn(admin, 'wangfang');
  await admin.click('.sidebar a[href="/admin/notifications"]');
  assert.equal(await admin.textContent('h1'), '发送通知');
  assert.deepEqual(await a11yViolations(admin), [], 'accessibility of the send page');

  // A title left empty is refused in place (the browser's own check is
  // bypassed to see the server's).
  await admin.selectOption('#to', 'role');
  await admin.selectOption('#role', 'enterprise');
  await admin.$eval('form[action="/admin/notifications"]', (f) => { f.noValidate = true; });
  await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/notifications"] button')]);
  assert.match(await admin.textContent('#title-error'), /标题须为 1 到 200 个字符/);
  assert.equal(await admin.getAttribute('#title', 'aria-invalid'), 'true');
  assert.equal(await admin.inputValue('#to'), 'role', 'the choices are kept');
  assert.equal(await admin.inputValue('#role'), 'enterprise');

  await admin.fill('#title', '园区停电通知');
  await admin.fill('#body', '11 月 20 日 9:00–12:00 一号楼停电。');
  await admin.fill('#link', '/me');
  await Promise.all([admin.waitForNavigation(), admin.click('form[action="/admin/notifications"] button')]);
  assert.match(await admin.textContent('.flash-success'), /通知已发送/);
  assert.match(await admin.textContent('section[aria-labelledby=sent-heading]'), /园区停电通知/);
  await screenshot(admin, 'notify-send');

  const member = await newPage(browser);
  await signIn(member, 'liqiang');
  assert.equal((await member.textContent('.notify-link')).trim(), '通知 (1)');
  await Promise.all([member.waitForNavigation(), member.click('.notify-link')]);
  assert.equal(await member.textContent('h1'), '站内通知');
  assert.match(await member.textContent('tr.notification'), /园区停电通知.*一号楼停电/s);
  assert.deepEqual(await a11yViolations(member), [], 'accessibility of the list');
  await screenshot(member, 'notifications');
  await Promise.all([member.waitForNavigation(), member.click('tr.notification button')]);
  assert.match(await member.textContent('.flash-success'), /已标为已读/);
  assert.equal((await member.textContent('.notify-link')).trim(), '通知 (0)');
  assert.match(await member.textContent('tr.notification .tag'), /已读/);
  assert.deepEqual(member.problems.filter((p) => !/status of 40[0-3]/.test(p)), []);
});

test('an admin runs a job from the jobs page and sees it in the run log', async () => {
  const page = await newPage(browser);
  await signIn(page, 'wangfang');
  await page.click('.sidebar a[href="/admin/jobs"]');
  assert.equal(await page.textContent('h1'), '定时任务');
  assert.match(await page.textContent('tr.job[data-name="sessions.purge"]'), /从未执行/);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the jobs page');
  // Running a job now is irreversible: it asks in the page's dialog.
  await page.click('tr.job[data-name="sessions.purge"] button');
  await page.waitForSelector('dialog.confirm-dialog[open]');
  await Promise.all([page.waitForNavigation(), page.click('dialog.confirm-dialog button[value="yes"]')]);
  assert.match(await page.textContent('.flash-success'), /任务已执行/);
  assert.match(await page.textContent('tr.run'), /sessions\.purge\s*成功/);
  assert.match(await page.textContent('tr.job[data-name="sessions.purge"]'), /成功/);
  await screenshot(page, 'jobs');
  assert.deepEqual(page.problems, []);
});

test('an admin reads the permission matrix from the system menu; others may not', async () => {
  const page = await newPage(browser);
  await signIn(page, 'wangfang');
  await page.click('.sidebar a[href="/admin/permissions"]');
  assert.equal(await page.textContent('h1'), '权限矩阵');
  const roles = await page.$$eval('table.matrix thead th[data-role]', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(roles, ['园区管理员', '企业用户', '院校用户', '教师/师傅', '学员', '专家导师', '入孵申请人', '只读用户']);
  // An action: its cells by role, and the routes that name it.
  const row = 'tr.action[data-permission="account_read"]';
  assert.match(await page.textContent(`${row} th`), /查看账号列表/);
  assert.equal((await page.textContent(`${row} td[data-role="admin"]`)).trim(), '全部');
  assert.equal((await page.textContent(`${row} td[data-role="viewer"]`)).trim(), '—');
  await page.click(`${row} summary`);
  assert.match(await page.textContent(`${row} ul.routes`), /GET \/admin\/permissions/);
  assert.equal((await page.textContent('tr.action[data-permission="upload_read"] td[data-role="trainee"]')).trim(), '本单位');
  assert.match(await page.textContent('tr.action[data-gate="public"] th'), /公开/);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the matrix');
  await screenshot(page, 'permissions');
  assert.deepEqual(page.problems, []);

  const member = await newPage(browser);
  await signIn(member, 'liqiang');
  assert.equal(await member.$('.sidebar a[href="/admin/permissions"]'), null, 'not in an enterprise\'s menu');
  const res = await member.goto(srv.url + '/admin/permissions');
  assert.equal(res.status(), 403);
});
