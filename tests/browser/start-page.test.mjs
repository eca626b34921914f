// The public front door in a real browser (issue 16, items 4 and 5): the
// start page in Chinese offering 申请入孵 and 证书查验 and nothing that is
// not there; /verify with and without a code; an applicant who is signed
// in after submitting and whose typing survives a refusal; the company's
// and the team's fields shown by the kind chosen, without script; and the
// printed certificate's QR code, decoded by jsQR, leading to a page that
// confirms the certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let db, srv, browser, staff;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'staff', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'staff', '--db', db.url]);
  staff = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('the start page: in Chinese, 申请入孵 and 证书查验 and sign-in, nothing else', async () => {
  const page = await newPage(browser);
  const res = await page.goto(srv.url + '/');
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('main h1'), '产教融合园区服务平台');
  assert.deepEqual(await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent)), ['申请入孵', '证书查验', '登录']);
  const hrefs = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual([...new Set(hrefs)].sort(), ['#main', '/', '/apply', '/login']);
  for (const href of ['/apply', '/login']) assert.equal((await page.request.get(srv.url + href)).status(), 200, href);
  assert.doesNotMatch(await page.content(), /openapi|healthz/, 'no developer links');
  assert.doesNotMatch(await page.innerText('main'), /[A-Za-z]{3,}/, 'no English');
  const bg = await page.$eval('.card', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(255, 255, 255)', 'the stylesheet loaded under the CSP');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(await a11yViolations(page), []);
  await screenshot(page, 'start-page-1280');

  const phone = await newPage(browser, { width: 390, height: 800 });
  await phone.goto(srv.url + '/');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.deepEqual(await a11yViolations(phone), []);
  await screenshot(phone, 'start-page-390');
});

test('证书查验: the form alone, then a number typed in with its holder\'s name finds its certificate', async () => {
  const [cert] = dbRows(db.url, `SELECT t.number, p.name FROM training_certificate t
    JOIN person p ON p.id = t.person_id ORDER BY t.id LIMIT 1`);
  const page = await newPage(browser);
  await page.goto(srv.url + '/verify');
  assert.equal(await page.inputValue('#verify-code'), '');
  assert.equal(await page.$('.verify-ok, .verify-unknown'), null);
  assert.deepEqual(await a11yViolations(page), []);
  // From the start page's own form.
  await page.goto(srv.url + '/');
  await page.fill('#start-code', cert.number);
  await page.fill('#start-name', cert.name);
  await submit(page, '#door-verify ~ form button');
  assert.match(await page.textContent('.verify-ok'), /真实有效/);
  assert.ok((await page.textContent('.facts')).includes(cert.number));
  assert.equal(await page.inputValue('#verify-code'), cert.number, 'what was typed stays');
  assert.deepEqual(page.problems, []);
});

async function fillApplication(page, account) {
  await page.selectOption('#kind', 'company');
  await page.fill('#project', '智能仓储机器人');
  await page.selectOption('#field', 'intelligent_manufacturing');
  await page.fill('#summary', '面向中小制造企业的仓储搬运机器人。');
  await page.fill('#company_name', '长春智仓科技有限公司');
  await page.fill('#credit_code', '91220113MA0000001X');
  await page.fill('#founded_on', '2019-03-01');
  await page.fill('#contact_name', '刘洋');
  await page.fill('#contact_phone', '13900002222');
  await page.fill('input[name=member1_name]', '刘洋');
  await page.fill('#account_name', account);
  await page.fill('#display_name', '刘洋');
  await page.fill('#password', 'Zhicang-2019');
}

test('申请入孵: a refusal keeps all but the password; then the applicant is signed in, told 已提交', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '/apply');
  await fillApplication(page, 'zhicang');
  await submit(page, 'button[name=action][value=submit]');
  // The credit code's check character is wrong: said beside what was typed.
  assert.match(await page.textContent('.field-error'), /统一社会信用代码/);
  for (const [sel, value] of [['#project', '智能仓储机器人'], ['#company_name', '长春智仓科技有限公司'],
    ['#credit_code', '91220113MA0000001X'], ['#founded_on', '2019-03-01'], ['#contact_phone', '13900002222'],
    ['input[name=member1_name]', '刘洋'], ['#account_name', 'zhicang'], ['#display_name', '刘洋'],
    ['#summary', '面向中小制造企业的仓储搬运机器人。']]) {
    assert.equal(await page.inputValue(sel), value, sel);
  }
  assert.equal(await page.inputValue('#kind'), 'company');
  assert.equal(await page.inputValue('#field'), 'intelligent_manufacturing');
  assert.equal(await page.inputValue('#password'), '', 'never the password');
  assert.equal(dbRows(db.url, `SELECT count(*) AS n FROM account WHERE name = 'zhicang'`)[0].n, 0);

  await page.fill('#credit_code', '91220113MA0000001F');
  await page.fill('#password', 'Zhicang-2019');
  await submit(page, 'button[name=action][value=submit]');
  assert.match(new URL(page.url()).pathname, /^\/incubation\/applications\/\d+$/);
  assert.equal(await page.textContent('.flash'), '申请已提交。');
  assert.match(await page.textContent('.who'), /刘洋/, 'signed in');
  const [app] = dbRows(db.url, `SELECT a.status, a.supervisor_name FROM inc_application a
    JOIN account c ON c.id = a.account_id WHERE c.name = 'zhicang'`);
  assert.equal(app.status, 'submitted');
  // The refusal's 400 is the one thing the console saw.
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
});

test('the company\'s and the team\'s fields are shown by the kind chosen, without script', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(srv.url + '/apply');
  const shown = async () => page.$$eval('.by-kind', (fs) => fs.filter((f) => getComputedStyle(f).display !== 'none')
    .map((f) => f.dataset.kind));
  assert.deepEqual(await shown(), ['company', 'team'], 'nothing chosen: both');
  await page.selectOption('#kind', 'team');
  assert.deepEqual(await shown(), ['team']);
  assert.equal(await page.isVisible('#supervisor_name'), true);
  assert.equal(await page.isVisible('#company_name'), false);
  await page.selectOption('#kind', 'company');
  assert.deepEqual(await shown(), ['company']);
  await context.close();
});

test('the printed certificate\'s QR code decodes to its full verification URL, which confirms it', async () => {
  const [cert] = dbRows(db.url, 'SELECT id, code, number FROM training_certificate ORDER BY id LIMIT 1');
  const res = await fetch(`${srv.url}/training/certificates/${cert.id}/print`, { headers: staff });
  assert.equal(res.status, 200);
  const html = await res.text();
  const svg = html.match(/<svg [^>]*class="qr"[\s\S]*?<\/svg>/)[0];
  assert.ok(html.includes(cert.number), 'the number for people');
  // Drawn by chromium at 8 pixels a module, read back, decoded by jsQR.
  const page = await browser.newPage();
  await page.setContent(`<body style="margin:0">${svg.replace('<svg ', '<svg width="328" height="328" ')}</body>`);
  const png = await page.locator('svg').screenshot();
  const pixels = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return { width: c.width, height: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
  }, png.toString('base64'));
  await page.close();
  const qr = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  assert.ok(qr, 'a QR code is read');
  assert.equal(qr.data, `${srv.url}/verify/${cert.code}`);
  assert.ok(html.includes(`查验网址：${qr.data}`), 'the same URL in print');
  const check = await fetch(qr.data);
  assert.equal(check.status, 200);
  const page2 = await check.text();
  assert.match(page2, /真实有效/);
  assert.ok(page2.includes(cert.number));
});
