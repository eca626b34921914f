// The start page in a real browser: it renders in Chinese with our styles,
// under our Content-Security-Policy, at desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the start page renders with its stylesheet and no errors', async () => {
  const page = await newPage(browser);
  const res = await page.goto(srv.url + '/');
  assert.equal(res.status(), 200);
  assert.equal(await page.title(), '匠谷 · 产教融合园区管理平台');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), '匠谷');
  // The stylesheet loaded under the CSP: the card has its white background.
  const bg = await page.$eval('.card', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(255, 255, 255)');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(await a11yViolations(page), []);
  await screenshot(page, 'start-page-1280');
});

test('the start page fits a phone screen without sideways scrolling', async () => {
  const page = await newPage(browser, { width: 375, height: 740 });
  await page.goto(srv.url + '/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.deepEqual(page.problems, []);
  await screenshot(page, 'start-page-375');
});

test('its links lead to the API document, the health check and sign-in', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '/');
  const hrefs = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs.sort(), ['/api/v1/openapi.json', '/healthz', '/login']);
  for (const href of hrefs) {
    const res = await page.request.get(srv.url + href);
    assert.equal(res.status(), 200, href);
  }
});
