// Headless chromium for the browser suite: Debian's /usr/bin/chromium driven
// by playwright-core, which downloads nothing.
//
//   const browser = await launchBrowser();
//   const page = await newPage(browser);     // collects console errors
//   await page.goto(srv.url + '/');
//   assert.deepEqual(page.problems, []);
//
// As root chromium needs --no-sandbox; on machines without a network the
// background-networking flags keep it from trying to reach the internet.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

export const SHOTS = path.join(ROOT, 'build', 'test-logs', 'screenshots');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors, failed requests and CSP violations
// in page.problems, so a test can assert there were none.
export async function newPage(browser, { width = 1280, height = 800, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(msg.text()); });
  page.on('pageerror', (err) => page.problems.push(String(err)));
  // A request the page itself abandoned (it navigated on) is no problem.
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`failed: ${req.url()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}
