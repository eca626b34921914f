// Signing in, a failed password, changing the password and signing out, as
// a person does it in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db;

before(async () => {
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'wangfang', '--role', 'admin',
    '--display-name', '王芳', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(made.status, 0, made.stderr);
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(page, password) {
  await page.fill('#name', 'wangfang');
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
}

test('sign in, fail once, change the password, sign out', async () => {
  const page = await newPage(browser);

  // A private page sends the browser to sign in, and back afterwards.
  await page.goto(srv.url + '/me');
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/me');

  // A wrong password: the error shows in place, the name is kept.
  await signIn(page, 'wrong-password1');
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal((await page.textContent('#login-error')).trim(), '账号或密码错误');
  assert.equal(await page.inputValue('#name'), 'wangfang');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the sign-in page');
  await screenshot(page, 'login-failed');

  // The right one lands on the account page.
  await signIn(page, 'Jianggu2019');
  assert.equal(new URL(page.url()).pathname, '/me');
  assert.equal(await page.textContent('h1'), '我的账号');
  assert.match(await page.textContent('.who'), /王芳/);

  // A wrong current password is refused beside its field.
  await page.fill('#current_password', 'not-it-123');
  await page.fill('#new_password', 'Kaiyuan2026');
  await page.fill('#confirm_password', 'Kaiyuan2026');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/me/password"] button')]);
  assert.equal((await page.textContent('#current_password-error')).trim(), '当前密码不正确');
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the account page');
  await screenshot(page, 'password-error');

  // Then the change goes through.
  await page.fill('#current_password', 'Jianggu2019');
  await page.fill('#new_password', 'Kaiyuan2026');
  await page.fill('#confirm_password', 'Kaiyuan2026');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/me/password"] button')]);
  assert.equal(new URL(page.url()).pathname, '/me');
  assert.match(await page.textContent('.flash-success'), /密码已修改/);

  // Sign out: private pages ask to sign in again.
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto(srv.url + '/me');
  assert.equal(new URL(page.url()).pathname, '/login');

  // The old password no longer works; the new one does.
  await signIn(page, 'Jianggu2019');
  assert.equal(new URL(page.url()).pathname, '/login');
  await signIn(page, 'Kaiyuan2026');
  assert.equal(new URL(page.url()).pathname, '/me');
  // The 401 and 400 answers above are the refusals this test provokes.
  assert.deepEqual(page.problems.filter((p) => !/status of 40[01]/.test(p)), []);
});

test('the language switch shows the portal in English and back', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
  assert.equal(await page.textContent('h1'), 'Sign in');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
  assert.equal(await page.textContent('h1'), '登录');
});

test('an admin sees the system menu and its pages render', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await signIn(page, 'Kaiyuan2026');
  for (const [href, heading] of [['/admin/users', '用户管理'], ['/admin/sessions', '在线用户'],
    ['/admin/settings', '参数设置'], ['/admin/audit', '操作日志'], ['/admin/logins', '登录日志'],
    ['/me/tokens', 'API 令牌'], ['/me/sessions', '我的登录设备']]) {
    const res = await page.goto(srv.url + href);
    assert.equal(res.status(), 200, href);
    assert.equal(await page.textContent('h1'), heading, href);
    assert.equal(await page.getAttribute(`.sidebar a[href="${href}"]`, 'aria-current'), 'page', href);
    assert.deepEqual(await a11yViolations(page), [], `accessibility of ${href}`);
  }
  await page.goto(srv.url + '/admin/audit');
  await screenshot(page, 'audit-log');
  assert.deepEqual(page.problems, []);
});
