// When the shared facilities are open, and where they are free (issue 17,
// items 3 and 9): a resource's weekly opening hours refuse a booking out
// of them (staff may still book); the park's calendar closes resources on
// a public holiday and opens them on a make-up working day (调休) with a
// weekday's hours; a window of maintenance laid over bookings lists them
// and notifies their bookers, and refuses bookings over it; a cohort's
// session out of hours is booked with a warning. The availability search
// finds the free slots of each resource within all of that, and the
// certificate filter leaves out what the caller may not use. Bad input is
// 400 naming the field, and nothing is written. Runs on SQLite and on
// PostgreSQL (JIANGGU_TEST_DB); every JSON answer is checked against the
// OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken, firmToken;
const w = {};
const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) });
const B = '/api/v1/facility';

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

async function create(path, body, token = adminToken) {
  const res = await api.request('POST', path, as(token, body));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function userWithToken(name, roles, org) {
  const args = ['user', 'add', name, '--db', db.url];
  for (const r of roles) args.push('--role', r);
  if (org) args.push('--org', String(org));
  const add = await runCli(args, { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

// 2030-04-01 is a Monday; a time of the park's clock that day or after.
const at = (date, hhmm) => new Date(`${date}T${hhmm}:00+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');
const book = (resource, on, from, to, token = firmToken) =>
  api.request('POST', `${B}/bookings`, as(token, { resource_id: resource.id, on, from, to }));

before(async () => {
  db = freshDatabase();
  adminToken = await userWithToken('root', ['admin']);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  w.firm = await create('/api/v1/orgs', { kind: 'enterprise', name: '长春示例数控有限公司' });
  firmToken = await userWithToken('shukong', ['enterprise'], w.firm.id);
  w.lathe = await create(`${B}/resources`, { name: '五轴数控加工中心', kind: 'machine', seats: 1 });
  w.bay = await create(`${B}/resources`, { name: '数控车削实训区', kind: 'cell', seats: 4 });
  w.sim = await create(`${B}/resources`, { name: '城轨列车驾驶模拟器', kind: 'machine', seats: 1,
    required_occupation: '城市轨道交通列车司机', required_level: 4 });
  // The lathe: weekdays 08:00-12:00 and 13:00-18:00.
  for (let d = 1; d <= 5; d++) {
    await create(`${B}/hours`, { resource_id: w.lathe.id, weekday: d, opens_at: '08:00', closes_at: '12:00' });
    await create(`${B}/hours`, { resource_id: w.lathe.id, weekday: d, opens_at: '13:00', closes_at: '18:00' });
  }
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('opening hours: out of them is 409 naming the resource and the time; staff may still book; bad hours name the field', async () => {
  const before = count('facility_booking');
  let res = await book(w.lathe, '2030-04-06', '09:00', '10:00');		// a Saturday
  assertError(res, 409, 'conflict', 'starts_at');
  assert.match(res.json.error.message, /五轴数控加工中心 is not open at 2030-04-06 09:00/);
  res = await book(w.lathe, '2030-04-01', '11:30', '13:30');			// across the noon break
  assertError(res, 409, 'conflict', 'starts_at');
  assert.match(res.json.error.message, /not open at 2030-04-01 12:00/);
  assert.equal(count('facility_booking'), before);
  res = await book(w.lathe, '2030-04-01', '09:00', '10:00');
  assert.equal(res.status, 201, res.text);
  res = await api.request('POST', `${B}/bookings`, as(adminToken, { resource_id: w.lathe.id, org_id: w.firm.id,
    on: '2030-04-06', from: '09:00', to: '10:00' }));
  assert.equal(res.status, 201, res.text);

  assertError(await api.request('POST', `${B}/hours`, as(adminToken, { resource_id: w.lathe.id, weekday: 8, opens_at: '08:00', closes_at: '12:00' })), 400, 'invalid', 'weekday');
  assertError(await api.request('POST', `${B}/hours`, as(adminToken, { resource_id: w.lathe.id, weekday: 6, opens_at: '8:00', closes_at: '12:00' })), 400, 'invalid', 'opens_at');
  assertError(await api.request('POST', `${B}/hours`, as(adminToken, { resource_id: w.lathe.id, weekday: 6, opens_at: '12:00', closes_at: '08:00' })), 400, 'invalid', 'closes_at');
  assertError(await api.request('POST', `${B}/hours`, as(firmToken, { resource_id: w.lathe.id, weekday: 6, opens_at: '08:00', closes_at: '12:00' })), 403, 'forbidden');
  assert.equal(count('facility_hours'), 10);
});

test('the calendar: a public holiday closes, a make-up working day opens with a weekday\'s hours; bad entries name the field', async () => {
  await create(`${B}/calendar`, { on_date: '2030-04-05', kind: 'holiday', name: '清明节' });
  await create(`${B}/calendar`, { on_date: '2030-04-07', kind: 'workday', name: '清明节调休', as_weekday: 5 });
  let res = await book(w.lathe, '2030-04-05', '09:00', '10:00');
  assertError(res, 409, 'conflict', 'starts_at');
  res = await book(w.lathe, '2030-04-07', '09:00', '10:00');			// a Sunday that works
  assert.equal(res.status, 201, res.text);
  // A resource that keeps no hours is open on a holiday too.
  res = await book(w.bay, '2030-04-05', '09:00', '10:00');
  assert.equal(res.status, 201, res.text);

  assertError(await api.request('POST', `${B}/calendar`, as(adminToken, { on_date: '2030-04-08', kind: 'workday', name: '调休' })), 400, 'invalid', 'as_weekday');
  assertError(await api.request('POST', `${B}/calendar`, as(adminToken, { on_date: '2030-04-05', kind: 'holiday', name: '重复' })), 409, 'conflict', 'on_date');
  assertError(await api.request('POST', `${B}/calendar`, as(adminToken, { on_date: '2030-02-30', kind: 'holiday', name: '无此日' })), 400, 'invalid', 'on_date');
  assert.equal(count('facility_day'), 2);
});

test('a window of maintenance over bookings lists them and notifies their bookers; nobody books over it', async () => {
  const held = await book(w.bay, '2030-04-02', '14:00', '16:00');
  assert.equal(held.status, 201, held.text);
  const notes = count('notification');
  const res = await api.request('POST', `${B}/maintenance`, as(adminToken, { resource_id: w.bay.id,
    starts_at: at('2030-04-02', '13:00'), ends_at: at('2030-04-02', '17:00'), reason: '主轴更换' }));
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.affected.map((b) => b.id), [held.json.id]);
  assert.equal(count('notification') - notes, 1);
  assert.equal(rows(`SELECT title FROM notification ORDER BY id DESC LIMIT 1`)[0].title, '设施维护影响您的预约');
  const refused = await book(w.bay, '2030-04-02', '16:00', '17:00');
  assertError(refused, 409, 'conflict', 'starts_at');
  assert.match(refused.json.error.message, /under maintenance from 2030-04-02 13:00 to 2030-04-02 17:00: 主轴更换/);
  assertError(await api.request('POST', `${B}/maintenance`, as(adminToken, { resource_id: w.bay.id,
    starts_at: at('2030-04-03', '13:00'), ends_at: at('2030-04-03', '12:00'), reason: '倒置' })), 400, 'invalid', 'ends_at');
  assert.equal(count('facility_maintenance'), 1);
});

test('availability: free slots within hours, past bookings, holidays and maintenance; the certificate filter; bad search names the field', async () => {
  let res = await api.request('GET', `${B}/availability?kind=machine&from=2030-04-01&to=2030-04-07&minutes=120`, as(firmToken));
  assert.equal(res.status, 200, res.text);
  const lathe = res.json.items.find((i) => i.resource.id === w.lathe.id);
  assert.ok(lathe, res.text);
  // Monday: booked 09:00-10:00, so 10:00-12:00 and 13:00-18:00; at most eight slots.
  assert.deepEqual(lathe.slots.slice(0, 2).map((s) => [s.on, s.from, s.to]),
    [['2030-04-01', '10:00', '12:00'], ['2030-04-01', '13:00', '18:00']]);
  assert.ok(!lathe.slots.some((s) => s.on === '2030-04-05'), 'the holiday is closed');
  assert.equal(lathe.slots.length, 8);
  assert.equal(lathe.slots[0].starts_at, at('2030-04-01', '10:00'));
  // The same search again is answered from the memo until something is
  // committed: a booking of its first slot takes that slot away.
  const again = await api.request('GET', `${B}/availability?kind=machine&from=2030-04-01&to=2030-04-07&minutes=120`, as(firmToken));
  assert.deepEqual(again.json, res.json);
  const taken = await book(w.lathe, '2030-04-01', '10:00', '12:00');
  assert.equal(taken.status, 201, taken.text);
  const after = await api.request('GET', `${B}/availability?kind=machine&from=2030-04-01&to=2030-04-07&minutes=120`, as(firmToken));
  assert.deepEqual(after.json.items.find((i) => i.resource.id === w.lathe.id).slots[0].from, '13:00');
  await api.request('POST', `${B}/bookings/${taken.json.id}/cancel`, as(firmToken));
  // The simulator asks for a skill certificate the firm's account has none of.
  assert.ok(res.json.items.some((i) => i.resource.id === w.sim.id));
  res = await api.request('GET', `${B}/availability?kind=machine&from=2030-04-01&to=2030-04-07&certified=1`, as(firmToken));
  assert.equal(res.status, 200, res.text);
  assert.ok(!res.json.items.some((i) => i.resource.id === w.sim.id));
  // The bay on 2 April: maintenance 13:00-17:00 leaves the rest of the day.
  res = await api.request('GET', `${B}/availability?kind=cell&from=2030-04-02&to=2030-04-02&minutes=60&seats=4`, as(firmToken));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.items[0].slots.map((s) => [s.from, s.to]), [['00:00', '13:00'], ['17:00', '24:00']]);
  // One resource per answer, and the next from where it stopped.
  res = await api.request('GET', `${B}/availability?from=2030-04-01&limit=1`, as(firmToken));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.items.length, 1);
  assert.equal(res.json.next_after, res.json.items[0].resource.id);

  assertError(await api.request('GET', `${B}/availability?from=2030-04-07&to=2030-04-01`, as(firmToken)), 400, 'invalid', 'to');
  assertError(await api.request('GET', `${B}/availability?from=2030-04-01&to=2031-04-01`, as(firmToken)), 400, 'invalid', 'to');
  assertError(await api.request('GET', `${B}/availability?minutes=abc`, as(firmToken)), 400, 'invalid', 'minutes');
  assertError(await api.request('GET', `${B}/availability?kind=robot`, as(firmToken)), 400, 'invalid', 'kind');
});

test('bookers change or cancel their own bookings until the resource\'s change_hours before they start; staff always may', async () => {
  let res = await api.request('PATCH', `${B}/resources/${w.bay.id}`, as(adminToken, { change_hours: 48 }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.change_hours, 48);
  const held = await book(w.bay, '2030-04-09', '10:00', '11:00');
  assert.equal(held.status, 201, held.text);
  // Changed in place: the same booking (and so the same calendar UID),
  // its sequence raised, audited before and after; no booking made.
  let bookings = count('facility_booking');
  res = await api.request('POST', `${B}/bookings/${held.json.id}/change`, as(firmToken, { on: '2030-04-09', from: '11:00', to: '12:30', seats: 2 }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.id, held.json.id);
  assert.deepEqual([res.json.starts_at, res.json.ends_at, res.json.seats, res.json.minutes, res.json.status],
    [at('2030-04-09', '11:00'), at('2030-04-09', '12:30'), 2, 90, 'confirmed']);
  assert.ok(res.json.sequence > held.json.sequence, 'the calendars\' SEQUENCE rises');
  assert.equal(count('facility_booking'), bookings);
  const audit = rows(`SELECT before_json, after_json FROM audit_log WHERE entity = 'facility_booking' AND entity_id = ${held.json.id} AND action = 'change'`);
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0].before_json).starts_at, at('2030-04-09', '10:00'));
  assert.equal(JSON.parse(audit[0].after_json).starts_at, at('2030-04-09', '11:00'));
  // Only the seats: the times stay. Into a clash: 409 naming the resource and the time, nothing changed.
  res = await api.request('POST', `${B}/bookings/${held.json.id}/change`, as(firmToken, { seats: 1 }));
  assert.deepEqual([res.status, res.json.seats, res.json.starts_at], [200, 1, at('2030-04-09', '11:00')]);
  const full = await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: w.bay.id, on: '2030-04-09', from: '14:00', to: '15:00', seats: 4 }));
  assert.equal(full.status, 201, full.text);
  res = await api.request('POST', `${B}/bookings/${held.json.id}/change`, as(firmToken, { on: '2030-04-09', from: '14:30', to: '15:30' }));
  assertError(res, 409, 'conflict', 'resource_id');
  assert.match(res.json.error.message, new RegExp(`数控车削实训区 is taken from .* booking ${full.json.id} holds it`));
  assert.equal(rows(`SELECT starts_at FROM facility_booking WHERE id = ${held.json.id}`)[0].starts_at, at('2030-04-09', '11:00'));
  assert.equal((await api.request('POST', `${B}/bookings/${full.json.id}/cancel`, as(firmToken))).status, 200);
  // Changed into the lathe's closed hours: refused, nothing changed.
  const lathe = await book(w.lathe, '2030-04-09', '09:00', '10:00');
  assert.equal(lathe.status, 201, lathe.text);
  bookings = count('facility_booking');
  res = await api.request('POST', `${B}/bookings/${lathe.json.id}/change`, as(firmToken, { on: '2030-04-09', from: '12:00', to: '13:00' }));
  assertError(res, 409, 'conflict', 'starts_at');
  assert.deepEqual(rows(`SELECT status, starts_at FROM facility_booking WHERE id = ${lathe.json.id}`)[0], { status: 'confirmed', starts_at: at('2030-04-09', '09:00') });
  assert.equal(count('facility_booking'), bookings);
  assertError(await api.request('POST', `${B}/bookings/${lathe.json.id}/change`, as(firmToken, { resource_id: 0 })), 400, 'invalid', 'resource_id');
  assertError(await api.request('POST', `${B}/bookings/${lathe.json.id}/change`, as(firmToken, { room: 1 })), 400, 'invalid', 'room');
  // Moved to another resource, at the same times: the same booking.
  res = await api.request('POST', `${B}/bookings/${lathe.json.id}/change`, as(firmToken, { resource_id: w.bay.id }));
  assert.deepEqual([res.status, res.json.id, res.json.resource_id, res.json.starts_at], [200, lathe.json.id, w.bay.id, at('2030-04-09', '09:00')]);

  // Within 48 hours of its start: too late for the booker, not for staff.
  const soon = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  const near = await book(w.bay, soon, '23:00', '23:30');
  assert.equal(near.status, 201, near.text);
  res = await api.request('POST', `${B}/bookings/${near.json.id}/cancel`, as(firmToken));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /until 48 hours before they start/);
  assert.deepEqual([res.json.error.key, res.json.error.args], ['facility.err.too_late', ['数控车削实训区', '48']]);
  assertError(await api.request('POST', `${B}/bookings/${near.json.id}/change`, as(firmToken, { on: soon, from: '22:00', to: '22:30' })), 409, 'conflict');
  // Its page shows the booker the cancel button disabled, saying why; staff's is enabled.
  const pageOf = async (token) => (await fetch(`${srv.url}/facility/bookings/${near.json.id}`,
    { headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' } })).text();
  let html = await pageOf(firmToken);
  assert.match(html, /<p class="hint" id="cancel-wait">数控车削实训区的预约须在开始前 48 小时之前取消或修改/);
  assert.match(html, /<button type="submit" class="danger" disabled aria-describedby="cancel-wait">/);
  html = await pageOf(adminToken);
  assert.ok(!html.includes('cancel-wait'), 'staff may cancel');
  assert.match(html, /action="\/facility\/bookings\/\d+\/cancel"/);
  res = await api.request('POST', `${B}/bookings/${near.json.id}/cancel`, as(adminToken));
  assert.equal(res.status, 200, res.text);
});

test('a series\' page lists its occurrences, each linked to its booking; a skipped date has none', async () => {
  const res = await api.request('POST', `${B}/series`, as(firmToken, { resource_id: w.bay.id, on: '2030-05-07',
    count: 3, weekdays: '2,4', from: '10:00', to: '11:00', skip: ['2030-05-09'] }));
  assert.equal(res.status, 201, res.text);
  const id = res.json.id ?? res.json.series?.id;
  assert.ok(id, res.text);
  const made = rows(`SELECT id, on_date FROM facility_booking WHERE series_id = ${id} AND held_by_id IS NULL ORDER BY on_date`);
  assert.ok(made.length >= 2);
  assert.ok(!made.some((b) => b.on_date === '2030-05-09'));
  const page = await fetch(`${srv.url}/facility/series/${id}`, { headers: { authorization: `Bearer ${firmToken}` } });
  assert.equal(page.status, 200);
  const html = await page.text();
  for (const b of made) assert.match(html, new RegExp(`href="/facility/bookings/${b.id}"`));
  assert.match(html, /各次预约/);
  const list = await fetch(`${srv.url}/facility/series`, { headers: { authorization: `Bearer ${firmToken}` } });
  assert.equal(list.status, 200);
});

test('a refusal on the booking form names the field by its label, in Chinese', async () => {
  const res = await fetch(`${srv.url}/facility/resources/${w.bay.id}/bookings`, {
    method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${firmToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ on: '2020-01-06', from: '09:00', to: '10:00' }).toString(),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /开始：不能预约已过去的时间/);
});

test('refusals that name a resource and its times read in Chinese on a page, in Beijing time; the API keeps the English, its key and texts', async () => {
  const form = (resource, body, lang = 'zh-CN') => fetch(`${srv.url}/facility/resources/${resource.id}/bookings`, {
    method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${firmToken}`, cookie: `lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  const before = count('facility_booking');
  // Out of the lathe's hours (a Saturday).
  let res = await form(w.lathe, { on: '2030-04-13', from: '09:00', to: '10:00' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /五轴数控加工中心在 2030-04-13 09:00 不开放/);
  let api409 = await book(w.lathe, '2030-04-13', '09:00', '10:00');
  assertError(api409, 409, 'conflict', 'starts_at');
  assert.equal(api409.json.error.message, '五轴数控加工中心 is not open at 2030-04-13 09:00');
  assert.deepEqual([api409.json.error.key, api409.json.error.args], ['facility.err.closed', ['五轴数控加工中心', '2030-04-13 09:00']]);
  // Over another's booking: the clash names the times in Beijing time.
  const held = await book(w.lathe, '2030-04-15', '09:00', '10:00');
  assert.equal(held.status, 201, held.text);
  res = await form(w.lathe, { on: '2030-04-15', from: '09:30', to: '10:30' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), new RegExp(`五轴数控加工中心在 2030-04-15 09:30 至 2030-04-15 10:30 已被预约（预约编号 ${held.json.id}）`));
  res = await form(w.lathe, { on: '2030-04-15', from: '09:30', to: '10:30' }, 'en');
  assert.match(await res.text(), new RegExp(`五轴数控加工中心 is taken from 2030-04-15 09:30 to 2030-04-15 10:30 \\(booking ${held.json.id}\\)`));
  api409 = await book(w.lathe, '2030-04-15', '09:30', '10:30');
  assertError(api409, 409, 'conflict', 'resource_id');
  assert.match(api409.json.error.message, new RegExp(`^五轴数控加工中心 is taken from ${at('2030-04-15', '09:30')} to ${at('2030-04-15', '10:30')}: booking ${held.json.id} holds it`));
  assert.equal(api409.json.error.key, 'facility.err.taken');
  // Under maintenance (the window laid over the bay on 2030-04-02).
  res = await form(w.bay, { on: '2030-04-02', from: '16:00', to: '17:00' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /数控车削实训区在 2030-04-02 13:00 至 2030-04-02 17:00 维护中：主轴更换/);
  // More seats than the bay has.
  res = await form(w.bay, { on: '2030-04-16', from: '09:00', to: '10:00', seats: '5' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /数控车削实训区只有 4 个座位/);
  assert.equal(count('facility_booking'), before + 1);

  // Changing a booking from its page: the form holds its values and says
  // until when; a clash comes back on the page in Chinese, nothing changed;
  // then the change is made, the same booking.
  const mine = await book(w.lathe, '2030-04-16', '14:00', '15:00');
  assert.equal(mine.status, 201, mine.text);
  const page = await (await fetch(`${srv.url}/facility/bookings/${mine.json.id}`, {
    headers: { authorization: `Bearer ${firmToken}`, cookie: 'lang=zh-CN' } })).text();
  assert.match(page, /id="c-on" name="on" type="date" required value="2030-04-16"/);
  assert.match(page, /id="c-from" name="from" type="time" required value="14:00"/);
  assert.match(page, /五轴数控加工中心 的预约在开始之前都可自行更改或取消/, 'its change_hours are 0');
  const change = (body) => fetch(`${srv.url}/facility/bookings/${mine.json.id}/change`, {
    method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${firmToken}`, cookie: 'lang=zh-CN', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  res = await change({ on: '2030-04-15', from: '09:30', to: '10:30' });
  assert.equal(res.status, 409);
  const refused = await res.text();
  assert.match(refused, new RegExp(`五轴数控加工中心在 2030-04-15 09:30 至 2030-04-15 10:30 已被预约（预约编号 ${held.json.id}）`));
  assert.match(refused, /id="c-from" name="from" type="time" required value="09:30"/, 'what was typed is kept');
  res = await change({ on: '2030-04-16', from: '25:00', to: '10:30' });
  assert.equal(res.status, 400);
  assert.equal(rows(`SELECT starts_at FROM facility_booking WHERE id = ${mine.json.id}`)[0].starts_at, at('2030-04-16', '14:00'));
  res = await change({ on: '2030-04-16', from: '15:00', to: '16:30', seats: '1', purpose: '五轴联动加工培训' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/facility/bookings/${mine.json.id}`);
  assert.deepEqual(rows(`SELECT starts_at, ends_at, purpose FROM facility_booking WHERE id = ${mine.json.id}`)[0],
    { starts_at: at('2030-04-16', '15:00'), ends_at: at('2030-04-16', '16:30'), purpose: '五轴联动加工培训' });
  assert.equal(count('facility_booking'), before + 2);
});
