// The shared facilities' pages in a real browser: a partner university's
// teacher finds the robot cell in the catalogue, opens its week, books a
// free slot from the form (Beijing time), staff approve it from the
// approval queue, and the teacher sees it confirmed in 我的预约; a clash
// is shown on the week page again, with what was typed. The same teacher
// finds another free slot through the availability search (only what it
// is certified for), books it with one button, staff approve it, and it is
// in 我的预约. Staff make a rate card from its form and issue last month's
// statements once the dialog is confirmed; the teacher joins the waiting
// list of a full slot from the week and sees its place, and subscribes to
// its bookings' calendar feed. Every page visited passes axe and the W3C
// Nu checker, with no console error or CSP violation. The teacher changes
// the booking from its page (the deadline said in Chinese), keeping the
// booking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli, dbRows } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, browser, dir, admin;
const w = {};
const PASS = 'Jianggu2019';
const day = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

async function account(name, role, extra = []) {
  const res = await runCli(['user', 'add', name, '--role', role, ...extra, '--db', db.url], { input: PASS + '\n' });
  assert.equal(res.status, 0, res.stderr);
}

before(async () => {
  db = freshDatabase();
  await account('staff', 'admin');
  const t = await runCli(['user', 'token', 'staff', '--db', db.url]);
  admin = { authorization: 'Bearer ' + t.stdout.trim(), 'content-type': 'application/json' };
  srv = await startServer({ db: db.url });
  const post = async (p, body) => {
    const res = await fetch(srv.url + p, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    const json = await res.json();
    assert.ok(res.status < 300, JSON.stringify(json));
    return json;
  };
  const now = Date.now();
  w.univ = await post('/api/v1/orgs', { kind: 'university', name: '长春工程学院' });
  w.firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '哈工大机器人集团' });
  w.teacher = await post('/api/v1/people', { name: '陈老师' });
  await account('chen', 'college', ['--org', String(w.univ.id), '--person', String(w.teacher.id)]);
  w.room = await post('/api/v1/facility/resources', { name: '工业机器人实训室', kind: 'room', seats: 4, place: '实训楼二层', owner_org_id: w.firm.id });
  w.cell = await post('/api/v1/facility/resources', { name: '机器人工作站1号', kind: 'cell', seats: 1, parent_id: w.room.id, parent_seats: 1, place: '实训楼二层', approval: 'staff', change_hours: 24 });
  w.term = await post('/api/v1/facility/terms', { name: '本学期', starts_on: day(now - 30 * 86400e3), ends_on: day(now + 120 * 86400e3) });
  w.agreement = await post('/api/v1/facility/agreements', { org_id: w.univ.id, title: '共建共享技术技能实训设施合作协议',
    signed_on: day(now - 400 * 86400e3), starts_on: day(now - 400 * 86400e3), ends_on: day(now + 800 * 86400e3), kinds: 'room,cell' });
  await post('/api/v1/facility/allocations', { agreement_id: w.agreement.id, term_id: w.term.id, minutes: 40 * 60 });
  w.on = day(now + 7 * 86400e3);
  w.on2 = day(now + 8 * 86400e3);
  w.centre = await post('/api/v1/training/centres', { name: '高端数控加工实训中心', capacity: 100 });
  await post('/api/v1/facility/resources', { name: '数控车削实训区', kind: 'cell', seats: 4, centre_id: w.centre.id });
  // The cell is open 08:00-18:00 every day.
  for (let d = 1; d <= 7; d++)
    await post('/api/v1/facility/hours', { resource_id: w.cell.id, weekday: d, opens_at: '08:00', closes_at: '18:00' });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-facility-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(name) {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', PASS);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

const files = [];
async function visit(page, p, label) {
  const res = await page.goto(srv.url + p);
  assert.equal(res.status(), 200, `${label} ${p}`);
  await keep(page, p, label, await res.text());
}

// The page as served (`html`), or as the browser holds it after a form.
async function keep(page, p, label, html) {
  const file = path.join(dir, `${files.length}.html`);
  writeFileSync(file, html ?? await page.content());
  files.push({ file, page: `${p} (${label})` });
  assert.deepEqual(await a11yViolations(page), [], `accessibility of ${p} (${label})`);
}

test('a partner teacher finds a free robot-cell slot, books it, staff approve it, the teacher sees it in 我的预约', async () => {
  const chen = await signedIn('chen');
  await visit(chen, '/facility/resources', 'college');
  await Promise.all([chen.waitForNavigation(), chen.click('text=机器人工作站1号')]);
  await keep(chen, 'the cell', 'college');
  await Promise.all([chen.waitForNavigation(), chen.click(`a[href="/facility/resources/${w.cell.id}/week"]`)]);
  await Promise.all([chen.waitForNavigation(), chen.click('text=下一周')]);
  await keep(chen, 'the cell\'s next week', 'college');
  // The slot is free: every cell of 09:00 on that day says so.
  const nine = chen.locator('tbody tr', { hasText: '09:00' });
  assert.match(await nine.textContent(), /空闲/);
  await chen.fill('#b-on', w.on);
  await chen.fill('#b-from', '09:00');
  await chen.fill('#b-to', '11:00');
  await chen.fill('#b-purpose', '工业机器人编程实训');
  await Promise.all([chen.waitForNavigation(), chen.click('form[action$="/bookings"] button[type=submit]')]);
  assert.match(await chen.textContent('.flash-success'), /预约成功/);
  await keep(chen, 'the booking', 'college');
  assert.match(await chen.textContent('main'), /机器人工作站1号/);
  assert.match(await chen.textContent('main'), /待审批/);
  const staff = await signedIn('staff');
  await visit(staff, '/facility/approvals', 'staff');
  await Promise.all([staff.waitForNavigation(), staff.click('main table tbody a >> nth=0')]);
  await keep(staff, 'a booking to approve', 'staff');
  assert.match(await staff.textContent('main'), /陈老师/);
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/approve"] button')]);
  assert.match(await staff.textContent('.flash-success'), /已通过审批/);
  assert.deepEqual(staff.problems, []);
  await visit(chen, '/facility/bookings', 'college');
  assert.match(await chen.textContent('main table'), /机器人工作站1号/);
  assert.match(await chen.textContent('main table'), /已确认/);
  const [b] = dbRows(db.url, `SELECT starts_at, ends_at, org_id, person_id FROM facility_booking WHERE resource_id = ${w.cell.id}`);
  assert.deepEqual([b.starts_at.slice(11), b.ends_at.slice(11), Number(b.org_id), Number(b.person_id)],
    ['01:00:00Z', '03:00:00Z', w.univ.id, w.teacher.id]);

  // The same slot again: the week comes back with the clash and what was typed.
  await chen.goto(srv.url + `/facility/resources/${w.cell.id}/week?from=${w.on}`);
  assert.match(await chen.textContent('main'), /本单位/);
  await chen.fill('#b-on', w.on);
  await chen.fill('#b-from', '10:00');
  await chen.fill('#b-to', '12:00');
  await Promise.all([chen.waitForNavigation(), chen.click('form[action$="/bookings"] button[type=submit]')]);
  assert.match(await chen.textContent('main'), /机器人工作站1号在 .* 已被预约/);
  assert.equal(await chen.inputValue('#b-from'), '10:00');
  await keep(chen, 'the week after a clash', 'college');
  assert.deepEqual(chen.problems.filter((m) => !/status of 409/.test(m)), []);
  await screenshot(chen, 'facility-week-clash');

  // Changing it from its page: the form holds its values, says until when
  // in Chinese; the booking keeps its id and takes the new times.
  const [{ id }] = dbRows(db.url, `SELECT id FROM facility_booking WHERE resource_id = ${w.cell.id}`);
  await visit(chen, `/facility/bookings/${id}`, 'college');
  assert.deepEqual([await chen.inputValue('#c-on'), await chen.inputValue('#c-from'), await chen.inputValue('#c-to')], [w.on, '09:00', '11:00']);
  assert.match(await chen.textContent('main'), /机器人工作站1号 的预约可在开始前 24 小时之前自行更改或取消，本预约截至 .* 09:00（北京时间）/);
  await chen.fill('#c-from', '13:00');
  await chen.fill('#c-to', '15:00');
  await Promise.all([chen.waitForNavigation(), chen.click(`form[action="/facility/bookings/${id}/change"] button[type=submit]`)]);
  assert.match(await chen.textContent('.flash-success'), /预约已更改/);
  assert.equal(chen.url(), `${srv.url}/facility/bookings/${id}`);
  assert.deepEqual(dbRows(db.url, `SELECT starts_at FROM facility_booking WHERE id = ${id}`)[0].starts_at, `${w.on}T05:00:00Z`);

  // Cancelling from the booking's page.
  await chen.goto(srv.url + `/facility/bookings/${id}`);
  chen.once('dialog', (d) => d.accept());
  await chen.click(`form[action="/facility/bookings/${id}/cancel"] button`);
  await chen.waitForSelector('dialog.confirm-dialog[open]');
  await Promise.all([chen.waitForNavigation(), chen.click('dialog.confirm-dialog button[value="yes"]')]);
  assert.match(await chen.textContent('.flash-success'), /预约已取消/);
});

test('the teacher finds a free robot-cell slot through the availability search, books it, staff approve, it is in 我的预约', async () => {
  const chen = await signedIn('chen');
  await visit(chen, '/facility/availability', 'college');
  await chen.selectOption('#a-kind', 'cell');
  await chen.fill('#a-from', w.on2);
  await chen.fill('#a-to', w.on2);
  await chen.fill('#a-minutes', '120');
  await chen.check('input[name=certified]');
  await Promise.all([chen.waitForNavigation(), chen.click('form[action="/facility/availability"] button[type=submit]')]);
  await keep(chen, 'the free slots', 'college');
  assert.match(await chen.textContent('main'), /机器人工作站1号/);
  const book = chen.locator(`form[action="/facility/resources/${w.cell.id}/bookings"] button`).first();
  assert.match(await book.textContent(), new RegExp(`${w.on2} 08:00–10:00`));
  await Promise.all([chen.waitForNavigation(), book.click()]);
  assert.match(await chen.textContent('.flash-success'), /预约成功/);
  assert.match(await chen.textContent('main'), /待审批/);
  const staff = await signedIn('staff');
  await visit(staff, '/facility/approvals', 'staff');
  await Promise.all([staff.waitForNavigation(), staff.click('main table tbody a >> nth=0')]);
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/approve"] button')]);
  assert.match(await staff.textContent('.flash-success'), /已通过审批/);
  await visit(chen, '/facility/bookings', 'college');
  const row = chen.locator('main table tbody tr', { hasText: '机器人工作站1号' }).filter({ hasText: '已确认' });
  assert.equal(await row.count(), 1);
  const [b] = dbRows(db.url, `SELECT starts_at, ends_at, status FROM facility_booking
    WHERE resource_id = ${w.cell.id} AND status = 'confirmed'`);
  assert.deepEqual([b.starts_at, b.ends_at], [`${w.on2}T00:00:00Z`, `${w.on2}T02:00:00Z`]);
  assert.deepEqual(chen.problems, []);
  assert.deepEqual(staff.problems, []);
});

test('staff make a rate card and issue last month\'s statements, confirmed; the teacher joins the waiting list of a full slot', async () => {
  const staff = await signedIn('staff');
  await visit(staff, '/facility/rate-cards/new', 'staff');
  await staff.fill('#f-name', '合作院校实训工位收费标准');
  await staff.selectOption('#f-customer_kind', 'partner');
  await staff.selectOption('#f-resource_kind', 'cell');
  await staff.fill('#f-peak_fen', '40.00');
  await staff.fill('#f-offpeak_fen', '20.50');
  await staff.selectOption('#f-rounding', 'quarter');
  await staff.fill('#f-valid_from', '2020-01-01');
  await Promise.all([staff.waitForNavigation(), staff.click('main form button[type=submit].primary')]);
  await keep(staff, 'the rate card', 'staff');
  assert.deepEqual(dbRows(db.url, "SELECT peak_fen, offpeak_fen FROM facility_rate_card WHERE name = '合作院校实训工位收费标准'")
    .map((r) => [Number(r.peak_fen), Number(r.offpeak_fen)]), [[4000, 2050]]);

  // Last month's draft of the university, issued from the page once confirmed.
  const t = new Date(Date.now() + 8 * 3600e3);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const made = await fetch(srv.url + '/api/v1/facility/statements', { method: 'POST', headers: admin, body: JSON.stringify({ org_id: w.univ.id, month: last }) });
  assert.equal(made.status, 201, await made.text());
  await visit(staff, '/facility/statements', 'staff');
  await Promise.all([staff.waitForNavigation(), staff.click('a[href="/facility/statements/issue"]')]);
  await keep(staff, 'issue a month', 'staff');
  assert.equal(await staff.inputValue('#f-month'), last);
  await staff.click('form[action="/facility/statements/issue"] button[type=submit]');
  await staff.waitForSelector('dialog.confirm-dialog[open]');
  assert.match(await staff.textContent('dialog.confirm-dialog'), new RegExp(`将出具 ${last} 全部未出具的对账单`));
  await Promise.all([staff.waitForNavigation(), staff.click('dialog.confirm-dialog button[value="yes"]')]);
  assert.match(await staff.textContent('.flash-success'), /已出具该月的对账单/);
  assert.match(await staff.textContent('main table'), /长春工程学院[\s\S]*已出具/);
  assert.deepEqual(dbRows(db.url, `SELECT status FROM facility_statement WHERE org_id = ${w.univ.id} AND month = '${last}'`), [{ status: 'issued' }]);
  assert.deepEqual(staff.problems, []);

  // The firm holds the cell; the teacher, on its week, joins the waiting list instead of booking.
  const on3 = day(Date.now() + 9 * 86400e3);
  const taken = await fetch(srv.url + '/api/v1/facility/bookings', { method: 'POST', headers: admin,
    body: JSON.stringify({ resource_id: w.cell.id, org_id: w.firm.id, starts_at: `${on3}T02:00:00Z`, ends_at: `${on3}T04:00:00Z` }) });
  assert.equal(taken.status, 201, await taken.text());
  const chen = await signedIn('chen');
  await chen.goto(srv.url + `/facility/resources/${w.cell.id}/week?from=${on3}`);
  await chen.fill('#b-on', on3);
  await chen.fill('#b-from', '10:00');
  await chen.fill('#b-to', '11:00');
  await chen.fill('#b-purpose', '焊接机器人示教');
  await Promise.all([chen.waitForNavigation(), chen.click('button[formaction$="/waitlist"]')]);
  assert.match(await chen.textContent('.flash-success'), /已加入候补名单/);
  await keep(chen, 'the waiting entry', 'college');
  assert.match(await chen.textContent('main'), /你在候补名单上的位次：1/);
  assert.ok(await chen.isDisabled('form[action$="/take"] button'), 'nothing held yet');
  assert.match(await chen.textContent('#why-take'), /暂无空位为你保留/);
  assert.deepEqual(dbRows(db.url, `SELECT status, org_id FROM facility_waitlist WHERE resource_id = ${w.cell.id}`)
    .map((r) => [r.status, Number(r.org_id)]), [['waiting', w.univ.id]]);
  // The teacher subscribes to its own bookings: the URL is shown once, to copy.
  await visit(chen, '/facility/feeds', 'college');
  await Promise.all([chen.waitForNavigation(), chen.click('button:has-text("订阅我的预约")')]);
  await keep(chen, 'a feed just made', 'college');
  assert.match(await chen.inputValue('#feed-url'), new RegExp(`^${srv.url}/feeds/facility/[\\w-]+\\.ics$`));
  assert.match(await chen.textContent('main table'), /我的预约[\s\S]*陈老师/);
  assert.deepEqual(chen.problems, []);
});

test('staff pages are valid HTML and accessible, on a phone too', async () => {
  const staff = await signedIn('staff');
  for (const p of ['/facility/resources', `/facility/resources/${w.room.id}`, '/facility/resources/new',
    `/facility/resources/${w.room.id}/week?from=${w.on}`, '/facility/bookings', '/facility/terms', `/facility/terms/${w.term.id}`,
    '/facility/agreements', `/facility/agreements/${w.agreement.id}`, '/facility/allocations', '/facility/allocations/new',
    `/facility/figures?as_of=${w.on}`, '/facility/availability', `/facility/availability?from=${w.on}&to=${w.on}`,
    '/facility/calendar', '/facility/calendar/new', '/facility/hours', '/facility/hours/new',
    '/facility/maintenance', '/facility/maintenance/new', `/facility/centres/${w.centre.id}/week?from=${w.on}`, '/facility/series',
    '/facility/rate-cards', '/facility/statements', '/facility/waitlist', '/facility/feeds', '/']) {
    await visit(staff, p, 'staff');
  }
  assert.deepEqual(staff.problems, []);
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(srv.url + '/login');
  await phone.fill('#name', 'chen');
  await phone.fill('#password', PASS);
  await Promise.all([phone.waitForNavigation(), phone.click('button[type=submit].primary')]);
  await visit(phone, `/facility/resources/${w.cell.id}/week?from=${w.on}`, 'college, phone');
  const [{ id }] = dbRows(db.url, `SELECT id FROM facility_booking WHERE resource_id = ${w.cell.id} AND status = 'confirmed'`);
  await visit(phone, `/facility/bookings/${id}`, 'college, phone');
  assert.ok(await phone.isVisible('#c-on'), 'the change form on a phone');
  await screenshot(phone, 'facility-week-phone');
});

test('every facility page visited is valid HTML (W3C Nu checker)', async () => {
  const report = await new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files.map((f) => f.file)],
      { maxBuffer: 1 << 24 }, (err, stdout) => {
        try { resolve(JSON.parse(stdout)); } catch { reject(err || new Error(stdout)); }
      });
  });
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal').map((m) => {
    const f = files.find((x) => m.url && path.basename(m.url) === path.basename(x.file));
    return `${f ? f.page : m.url}:${m.lastLine}: ${m.message}`;
  });
  assert.deepEqual(errors, []);
});
