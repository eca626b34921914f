// A training session's time (issue 15): starts_at and ends_at, stored UTC
// and shown in Beijing time, change through PATCH and the edit form until
// the session starts and while it has no attendance mark; the date and
// minutes follow in the same transaction, audited. A refused move is 409
// naming the field and changes nothing. Runs on SQLite and on PostgreSQL
// (JIANGGU_TEST_DB); every JSON answer is checked against the OpenAPI
// document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, token;
const w = {};
const rows = (sql) => dbRows(db.url, sql);
const auth = (body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const beijingDate = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
// Two days ahead, as a Beijing date, and 09:00, 10:00, 11:00 there in UTC.
const day = beijingDate(Date.now() + 2 * DAY);
const at = (hhmm) => new Date(`${day}T${hhmm}:00+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function post(path, body, status = 201) {
  const res = await api.request('POST', path, auth(body));
  assert.equal(res.status, status, res.text);
  return res.json;
}

// What the row holds: the times, the date and minutes they give, and when
// it was last changed (a refused move must leave all of it).
const stored = (id) => rows(`SELECT starts_at, ends_at, on_date, minutes, updated_at
  FROM training_session WHERE id = ${id}`)[0];
const audits = (id) => Number(rows(`SELECT COUNT(*) AS n FROM audit_log
  WHERE entity = 'training_session' AND entity_id = ${id}`)[0].n);

async function page(path, { method = 'GET', form } = {}) {
  const init = { method, redirect: 'manual', headers: { authorization: `Bearer ${token}` } };
  if (form) {
    init.body = new URLSearchParams(form).toString();
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(srv.url + path, init);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

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

  const firm = await post('/api/v1/orgs', { name: '长春示例装备有限公司', kind: 'enterprise' });
  const teacher = await post('/api/v1/people', { name: '孙老师' });
  const trainee = await post('/api/v1/people', { name: '学员丙' });
  const centre = await post('/api/v1/training/centres', { name: '城市轨道交通实训中心', capacity: 100 });
  w.room = await post('/api/v1/training/rooms', { centre_id: centre.id, name: '201 实训室', kind: 'classroom', capacity: 30 });
  const programme = await post('/api/v1/training/programmes', { kind: 'in_service', name: '信号维护在岗提升',
    occupation: '信号工', firm_org_id: firm.id });
  w.cohort = await post('/api/v1/training/cohorts', { programme_id: programme.id, centre_id: centre.id,
    name: '2026 信号一班', capacity: 20, starts_on: beijingDate(Date.now() - 10 * DAY),
    ends_on: beijingDate(Date.now() + 30 * DAY), teacher_person_id: teacher.id });
  w.teacher = teacher;
  w.enrolment = await post('/api/v1/training/enrolments', { cohort_id: w.cohort.id, person_id: trainee.id,
    source: 'firm_staff', source_org_id: firm.id, enrolled_on: beijingDate(Date.now() - 5 * DAY) });
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0);
});

const session = (starts_at, ends_at, topic) => post('/api/v1/training/sessions', {
  cohort_id: w.cohort.id, kind: 'classroom', topic, room_id: w.room.id,
  teacher_person_id: w.teacher.id, starts_at, ends_at });

test('a session created at 09:00 Beijing time is stored as 01:00Z and shown as 09:00; moved to 10:00 before it starts', async () => {
  const s = await session(at('09:00'), at('11:00'), '道岔维护');
  assert.equal(s.starts_at, `${day}T01:00:00Z`);
  let row = stored(s.id);
  assert.equal(row.starts_at, `${day}T01:00:00Z`);
  assert.equal(row.ends_at, `${day}T03:00:00Z`);
  assert.equal(row.on_date, day);
  assert.equal(Number(row.minutes), 120);
  let res = await page(`/training/sessions/${s.id}`);
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`${day} 09:00`));

  const audited = audits(s.id);
  res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth({ starts_at: at('10:00') }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.starts_at, `${day}T02:00:00Z`);
  assert.equal(res.json.minutes, 60, 'the minutes follow the new time');
  row = stored(s.id);
  assert.equal(row.starts_at, `${day}T02:00:00Z`);
  assert.equal(row.ends_at, `${day}T03:00:00Z`);
  assert.equal(Number(row.minutes), 60);
  assert.equal(row.on_date, day);
  assert.equal(audits(s.id), audited + 1, 'the move is audited');
  const [entry] = rows(`SELECT action, before_json, after_json FROM audit_log
    WHERE entity = 'training_session' AND entity_id = ${s.id} ORDER BY id DESC LIMIT 1`);
  assert.equal(entry.action, 'update');
  assert.equal(JSON.parse(entry.before_json).starts_at, `${day}T01:00:00Z`);
  assert.equal(JSON.parse(entry.after_json).starts_at, `${day}T02:00:00Z`);
  assert.equal(JSON.parse(entry.after_json).minutes, 60);
  res = await page(`/training/sessions/${s.id}`);
  assert.match(res.text, new RegExp(`${day} 10:00`));

  // To the next day, from the edit form: the Beijing date follows.
  const next = beijingDate(Date.parse(`${day}T12:00:00+08:00`) + DAY);
  res = await page(`/training/sessions/${s.id}/edit`);
  assert.equal(res.status, 200);
  assert.match(res.text, /name="starts_at"/, 'the form offers the time');
  res = await page(`/training/sessions/${s.id}`, { method: 'POST', form: {
    starts_at: `${day}T16:30:00Z`, ends_at: `${day}T18:00:00Z` } });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  row = stored(s.id);
  assert.equal(row.on_date, next, '00:30 in Beijing is the next day');
  assert.equal(Number(row.minutes), 90);
});

test('the date and minutes are never taken from input; a bad span names ends_at; nothing changes', async () => {
  const s = await session(at('09:00'), at('10:00'), '安全规程');
  const was = stored(s.id);
  for (const [body, field] of [[{ minutes: 5 }, 'minutes'], [{ on_date: day }, 'on_date'],
    [{ ends_at: at('08:00') }, 'ends_at'], [{ ends_at: `${beijingDate(Date.now() + 5 * DAY)}T01:00:00Z` }, 'ends_at'],
    [{ starts_at: '2026-02-30T01:00:00Z' }, 'starts_at'],
    [{ starts_at: utc(Date.now() - HOUR), ends_at: utc(Date.now()) }, 'starts_at']]) {
    const res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth(body));
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.json.error.field, field);
  }
  assert.deepEqual(stored(s.id), was);
});

test('a session that has started cannot move: 409 naming the field, nothing changed', async () => {
  const s = await session(utc(Date.now() - 30 * 60000), utc(Date.now() + 30 * 60000), '已开课');
  const was = stored(s.id);
  const audited = audits(s.id);
  let res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth({ starts_at: at('10:00'), ends_at: at('11:00') }));
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.code, 'conflict');
  assert.equal(res.json.error.field, 'starts_at');
  assert.match(res.json.error.message, /has started/);
  res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth({ ends_at: utc(Date.now() + HOUR) }));
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.field, 'ends_at');
  assert.deepEqual(stored(s.id), was);
  assert.equal(audits(s.id), audited);
  // Its other fields still change, also from the form, which sends the
  // times as they are.
  res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth({ topic: '已开课（补充）' }));
  assert.equal(res.status, 200, res.text);
  res = await page(`/training/sessions/${s.id}`, { method: 'POST', form: {
    topic: '已开课（再补充）', starts_at: was.starts_at, ends_at: was.ends_at } });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal(rows(`SELECT topic FROM training_session WHERE id = ${s.id}`)[0].topic, '已开课（再补充）');
  // The form says why, in Chinese, beside the field.
  res = await page(`/training/sessions/${s.id}`, { method: 'POST', form: {
    starts_at: at('10:00'), ends_at: at('11:00') } });
  assert.equal(res.status, 409);
  assert.match(res.text, /课次已开始，时间不能再修改/);
  assert.equal(stored(s.id).starts_at, was.starts_at);
});

test('a session not yet started cannot move once a trainee is marked (excused in advance)', async () => {
  // In the afternoon: the morning's session holds the room until 11:00.
  const s = await session(at('14:00'), at('16:00'), '提前请假');
  const mark = await api.request('POST', `/api/v1/training/sessions/${s.id}/attendance`,
    auth({ enrolment_id: w.enrolment.id, status: 'excused' }));
  assert.ok(mark.status === 200 || mark.status === 201, mark.text);
  const was = stored(s.id);
  const audited = audits(s.id);
  const res = await api.request('PATCH', `/api/v1/training/sessions/${s.id}`, auth({ starts_at: at('15:00') }));
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.field, 'starts_at');
  assert.match(res.json.error.message, /attendance marks/);
  assert.deepEqual(stored(s.id), was);
  assert.equal(stored(s.id).starts_at, `${day}T06:00:00Z`);
  assert.equal(audits(s.id), audited);
});
