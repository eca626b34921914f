// Training books its rooms through the shared facilities (issue 17, item
// 1): each room has its resource, each session in a room holds its
// cohort's booking of the whole room, made with the session and moved with
// its time in the same transaction. A second class in the room at that
// time, or a session moved onto another's time or onto a partner's
// booking, is 409 naming the room and the booking in the way, and nothing
// is written; a session may lie in the past; leaving for a firm's workshop
// cancels the booking. Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB);
// every JSON answer is checked against the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, token;
const w = {};
const rows = (sql) => dbRows(db.url, sql);
const auth = (body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const beijingDate = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
// Three days ahead, as a Beijing date; a time of it in UTC.
const day = beijingDate(Date.now() + 3 * DAY);
const at = (hhmm, d = day) => new Date(`${d}T${hhmm}:00+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function post(path, body, status = 201) {
  const res = await api.request('POST', path, auth(body));
  assert.equal(res.status, status, res.text);
  return res.json;
}

const booking = (id) => rows(`SELECT resource_id, org_id, cohort_id, starts_at, ends_at, minutes,
  seats, whole, status FROM facility_booking WHERE id = ${id}`)[0];
const count = (table) => Number(rows(`SELECT COUNT(*) AS n FROM ${table}`)[0].n);

const session = (cohort, from, to, extra = {}) => api.request('POST', '/api/v1/training/sessions', auth({
  cohort_id: cohort.id, kind: 'classroom', topic: '机器人编程', room_id: w.room.id,
  teacher_person_id: w.teacher.id, starts_at: at(from), ends_at: at(to), ...extra }));

before(async () => {
  db = freshDatabase();
  const mig = await runCli(['migrate', '--db', db.url]);
  assert.equal(mig.status, 0, mig.stderr);
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  token = (await runCli(['user', 'token', 'root', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);

  w.firm = await post('/api/v1/orgs', { name: '长春示例机器人有限公司', kind: 'enterprise' });
  w.univ = await post('/api/v1/orgs', { name: '长春示例工业大学', kind: 'university' });
  w.teacher = await post('/api/v1/people', { name: '周老师' });
  w.centre = await post('/api/v1/training/centres', { name: '工业机器人工程中心', capacity: 200 });
  w.room = await post('/api/v1/training/rooms', { centre_id: w.centre.id, name: '301 实训教室', kind: 'classroom', capacity: 30 });
  const programme = await post('/api/v1/training/programmes', { kind: 'in_service', name: '机器人运维在岗提升',
    occupation: '工业机器人系统运维员', firm_org_id: w.firm.id });
  const cohort = (name) => post('/api/v1/training/cohorts', { programme_id: programme.id, centre_id: w.centre.id,
    name, capacity: 20, starts_on: beijingDate(Date.now() - 10 * DAY),
    ends_on: beijingDate(Date.now() + 30 * DAY), teacher_person_id: w.teacher.id });
  w.one = await cohort('2026 运维一班');
  w.two = await cohort('2026 运维二班');
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0);
});

test('a room has its resource: a room of its centre, its seats the capacity, renamed and re-seated with it', async () => {
  assert.ok(w.room.resource_id > 0);
  let [res] = rows(`SELECT name, kind, centre_id, seats FROM facility_resource WHERE id = ${w.room.resource_id}`);
  assert.deepEqual({ ...res, centre_id: Number(res.centre_id), seats: Number(res.seats) },
    { name: '301 实训教室', kind: 'room', centre_id: w.centre.id, seats: 30 });
  const r = await api.request('PATCH', `/api/v1/training/rooms/${w.room.id}`, auth({ name: '301 机器人实训教室', capacity: 32 }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.resource_id, w.room.resource_id);
  [res] = rows(`SELECT name, seats FROM facility_resource WHERE id = ${w.room.resource_id}`);
  assert.deepEqual({ ...res, seats: Number(res.seats) }, { name: '301 机器人实训教室', seats: 32 });
  // The resource is the rules' to set.
  const bad = await api.request('PATCH', `/api/v1/training/rooms/${w.room.id}`, auth({ resource_id: 1 }));
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'resource_id');
});

test('a session books the whole room for its cohort; a second class at that time is 409 naming the room, nothing written', async () => {
  const a = await session(w.one, '09:00', '11:00');
  assert.equal(a.status, 201, a.text);
  w.a = a.json;
  assert.ok(w.a.booking_id > 0);
  const b = booking(w.a.booking_id);
  assert.equal(Number(b.resource_id), w.room.resource_id);
  assert.equal(b.org_id, null);
  assert.equal(Number(b.cohort_id), w.one.id);
  assert.equal(b.starts_at, w.a.starts_at);
  assert.equal(b.ends_at, w.a.ends_at);
  assert.equal(Number(b.seats), 32);
  assert.equal(Number(b.whole), 1);
  assert.equal(b.status, 'confirmed');

  const sessions = count('training_session');
  const bookings = count('facility_booking');
  const res = await session(w.two, '10:00', '12:00');
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.code, 'conflict');
  assert.equal(res.json.error.field, 'room_id');
  assert.match(res.json.error.message, /301 机器人实训教室/);
  assert.match(res.json.error.message, new RegExp(`booking ${w.a.booking_id}`));
  assert.equal(count('training_session'), sessions);
  assert.equal(count('facility_booking'), bookings);
});

test('moving a session moves its booking in the same transaction; onto another class: 409 naming the room, nothing changed', async () => {
  const res = await session(w.two, '13:00', '15:00');
  assert.equal(res.status, 201, res.text);
  w.b = res.json;
  const was = booking(w.b.booking_id);
  const audits = () => Number(rows(`SELECT COUNT(*) AS n FROM audit_log
    WHERE entity IN ('training_session', 'facility_booking')`)[0].n);
  const audited = audits();
  let r = await api.request('PATCH', `/api/v1/training/sessions/${w.b.id}`, auth({ starts_at: at('10:30') }));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.field, 'room_id');
  assert.match(r.json.error.message, /301 机器人实训教室/);
  assert.deepEqual(booking(w.b.booking_id), was);
  assert.equal(rows(`SELECT starts_at FROM training_session WHERE id = ${w.b.id}`)[0].starts_at, w.b.starts_at);
  assert.equal(audits(), audited);

  r = await api.request('PATCH', `/api/v1/training/sessions/${w.b.id}`, auth({ starts_at: at('11:00'), ends_at: at('12:30') }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.booking_id, w.b.booking_id);
  const moved = booking(w.b.booking_id);
  assert.equal(moved.starts_at, at('11:00'));
  assert.equal(moved.ends_at, at('12:30'));
  assert.equal(Number(moved.minutes), 90);
  assert.equal(Number(rows(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'facility_booking'
    AND entity_id = ${w.b.booking_id} AND action = 'move'`)[0].n), 1);
});

test('a cohort session in a room an organisation holds at that time: 409; a past session books too', async () => {
  // A firm's staff booked two seats of the room for 16:00 (through staff).
  const held = await post('/api/v1/facility/bookings', { resource_id: w.room.resource_id, org_id: w.firm.id,
    on: day, from: '16:00', to: '17:00', seats: 2 });
  const r = await api.request('PATCH', `/api/v1/training/sessions/${w.b.id}`, auth({ starts_at: at('16:30'), ends_at: at('17:30') }));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.field, 'room_id');
  assert.match(r.json.error.message, new RegExp(`booking ${held.id} holds it`));
  const yesterday = beijingDate(Date.now() - DAY);
  const res = await api.request('POST', '/api/v1/training/sessions', auth({
    cohort_id: w.one.id, kind: 'classroom', topic: '补录', room_id: w.room.id, teacher_person_id: w.teacher.id,
    starts_at: at('09:00', yesterday), ends_at: at('10:00', yesterday) }));
  assert.equal(res.status, 201, res.text);
  assert.equal(booking(res.json.booking_id).starts_at, at('09:00', yesterday));
});

test('a session that leaves for a firm\'s workshop gives the room back; its seconds are whole minutes of the room', async () => {
  const r = await api.request('PATCH', `/api/v1/training/sessions/${w.a.id}`,
    auth({ kind: 'workshop', room_id: null, workshop_org_id: w.firm.id }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.booking_id, null);
  assert.equal(booking(w.a.booking_id).status, 'cancelled');
  // The room is free again at 09:00.
  const odd = await api.request('POST', '/api/v1/training/sessions', auth({
    cohort_id: w.two.id, kind: 'classroom', topic: '秒', room_id: w.room.id, teacher_person_id: w.teacher.id,
    starts_at: at('09:00').replace(':00Z', ':30Z'), ends_at: at('09:59').replace(':00Z', ':10Z') }));
  assert.equal(odd.status, 201, odd.text);
  const b = booking(odd.json.booking_id);
  assert.equal(b.starts_at, at('09:00'));
  assert.equal(b.ends_at, at('10:00'));
  assert.equal(Number(b.minutes), 60);
});

test('a centre\'s week: its resources by day, each day free, partly booked, full or closed', async () => {
  const res = await api.request('GET', `/api/v1/facility/centres/${w.centre.id}/week?from=${day}`, auth());
  assert.equal(res.status, 200, res.text);
  const row = res.json.rows.find((r) => r.resource.id === w.room.resource_id);
  assert.ok(row, res.text);
  const cell = row.cells.find((c) => c.date === day);
  // 09:00-10:00 and 11:00-12:30 of two classes take the room; the firm's
  // two seats at 16:00 leave one free. The room keeps no hours.
  assert.deepEqual([cell.state, cell.bookings, cell.open_minutes, cell.free_minutes], ['partly', 3, 1440, 1440 - 150]);
  assert.ok(row.cells.some((c) => c.state === 'free'));
  const page = await fetch(`${srv.url}/facility/centres/${w.centre.id}/week?from=${day}`, { headers: auth().headers });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /301 机器人实训教室/);
  assert.match(html, /部分占用 · 3/);
  const bad = await api.request('GET', `/api/v1/facility/centres/${w.centre.id}/week?from=2026-02-30`, auth());
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'from');
});

test('archiving a session frees its room booking in the same transaction; the room books again', async () => {
  const s = await session(w.one, '19:00', '20:00');
  assert.equal(s.status, 201, s.text);
  assert.equal(booking(s.json.booking_id).status, 'confirmed');
  let r = await api.request('DELETE', `/api/v1/training/sessions/${s.json.id}`, auth());
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.archived_at);
  assert.equal(booking(s.json.booking_id).status, 'cancelled');
  assert.equal(Number(rows(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'facility_booking'
    AND entity_id = ${s.json.booking_id} AND action = 'cancel'`)[0].n), 1);
  // Archived again: nothing more happens.
  r = await api.request('DELETE', `/api/v1/training/sessions/${s.json.id}`, auth());
  assert.equal(r.status, 200, r.text);
  const again = await session(w.two, '19:00', '20:00');
  assert.equal(again.status, 201, again.text);
  // The page's archive does the same.
  const page = await fetch(`${srv.url}/training/sessions/${again.json.id}/archive`, { method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${token}` } });
  assert.equal(page.status, 303, await page.text());
  assert.equal(booking(again.json.booking_id).status, 'cancelled');
  assert.ok(rows(`SELECT archived_at FROM training_session WHERE id = ${again.json.id}`)[0].archived_at);
});

test('a session out of its room\'s opening hours is booked with a warning, and its page keeps showing it in Chinese', async () => {
  for (let d = 1; d <= 7; d++)
    await post('/api/v1/facility/hours', { resource_id: w.room.resource_id, weekday: d, opens_at: '08:00', closes_at: '18:00' });
  const late = await session(w.one, '20:30', '21:30');
  assert.equal(late.status, 201, late.text);
  assert.deepEqual(late.json.warnings, [`301 机器人实训教室 is not open at ${day} 20:30`]);
  let page = await fetch(`${srv.url}/training/sessions/${late.json.id}`, { headers: auth().headers });
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(`class="flash flash-warning" role="status">301 机器人实训教室在 ${day} 20:30 不开放<`));
  const inside = await session(w.one, '08:00', '08:45');
  assert.equal(inside.status, 201, inside.text);
  assert.equal(inside.json.warnings, undefined);
  page = await fetch(`${srv.url}/training/sessions/${inside.json.id}`, { headers: auth().headers });
  assert.doesNotMatch(await page.text(), /flash-warning/);
});

test('a room\'s capacity changes its class bookings to come with it; the past keep theirs; an organisation\'s seats still bound it', async () => {
  const resized = () => rows(`SELECT seats, whole, ends_at FROM facility_booking WHERE resource_id = ${w.room.resource_id}
    AND cohort_id IS NOT NULL AND status = 'confirmed' ORDER BY id`);
  const now = new Date().toISOString();
  let r = await api.request('PATCH', `/api/v1/training/rooms/${w.room.id}`, auth({ capacity: 40 }));
  assert.equal(r.status, 200, r.text);
  for (const b of resized()) assert.deepEqual([Number(b.seats), Number(b.whole)], [b.ends_at > now ? 40 : 32, 1], JSON.stringify(b));
  assert.ok(resized().some((b) => b.ends_at < now), 'a past class keeps its seats');
  // Smaller than before: the classes to come shrink with it.
  r = await api.request('PATCH', `/api/v1/training/rooms/${w.room.id}`, auth({ capacity: 20 }));
  assert.equal(r.status, 200, r.text);
  assert.ok(resized().filter((b) => b.ends_at > now).every((b) => Number(b.seats) === 20));
  // The firm holds two seats at 16:00: one seat is too few, nothing changes.
  r = await api.request('PATCH', `/api/v1/training/rooms/${w.room.id}`, auth({ capacity: 1 }));
  assert.equal(r.status, 409, r.text);
  assert.equal(Number(rows(`SELECT seats FROM facility_resource WHERE id = ${w.room.resource_id}`)[0].seats), 20);
  assert.equal(Number(rows(`SELECT capacity FROM training_room WHERE id = ${w.room.id}`)[0].capacity), 20);
  // The database holds it too: straight SQL resizes them as well.
  assert.equal(dbTryExec(db.url, `UPDATE facility_resource SET seats = 24 WHERE id = ${w.room.resource_id}`).ok, true);
  assert.ok(resized().filter((b) => b.ends_at > now).every((b) => Number(b.seats) === 24));
});
