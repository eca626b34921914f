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
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// Accessibility: run axe-core on the page and return its serious and
// critical violations as short strings ([] when there are none). The
// script is evaluated through the debugging protocol, so the page's
// Content-Security-Policy stays as strict as it is for people.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function a11yViolations(page) {
  // Once per document: a second run (another viewport size) reuses it.
  if (!await page.evaluate(() => 'axe' in window)) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    // Violations are all we read: axe skips collecting the rest.
    resultTypes: ['violations'],
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}
