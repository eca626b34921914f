// Training (issue 7) over HTTP: programmes and their checks, enrolment and
// capacity, self check-in only while a session runs, sessions held before
// an enrolment never counting, the hours ledger, the completion rule, the
// dual mentors' cap (sequential and at once), and what each role may see
// and do. Every JSON answer is checked against the served OpenAPI
// document; dbRows() checks what was (not) written. Runs on SQLite and on
// PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api;
const tok = {};
const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (who, body) => ({ headers: { authorization: `Bearer ${tok[who]}` },
  ...(body === undefined ? {} : { body }) });

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

async function post(who, path, body, status = 201) {
  const res = await api.request('POST', path, as(who, body));
  assert.equal(res.status, status, res.text);
  return res.json;
}

const HOUR = 3600 * 1000;
const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const beijingDate = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const now = Date.now();

async function account(name, role, { person, org } = {}) {
  const args = ['user', 'add', name, '--role', role, '--db', db.url];
  if (person) args.push('--person', String(person));
  if (org) args.push('--org', String(org));
  const add = await runCli(args, { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const t = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(t.status, 0, t.stderr);
  tok[name] = t.stdout.trim();
}

const w = {};	// the world the tests share

before(async () => {
  db = freshDatabase();
  const mig = await runCli(['migrate', '--db', db.url]);
  assert.equal(mig.status, 0, mig.stderr);
  await account('root', 'admin');
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);

  const org = (name, kind = 'enterprise') => post('root', '/api/v1/orgs', { name, kind });
  const person = (name) => post('root', '/api/v1/people', { name });
  w.firm = await org('长春示例汽车零部件有限公司');
  w.firm2 = await org('九台示例物流有限公司');
  w.uni = await org('长春示例大学', 'university');
  w.college = await org('中工示例技师学院', 'vocational_college');
  w.t1 = await person('王老师');
  w.t2 = await person('李老师');
  w.master = await person('赵师傅');
  w.master2 = await person('钱师傅');
  w.a = await person('学员甲');
  w.b = await person('学员乙');
  await account('teacher1', 'teacher', { person: w.t1.id });
  await account('teacher2', 'teacher', { person: w.t2.id });
  await account('masterz', 'teacher', { person: w.master.id, org: w.firm.id });
  await account('trainee_a', 'trainee', { person: w.a.id });
  await account('trainee_b', 'trainee', { person: w.b.id });
  await account('firm', 'enterprise', { org: w.firm.id });
  await account('firm2', 'enterprise', { org: w.firm2.id });
  await account('uni', 'college', { org: w.uni.id });

  w.centre = await post('root', '/api/v1/training/centres', { name: '工业机器人工程中心', capacity: 300 });
  w.room = await post('root', '/api/v1/training/rooms', { centre_id: w.centre.id, name: '101 理论教室', kind: 'classroom', capacity: 40 });
  // The other cohorts' room: two classes never share one at one time.
  w.room2 = await post('root', '/api/v1/training/rooms', { centre_id: w.centre.id, name: '102 理论教室', kind: 'classroom', capacity: 40 });
  w.order = await post('root', '/api/v1/training/programmes', {
    kind: 'order_class', name: '焊接机器人订单班', occupation: '焊工', firm_org_id: w.firm.id,
    seat_quota: 40, hiring_commitment: 30, certificate_name: '焊工', certificate_level: 4 });
  w.cohort = await post('root', '/api/v1/training/cohorts', {
    programme_id: w.order.id, centre_id: w.centre.id, name: '2026 焊接一班', capacity: 3,
    starts_on: beijingDate(now - 20 * 24 * HOUR), ends_on: beijingDate(now + 30 * 24 * HOUR),
    teacher_person_id: w.t1.id });
  const session = (startMs, minutes, extra = {}) => post('root', '/api/v1/training/sessions', {
    cohort_id: w.cohort.id, kind: 'classroom', topic: '安全规程', room_id: w.room.id,
    teacher_person_id: w.t1.id, starts_at: utc(startMs), ends_at: utc(startMs + minutes * 60000), ...extra });
  w.old = await session(now - 10 * 24 * HOUR, 120);	// before the enrolment
  w.past = await session(now - 2 * 24 * HOUR, 90);
  w.current = await session(now - 5 * 60000, 60);
  w.future = await session(now + 2 * 24 * HOUR, 120);
  const enrolledOn = beijingDate(now - 5 * 24 * HOUR);
  w.ea = await post('root', '/api/v1/training/enrolments', {
    cohort_id: w.cohort.id, person_id: w.a.id, source: 'partner_university', source_org_id: w.uni.id,
    enrolled_on: enrolledOn });
  w.eb = await post('root', '/api/v1/training/enrolments', {
    cohort_id: w.cohort.id, person_id: w.b.id, source: 'unemployed', enrolled_on: enrolledOn });
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- programmes, sessions, enrolment --------------------------------------

test('an order class without its firm, quota or commitment is 400 naming the field; nothing written', async () => {
  const before = count('training_programme');
  const audit = count('audit_log');
  let res = await api.request('POST', '/api/v1/training/programmes',
    as('root', { kind: 'order_class', name: '无企业订单班', occupation: '钳工', seat_quota: 10, hiring_commitment: 5 }));
  assertError(res, 400, 'invalid', 'firm_org_id');
  res = await api.request('POST', '/api/v1/training/programmes',
    as('root', { kind: 'order_class', name: '超额订单班', occupation: '钳工', firm_org_id: w.firm.id,
      seat_quota: 10, hiring_commitment: 11 }));
  assertError(res, 400, 'invalid', 'hiring_commitment');
  res = await api.request('POST', '/api/v1/training/programmes',
    as('root', { kind: 'pre_job', name: '岗前培训', occupation: '叉车司机' }));
  assertError(res, 400, 'invalid', 'firm_org_id');
  res = await api.request('POST', '/api/v1/training/programmes',
    as('root', { kind: 'college', name: '数控加工', occupation: '数控车工', college_org_id: w.college.id }));
  assertError(res, 400, 'invalid', 'intake_on');
  res = await api.request('POST', '/api/v1/training/programmes',
    as('root', { kind: 'guild', name: 'x', occupation: 'y' }));
  assertError(res, 400, 'invalid', 'kind');
  assert.equal(count('training_programme'), before);
  assert.equal(count('audit_log'), audit);
});

test('a centre\'s co-builders hold at most 100% together', async () => {
  const p1 = await post('root', '/api/v1/training/partners', { centre_id: w.centre.id, org_id: w.firm.id, share_pct: 60 });
  const before = count('training_partner');
  let res = await api.request('POST', '/api/v1/training/partners',
    as('root', { centre_id: w.centre.id, org_id: w.uni.id, share_pct: 50 }));
  assertError(res, 409, 'conflict', 'share_pct');
  assert.match(res.json.error.message, /110%/);
  assert.equal(count('training_partner'), before);
  const p2 = await post('root', '/api/v1/training/partners', { centre_id: w.centre.id, org_id: w.uni.id, share_pct: 40 });
  res = await api.request('PATCH', `/api/v1/training/partners/${p2.id}`, as('root', { share_pct: 41 }));
  assertError(res, 409, 'conflict', 'share_pct');
  res = await api.request('PATCH', `/api/v1/training/partners/${p1.id}`, as('root', { share_pct: 55, contribution: '机器人工作站' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.share_pct, 55);
  res = await api.request('GET', `/api/v1/training/partners?centre_id=${w.centre.id}`, as('root'));
  assert.equal(res.json.total, 2);
});

test('a session has its minutes, Beijing date and a six-digit code; bad times are 400', async () => {
  const s = w.past;
  assert.equal(s.minutes, 90);
  assert.match(s.code, /^[0-9]{6}$/);
  assert.equal(s.on_date, beijingDate(Date.parse(s.starts_at)));
  const before = count('training_session');
  const base = { cohort_id: w.cohort.id, kind: 'classroom', room_id: w.room.id, teacher_person_id: w.t1.id };
  let res = await api.request('POST', '/api/v1/training/sessions',
    as('root', { ...base, starts_at: '2026-03-01T08:00:00Z', ends_at: '2026-03-01T07:00:00Z' }));
  assertError(res, 400, 'invalid', 'ends_at');
  res = await api.request('POST', '/api/v1/training/sessions',
    as('root', { ...base, starts_at: '2026-03-01 08:00', ends_at: '2026-03-01T09:00:00Z' }));
  assertError(res, 400, 'invalid', 'starts_at');
  res = await api.request('POST', '/api/v1/training/sessions',
    as('root', { ...base, starts_at: '2026-03-01T08:00:00Z', ends_at: '2026-03-01T09:00:00Z', code: '123456' }));
  assertError(res, 400, 'invalid', 'code');
  res = await api.request('POST', '/api/v1/training/sessions',
    as('root', { ...base, workshop_org_id: w.firm.id, starts_at: '2026-03-01T08:00:00Z', ends_at: '2026-03-01T09:00:00Z' }));
  assertError(res, 400, 'invalid', 'room_id');
  assert.equal(count('training_session'), before);
});

// Issue 13, item 11: timegm() turned these into other instants, and the
// database's GLOB and regular expressions took any digits.
test('times and dates out of range are 400 naming the field, and the database refuses them too', async () => {
  const before = count('training_session');
  const base = { cohort_id: w.cohort.id, kind: 'classroom', room_id: w.room.id, teacher_person_id: w.t1.id };
  for (const [starts_at, ends_at, field] of [
    ['2026-19-39T10:00:00Z', '2026-03-01T11:00:00Z', 'starts_at'],
    ['2026-02-30T10:00:00Z', '2026-03-01T11:00:00Z', 'starts_at'],
    ['2026-03-01T10:00:00Z', '2026-03-01T24:00:00Z', 'ends_at'],
    ['2026-03-01T10:00:60Z', '2026-03-01T11:00:00Z', 'starts_at']]) {
    const res = await api.request('POST', '/api/v1/training/sessions', as('root', { ...base, starts_at, ends_at }));
    assertError(res, 400, 'invalid', field);
  }
  assert.equal(count('training_session'), before, 'nothing written');

  const refused = (sql) => {
    const res = dbTryExec(db.url, sql);
    assert.ok(!res.ok, `the database took: ${sql}`);
  };
  const session = () => rows(`SELECT starts_at, ends_at FROM training_session WHERE id = ${w.future.id}`)[0];
  const stored = session();
  refused(`UPDATE training_session SET ends_at = '2030-01-01T24:00:00Z' WHERE id = ${w.future.id}`);
  refused(`UPDATE training_session SET starts_at = '2026-02-30T10:00:00Z' WHERE id = ${w.future.id}`);
  assert.deepEqual(session(), stored);
  const cohort = () => rows(`SELECT starts_on, ends_on FROM training_cohort WHERE id = ${w.cohort.id}`)[0];
  const dates = cohort();
  refused(`UPDATE training_cohort SET ends_on = '2099-19-39' WHERE id = ${w.cohort.id}`);
  refused(`UPDATE training_cohort SET ends_on = '2099-02-29' WHERE id = ${w.cohort.id}`);
  assert.deepEqual(cohort(), dates);
  refused(`UPDATE org SET founded_on = '2019-19-39' WHERE id = ${w.firm.id}`);
  refused(`INSERT INTO affiliation (person_id, org_id, role, since, created_at, updated_at)
    VALUES (${w.master.id}, ${w.firm.id}, 'employee', '2019-02-29', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  assert.equal(rows(`SELECT founded_on FROM org WHERE id = ${w.firm.id}`)[0].founded_on, null);
  assert.equal(count(`affiliation WHERE person_id = ${w.master.id}`), 0);
  // A real date still goes in (and is put back).
  const ok = dbTryExec(db.url, `UPDATE org SET founded_on = '2024-02-29' WHERE id = ${w.firm.id}`);
  assert.ok(ok.ok, ok.error);
  assert.ok(dbTryExec(db.url, `UPDATE org SET founded_on = NULL WHERE id = ${w.firm.id}`).ok);
});

test('enrolment writes its dated enrolled event; bad source and a full cohort are refused with nothing written', async () => {
  const ev = rows(`SELECT kind, on_date FROM training_enrolment_event WHERE enrolment_id = ${w.ea.id}`);
  assert.deepEqual(ev, [{ kind: 'enrolled', on_date: w.ea.enrolled_on }]);
  assert.equal(w.ea.status, 'enrolled');
  const c = await post('root', '/api/v1/people', { name: '学员丙' });
  const before = count('training_enrolment');
  const events = count('training_enrolment_event');
  let res = await api.request('POST', '/api/v1/training/enrolments', as('root', {
    cohort_id: w.cohort.id, person_id: c.id, source: 'firm_staff', enrolled_on: '2026-01-05' }));
  assertError(res, 400, 'invalid', 'source_org_id');
  res = await api.request('POST', '/api/v1/training/enrolments', as('root', {
    cohort_id: w.cohort.id, person_id: w.a.id, source: 'unemployed', enrolled_on: '2026-01-05' }));
  assertError(res, 409, 'conflict', 'person_id');
  res = await api.request('POST', '/api/v1/training/enrolments', as('root', {
    cohort_id: w.cohort.id, person_id: c.id, source: 'unemployed', enrolled_on: '2026-01-05', status: 'completed' }));
  assertError(res, 400, 'invalid', 'status');
  assert.equal(count('training_enrolment'), before);
  assert.equal(count('training_enrolment_event'), events);
  // Capacity 3: a third trainee fits, a fourth does not.
  const d = await post('root', '/api/v1/people', { name: '学员丁' });
  await post('root', '/api/v1/training/enrolments', {
    cohort_id: w.cohort.id, person_id: c.id, source: 'unemployed', enrolled_on: beijingDate(now) });
  res = await api.request('POST', '/api/v1/training/enrolments', as('root', {
    cohort_id: w.cohort.id, person_id: d.id, source: 'unemployed', enrolled_on: beijingDate(now) }));
  assertError(res, 409, 'conflict', 'cohort_id');
  assert.match(res.json.error.message, /full/);
  assert.equal(count(`training_enrolment WHERE person_id = ${d.id}`), 0);
});

test('eight enrolments at once in a cohort of five: exactly five pass', async () => {
  const head = await post('root', '/api/v1/people', { name: '孔老师' });
  const cohort = await post('root', '/api/v1/training/cohorts', {
    programme_id: w.order.id, centre_id: w.centre.id, name: '并发测试班', capacity: 5,
    starts_on: '2026-09-01', ends_on: '2026-12-31', teacher_person_id: head.id });
  const people = [];
  for (let i = 0; i < 8; i++) people.push(await post('root', '/api/v1/people', { name: `并发学员${i}` }));
  const results = await Promise.all(people.map((p) => api.request('POST', '/api/v1/training/enrolments',
    as('root', { cohort_id: cohort.id, person_id: p.id, source: 'unemployed', enrolled_on: '2026-09-01' }))));
  assert.equal(results.filter((r) => r.status === 201).length, 5, results.map((r) => r.status).join(','));
  for (const r of results.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', 'cohort_id');
  assert.equal(count(`training_enrolment WHERE cohort_id = ${cohort.id}`), 5);
  assert.equal(count(`training_enrolment_event e JOIN training_enrolment n ON n.id = e.enrolment_id WHERE n.cohort_id = ${cohort.id}`), 5);
});

test('a session\'s module must be of the cohort\'s programme', async () => {
  const other = await post('root', '/api/v1/training/programmes', {
    kind: 'entrepreneurship', name: 'SYB 创业培训', occupation: '创业者' });
  const mod = await post('root', '/api/v1/training/modules', {
    programme_id: other.id, seq: 1, name: '市场评估', classroom_hours: 6, workshop_hours: 0 });
  const before = count('training_session');
  let res = await api.request('POST', '/api/v1/training/sessions', as('root', {
    cohort_id: w.cohort.id, module_id: mod.id, kind: 'classroom', room_id: w.room.id, teacher_person_id: w.t1.id,
    starts_at: '2026-03-01T08:00:00Z', ends_at: '2026-03-01T09:00:00Z' }));
  assertError(res, 400, 'invalid', 'module_id');
  assert.equal(count('training_session'), before);
  res = await api.request('PATCH', `/api/v1/training/sessions/${w.future.id}`, as('root', { module_id: mod.id }));
  assertError(res, 400, 'invalid', 'module_id');
  // A new time is checked as on create (tests/http/session-time.test.mjs).
  res = await api.request('PATCH', `/api/v1/training/sessions/${w.future.id}`, as('root', { ends_at: w.future.starts_at }));
  assertError(res, 400, 'invalid', 'ends_at');
  res = await api.request('PATCH', `/api/v1/training/sessions/${w.future.id}`, as('root', { topic: '安全规程（复习）' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.code, w.future.code, 'the code stays');
});

// ---- check-in -------------------------------------------------------------

test('check-in is refused before a session starts and after it ends, accepted while it runs', async () => {
  const before = count('training_attendance');
  let res = await api.request('POST', `/api/v1/training/sessions/${w.future.id}/checkin`,
    as('trainee_a', { code: w.future.code }));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /not started yet/);
  res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/checkin`,
    as('trainee_a', { code: w.past.code }));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /has ended/);
  const wrong = w.current.code === '000000' ? '000001' : '000000';
  res = await api.request('POST', `/api/v1/training/sessions/${w.current.id}/checkin`,
    as('trainee_a', { code: wrong }));
  assertError(res, 400, 'invalid', 'code');
  res = await api.request('POST', `/api/v1/training/sessions/${w.current.id}/checkin`, as('trainee_a', {}));
  assertError(res, 400, 'invalid', 'code');
  assert.equal(count('training_attendance'), before, 'nothing written by a refused check-in');

  res = await api.request('POST', `/api/v1/training/sessions/${w.current.id}/checkin`,
    as('trainee_a', { code: w.current.code }));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.status, 'present');
  assert.equal(res.json.enrolment_id, w.ea.id);
  assert.ok(res.json.checked_in_at);
  assert.equal(res.json.verified_at, null, 'a self check-in waits for the teacher');
  res = await api.request('POST', `/api/v1/training/sessions/${w.current.id}/checkin`,
    as('trainee_a', { code: w.current.code }));
  assertError(res, 409, 'conflict');
  // A teacher cannot check in for a trainee; nobody outside the cohort can.
  res = await api.request('POST', `/api/v1/training/sessions/${w.current.id}/checkin`,
    as('teacher1', { code: w.current.code }));
  assertError(res, 403, 'forbidden');
});

test('a session held before a trainee enrolled is no absence: not planned, not on the sheet, not markable', async () => {
  let res = await api.request('GET', `/api/v1/training/sessions/${w.old.id}/attendance`, as('teacher1'));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.items.map((i) => i.enrolment_id), []);
  res = await api.request('POST', `/api/v1/training/sessions/${w.old.id}/attendance`,
    as('teacher1', { enrolment_id: w.eb.id, status: 'absent' }));
  assertError(res, 409, 'conflict', 'enrolment_id');
  assert.equal(count(`training_attendance WHERE session_id = ${w.old.id}`), 0);
  res = await api.request('POST', `/api/v1/training/sessions/${w.old.id}/checkin`,
    as('trainee_b', { code: w.old.code }));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /before you enrolled/);
  res = await api.request('GET', `/api/v1/training/enrolments/${w.eb.id}/hours`, as('trainee_b'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.classroom.planned, 90 + 60 + 120, 'the old session is not planned');
  assert.equal(res.json.classroom.held, 90);
  assert.equal(res.json.classroom.attended, 0);
});

// ---- marking, confirming, the ledger, roles -------------------------------

test('the cohort teacher marks and confirms; others may not; the ledger follows', async () => {
  let res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/attendance`,
    as('trainee_a', { enrolment_id: w.ea.id, status: 'present' }));
  assertError(res, 403, 'forbidden');
  res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/attendance`,
    as('teacher2', { enrolment_id: w.ea.id, status: 'present' }));
  assertError(res, 404, 'not_found');
  res = await api.request('GET', `/api/v1/training/sessions/${w.past.id}/attendance`, as('teacher2'));
  assertError(res, 404, 'not_found');
  res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/attendance`,
    as('teacher1', { enrolment_id: w.ea.id, status: 'here' }));
  assertError(res, 400, 'invalid', 'status');
  assert.equal(count(`training_attendance WHERE session_id = ${w.past.id}`), 0);

  res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/attendance`,
    as('teacher1', { enrolment_id: w.ea.id, status: 'late' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'late');
  assert.ok(res.json.verified_at, 'marked by the teacher: verified');
  res = await api.request('POST', `/api/v1/training/sessions/${w.past.id}/attendance`,
    as('teacher1', { enrolment_id: w.eb.id, status: 'absent' }));
  assert.equal(res.status, 200, res.text);

  let h = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/hours`, as('trainee_a'));
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.classroom, { planned: 270, held: 90, attended: 150, verified: 90, excused: 0 });
  assert.deepEqual(h.json.workshop, { planned: 0, held: 0, attended: 0, verified: 0, excused: 0 });

  // The self check-in is confirmed by the teacher, not by the trainee.
  const att = rows(`SELECT id FROM training_attendance WHERE session_id = ${w.current.id} AND enrolment_id = ${w.ea.id}`)[0].id;
  res = await api.request('POST', `/api/v1/training/attendance/${att}/confirm`, as('trainee_a'));
  assertError(res, 403, 'forbidden');
  res = await api.request('POST', `/api/v1/training/attendance/${att}/confirm`, as('teacher2'));
  assertError(res, 404, 'not_found');
  res = await api.request('POST', `/api/v1/training/attendance/${att}/confirm`, as('teacher1'));
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.verified_at);
  h = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/hours`, as('teacher1'));
  assert.equal(h.json.classroom.verified, 150);
  assert.equal(h.json.total.verified, 150);
  // The page shows the ledger in hours, and the verified time in class
  // hours of the setting's 45 minutes (150 / 45 = 3.3 学时).
  const shown = await page('teacher1', `/training/enrolments/${w.ea.id}`);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /学时台账（小时）/);
  assert.match(shown.text, /<td>4\.5<\/td><td>1\.5<\/td><td>2\.5<\/td><td>2\.5<\/td><td>0\.0<\/td>/);
  assert.match(shown.text, /已出勤并确认（学时）<\/dt><dd>3\.3<\/dd>/);
  assert.match(shown.text, /每学时（分钟）<\/dt><dd>45<\/dd>/);
});

test('a trainee reads its own hours only; an enterprise only its own order classes; a college its own students', async () => {
  let res = await api.request('GET', `/api/v1/training/enrolments/${w.eb.id}/hours`, as('trainee_a'));
  assertError(res, 404, 'not_found');
  res = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/events`, as('trainee_b'));
  assertError(res, 404, 'not_found');
  res = await api.request('GET', '/api/v1/training/enrolments', as('trainee_a'));
  assertError(res, 403, 'forbidden');
  res = await api.request('GET', '/api/v1/training/programmes', as('firm'));
  assertError(res, 403, 'forbidden');

  res = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/hours`, as('firm'));
  assert.equal(res.status, 200, res.text);
  res = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/hours`, as('firm2'));
  assertError(res, 404, 'not_found');
  let me = await api.request('GET', '/api/v1/training/me', as('firm'));
  assert.equal(me.status, 200, me.text);
  assert.deepEqual(me.json.programmes.map((p) => p.id), [w.order.id]);
  assert.equal(me.json.programmes[0].hiring_commitment, 30);
  me = await api.request('GET', '/api/v1/training/me', as('firm2'));
  assert.deepEqual(me.json.programmes, []);

  me = await api.request('GET', '/api/v1/training/me', as('uni'));
  assert.deepEqual(me.json.students.map((s) => s.id), [w.ea.id]);
  res = await api.request('GET', `/api/v1/training/enrolments/${w.eb.id}/hours`, as('uni'));
  assertError(res, 404, 'not_found');

  me = await api.request('GET', '/api/v1/training/me', as('trainee_a'));
  assert.equal(me.status, 200, me.text);
  assert.deepEqual(me.json.enrolments.map((e) => e.id), [w.ea.id]);
  assert.equal(me.json.enrolments[0].hours.classroom.planned, 270);
  assert.deepEqual(me.json.sessions.map((s) => s.id), [w.past.id, w.current.id, w.future.id]);
  assert.ok(!JSON.stringify(me.json.sessions).includes('"code"'), 'a trainee is never shown the codes');

  me = await api.request('GET', '/api/v1/training/me', as('teacher1'));
  assert.deepEqual(me.json.cohorts.map((c) => c.id), [w.cohort.id]);
  me = await api.request('GET', '/api/v1/training/me', as('teacher2'));
  assert.deepEqual(me.json.cohorts, []);
  res = await api.request('GET', `/api/v1/training/cohorts/${w.cohort.id}/sessions`, as('teacher2'));
  assertError(res, 404, 'not_found');
  res = await api.request('GET', `/api/v1/training/cohorts/${w.cohort.id}/sessions`, as('teacher1'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.items.length, 4);
});

// Issue 13, item 7: training.h says the teacher of the session or of its
// cohort marks; the teacher of one session of a cohort used to mark (and
// read the check-in code of) every other session of it.
test('the teacher of one session marks that session only; the cohort\'s head teacher marks them all', async () => {
  const cohort = await post('root', '/api/v1/training/cohorts', {
    programme_id: w.order.id, centre_id: w.centre.id, name: '2026 焊接二班', capacity: 5,
    starts_on: beijingDate(now - 20 * 24 * HOUR), ends_on: beijingDate(now + 30 * 24 * HOUR),
    teacher_person_id: w.t1.id });
  const session = (teacher, startMs) => post('root', '/api/v1/training/sessions', {
    cohort_id: cohort.id, kind: 'classroom', topic: '焊接工艺', room_id: w.room2.id,
    teacher_person_id: teacher.id, starts_at: utc(startMs), ends_at: utc(startMs + 3600000) });
  const own = await session(w.t2, now - 3 * 24 * HOUR);		// teacher2's
  const other = await session(w.t1, now - 2 * 24 * HOUR);	// teacher1's
  const c = await post('root', '/api/v1/people', { name: '学员戊' });
  const e = await post('root', '/api/v1/training/enrolments', {
    cohort_id: cohort.id, person_id: c.id, source: 'unemployed', enrolled_on: beijingDate(now - 5 * 24 * HOUR) });

  // teacher2 sees the cohort's timetable, but not the other sheet or code.
  let res = await api.request('GET', `/api/v1/training/cohorts/${cohort.id}/sessions`, as('teacher2'));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.items.map((i) => i.id).sort((a, b) => a - b), [own.id, other.id]);
  res = await api.request('GET', `/api/v1/training/sessions/${other.id}/attendance`, as('teacher2'));
  assertError(res, 404, 'not_found');
  res = await api.request('POST', `/api/v1/training/sessions/${other.id}/attendance`,
    as('teacher2', { enrolment_id: e.id, status: 'absent' }));
  assertError(res, 404, 'not_found');
  assert.equal(count(`training_attendance WHERE session_id = ${other.id}`), 0, 'nothing written');
  res = await page('teacher2', `/training/sessions/${other.id}/sheet`);
  assert.equal(res.status, 404);
  assert.doesNotMatch(res.text, new RegExp(`\\b${other.code}\\b`));
  res = await page('teacher2', `/training/sessions/${other.id}/sheet`, { method: 'POST',
    form: { [`status_${e.id}`]: 'absent' } });
  assert.equal(res.status, 404);
  assert.equal(count(`training_attendance WHERE session_id = ${other.id}`), 0, 'nothing written');
  // Its timetable links only its own session's sheet.
  res = await page('teacher2', `/training/mine/cohorts/${cohort.id}`);
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`/training/sessions/${own.id}/sheet`));
  assert.doesNotMatch(res.text, new RegExp(`/training/sessions/${other.id}/sheet`));

  // Its own session: it marks; the head teacher marks both.
  res = await api.request('POST', `/api/v1/training/sessions/${own.id}/attendance`,
    as('teacher2', { enrolment_id: e.id, status: 'present' }));
  assert.equal(res.status, 200, res.text);
  res = await api.request('GET', `/api/v1/training/sessions/${own.id}/attendance`, as('teacher2'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.session.code, own.code);
  res = await api.request('POST', `/api/v1/training/sessions/${other.id}/attendance`,
    as('teacher1', { enrolment_id: e.id, status: 'late' }));
  assert.equal(res.status, 200, res.text);
  res = await api.request('POST', `/api/v1/training/sessions/${own.id}/attendance`,
    as('teacher1', { enrolment_id: e.id, status: 'late' }));
  assert.equal(res.status, 200, res.text);
  res = await page('teacher1', `/training/mine/cohorts/${cohort.id}`);
  assert.match(res.text, new RegExp(`/training/sessions/${own.id}/sheet`));
  assert.match(res.text, new RegExp(`/training/sessions/${other.id}/sheet`));
  assert.deepEqual(rows(`SELECT session_id, status FROM training_attendance WHERE enrolment_id = ${e.id} ORDER BY session_id`),
    [{ session_id: own.id, status: 'late' }, { session_id: other.id, status: 'late' }]);
});

// ---- completion -----------------------------------------------------------

test('completion is refused with the reason while the rule is unmet, then appends the dated event', async () => {
  const events = count('training_enrolment_event');
  let res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('root', {}));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /attended and verified 2\.5 h of 4\.5 h planned \(55%\); the programme asks for 80%/);
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('trainee_a', {}));
  assertError(res, 403, 'forbidden');
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('teacher2', {}));
  assertError(res, 404, 'not_found');
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('root', { on_date: '2026-02-30' }));
  assertError(res, 400, 'invalid', 'on_date');
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`,
    as('root', { on_date: beijingDate(now + 3 * 24 * HOUR) }));
  assertError(res, 400, 'invalid', 'on_date');
  assert.equal(count('training_enrolment_event'), events);

  // The syllabus: one module, not yet passed.
  const mod = await post('root', '/api/v1/training/modules', {
    programme_id: w.order.id, seq: 1, name: '焊接安全', classroom_hours: 4, workshop_hours: 0 });
  res = await api.request('PATCH', `/api/v1/training/programmes/${w.order.id}`, as('root', { min_attendance_pct: 50 }));
  assert.equal(res.status, 200, res.text);
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('teacher1', {}));
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /passed 0 of 1 syllabus modules/);
  await post('root', '/api/v1/training/assessments', {
    enrolment_id: w.ea.id, module_id: mod.id, score: 86, passed: 1, assessed_on: beijingDate(now) });

  const on = beijingDate(now);
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('teacher1', { on_date: on }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'completed');
  assert.equal(res.json.status_on, on);
  res = await api.request('GET', `/api/v1/training/enrolments/${w.ea.id}/events`, as('trainee_a'));
  assert.deepEqual(res.json.items.map((e) => [e.kind, e.on_date]), [['enrolled', w.ea.enrolled_on], ['completed', on]]);
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/complete`, as('root', {}));
  assertError(res, 409, 'conflict');
  res = await api.request('POST', `/api/v1/training/enrolments/${w.ea.id}/withdraw`, as('root', { reason: '转岗' }));
  assertError(res, 409, 'conflict');
  assert.equal(count(`training_enrolment_event WHERE enrolment_id = ${w.ea.id}`), 2);
});

// ---- dual mentors ---------------------------------------------------------

async function apprentices(n, tag) {
  const prog = await post('root', '/api/v1/training/programmes', {
    kind: 'apprenticeship', name: `新型学徒制 ${tag}`, occupation: '数控车工' });
  const cohort = await post('root', '/api/v1/training/cohorts', {
    programme_id: prog.id, centre_id: w.centre.id, name: `学徒班 ${tag}`, capacity: n,
    starts_on: '2026-09-01', ends_on: '2027-06-30', teacher_person_id: w.t2.id });
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = await post('root', '/api/v1/people', { name: `学徒${tag}${i}` });
    out.push(await post('root', '/api/v1/training/enrolments', {
      cohort_id: cohort.id, person_id: p.id, source: 'firm_staff', source_org_id: w.firm.id,
      enrolled_on: '2026-09-01' }));
  }
  return out;
}

const mentor = (enrolment, master) => ({ enrolment_id: enrolment.id, master_person_id: master.id,
  master_org_id: w.firm.id, teacher_person_id: w.t2.id, since: '2026-09-01' });

test('a ninth apprentice for a master with eight is refused with a clear error', async () => {
  const list = await apprentices(9, 'A');
  for (const e of list.slice(0, 8)) await post('root', '/api/v1/training/mentors', mentor(e, w.master));
  const audit = count('audit_log');
  const res = await api.request('POST', '/api/v1/training/mentors', as('root', mentor(list[8], w.master)));
  assertError(res, 409, 'conflict', 'master_person_id');
  assert.match(res.json.error.message, /already has 8 current apprentices/);
  assert.equal(count(`training_mentor WHERE master_person_id = ${w.master.id}`), 8);
  assert.equal(count('audit_log'), audit);

  // Not an apprenticeship, or the same person twice: 400 naming the field.
  let bad = await api.request('POST', '/api/v1/training/mentors', as('root', mentor(w.eb, w.master2)));
  assertError(bad, 400, 'invalid', 'enrolment_id');
  bad = await api.request('POST', '/api/v1/training/mentors',
    as('root', { ...mentor(list[8], w.master2), teacher_person_id: w.master2.id }));
  assertError(bad, 400, 'invalid', 'teacher_person_id');

  // The master sees its apprentices; the firm sees them; another firm not.
  let me = await api.request('GET', '/api/v1/training/me', as('masterz'));
  assert.equal(me.json.apprentices.length, 8);
  me = await api.request('GET', '/api/v1/training/me', as('firm'));
  assert.equal(me.json.firm_apprentices.length, 8);
  me = await api.request('GET', '/api/v1/training/me', as('firm2'));
  assert.equal(me.json.firm_apprentices.length, 0);

  // Re-opening an ended mentorship past the cap: refused the same way.
  // A mentorship counts on every day from since to until (issue 13, item
  // 10): the ninth starts the day after the ended one's last day.
  const ended = rows(`SELECT id FROM training_mentor WHERE master_person_id = ${w.master.id} ORDER BY id LIMIT 1`)[0].id;
  let patch = await api.request('PATCH', `/api/v1/training/mentors/${ended}`, as('root', { until: '2026-10-01' }));
  assert.equal(patch.status, 200, patch.text);
  await post('root', '/api/v1/training/mentors', { ...mentor(list[8], w.master), since: '2026-10-02' });
  patch = await api.request('PATCH', `/api/v1/training/mentors/${ended}`, as('root', { until: null }));
  assertError(patch, 409, 'conflict', 'master_person_id');
  assert.match(patch.json.error.message, /already has 8 current apprentices/);
  // Archived, the ninth's mentorship frees its days.
  const ninth = rows(`SELECT id FROM training_mentor WHERE enrolment_id = ${list[8].id}`)[0].id;
  assert.equal((await api.request('DELETE', `/api/v1/training/mentors/${ninth}`, as('root'))).status, 200);
  patch = await api.request('PATCH', `/api/v1/training/mentors/${ended}`, as('root', { until: null }));
  assert.equal(patch.status, 200, patch.text);

  // An apprentice who completes frees a place for the ninth, from the
  // day after its last one.
  await post('root', `/api/v1/training/enrolments/${list[1].id}/withdraw`, { on_date: beijingDate(now), reason: '离职' }, 200);
  const list2 = await apprentices(1, 'D');
  const early = await api.request('POST', '/api/v1/training/mentors', as('root', mentor(list2[0], w.master)));
  assertError(early, 409, 'conflict', 'master_person_id');
  await post('root', '/api/v1/training/mentors', { ...mentor(list2[0], w.master), since: beijingDate(now + 24 * HOUR) });
});

// Issue 13, item 10: mentorships with an end date counted too. Eight that
// end in six months, then a ninth from the same day, all passed.
test('a master\'s cap holds on every day: mentorships that end later count until they end', async () => {
  const m = await post('root', '/api/v1/people', { name: '郑师傅' });
  const list = await apprentices(11, 'E');
  const until = '2027-03-01';
  for (const e of list.slice(0, 8)) await post('root', '/api/v1/training/mentors', { ...mentor(e, m), until });
  const audit = count('audit_log');
  for (const body of [mentor(list[8], m), { ...mentor(list[8], m), until: '2026-12-31' },
    { ...mentor(list[8], m), since: '2027-03-01' }, { ...mentor(list[8], m), since: '2026-08-01', until: '2026-09-01' }]) {
    const res = await api.request('POST', '/api/v1/training/mentors', as('root', body));
    assertError(res, 409, 'conflict', 'master_person_id');
    assert.match(res.json.error.message, /already has 8 current apprentices/);
  }
  assert.equal(count(`training_mentor WHERE master_person_id = ${m.id}`), 8);
  assert.equal(count('audit_log'), audit, 'nothing written');
  // Before the first day or after the last, there is room.
  await post('root', '/api/v1/training/mentors', { ...mentor(list[8], m), since: '2026-08-01', until: '2026-08-31' });
  await post('root', '/api/v1/training/mentors', { ...mentor(list[9], m), since: '2027-03-02' });
  // Widening one into the others' days is refused; narrowing is not.
  const after = rows(`SELECT id FROM training_mentor WHERE enrolment_id = ${list[9].id}`)[0].id;
  let patch = await api.request('PATCH', `/api/v1/training/mentors/${after}`, as('root', { since: '2027-02-01' }));
  assertError(patch, 409, 'conflict', 'master_person_id');
  const before = rows(`SELECT id FROM training_mentor WHERE enrolment_id = ${list[8].id}`)[0].id;
  patch = await api.request('PATCH', `/api/v1/training/mentors/${before}`, as('root', { until: '2026-09-30' }));
  assertError(patch, 409, 'conflict', 'master_person_id');
  assert.deepEqual(rows(`SELECT since, until FROM training_mentor WHERE id IN (${before}, ${after}) ORDER BY id`),
    [{ since: '2026-08-01', until: '2026-08-31' }, { since: '2027-03-02', until: null }]);
  patch = await api.request('PATCH', `/api/v1/training/mentors/${after}`, as('root', { since: '2027-03-05' }));
  assert.equal(patch.status, 200, patch.text);

  // The database itself refuses, on either back end.
  const bad = dbTryExec(db.url, `UPDATE training_mentor SET until = NULL WHERE id = ${before}`);
  assert.ok(!bad.ok, 'the database refuses a widened mentorship');
  assert.equal(rows(`SELECT until FROM training_mentor WHERE id = ${before}`)[0].until, '2026-08-31');
});

test('twelve requests at once for mentorships that end in six months: exactly eight pass', async () => {
  const m = await post('root', '/api/v1/people', { name: '王师傅' });
  const list = await apprentices(12, 'F');
  const results = await Promise.all(list.map((e) =>
    api.request('POST', '/api/v1/training/mentors', as('root', { ...mentor(e, m), until: '2027-03-01' }))));
  const codes = results.map((r) => r.status);
  assert.equal(codes.filter((c) => c === 201).length, 8, codes.join(','));
  for (const r of results.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', 'master_person_id');
  assert.equal(count(`training_mentor WHERE master_person_id = ${m.id}`), 8);
});

// Issue 13, item 10: training_enrolment_capacity held on INSERT only.
test('a cohort\'s capacity holds when an enrolment moves or returns, and when the capacity drops', async () => {
  const cohort = (name, capacity) => post('root', '/api/v1/training/cohorts', {
    programme_id: w.order.id, centre_id: w.centre.id, name, capacity,
    starts_on: '2026-09-01', ends_on: '2026-12-31', teacher_person_id: w.t1.id });
  const full = await cohort('容量测试甲班', 2);
  const other = await cohort('容量测试乙班', 2);
  const enrol = async (c, name) => post('root', '/api/v1/training/enrolments', {
    cohort_id: c.id, person_id: (await post('root', '/api/v1/people', { name })).id,
    source: 'unemployed', enrolled_on: '2026-09-01' });
  const a = await enrol(full, '容量学员一');
  await enrol(full, '容量学员二');
  const c = await enrol(other, '容量学员三');
  const inFull = () => count(`training_enrolment WHERE cohort_id = ${full.id} AND archived_at IS NULL AND status <> 'withdrawn'`);

  let res = dbTryExec(db.url, `UPDATE training_enrolment SET cohort_id = ${full.id} WHERE id = ${c.id}`);
  assert.ok(!res.ok, 'moved into a full cohort: refused');
  assert.match(res.error, /the cohort is full/);
  assert.equal(rows(`SELECT cohort_id FROM training_enrolment WHERE id = ${c.id}`)[0].cohort_id, other.id);
  // Archived, an enrolment frees its place; taken again, it may not return.
  res = dbTryExec(db.url, `UPDATE training_enrolment SET archived_at = '2026-09-02T00:00:00Z' WHERE id = ${a.id}`);
  assert.ok(res.ok, res.error);
  await enrol(full, '容量学员四');
  res = dbTryExec(db.url, `UPDATE training_enrolment SET archived_at = NULL WHERE id = ${a.id}`);
  assert.ok(!res.ok, 'back from the archive into a full cohort: refused');
  assert.equal(inFull(), 2);
  // The capacity may not drop below the trainees there are.
  const patch = await api.request('PATCH', `/api/v1/training/cohorts/${full.id}`, as('root', { capacity: 1 }));
  assertError(patch, 409, 'conflict', 'capacity');
  assert.equal(Number(rows(`SELECT capacity FROM training_cohort WHERE id = ${full.id}`)[0].capacity), 2);
  const ok = await api.request('PATCH', `/api/v1/training/cohorts/${other.id}`, as('root', { capacity: 1 }));
  assert.equal(ok.status, 200, ok.text);
});


test('twelve requests at once for one master: exactly eight pass', async () => {
  const list = await apprentices(12, 'B');
  const results = await Promise.all(list.map((e) =>
    api.request('POST', '/api/v1/training/mentors', as('root', mentor(e, w.master2)))));
  const codes = results.map((r) => r.status).sort();
  assert.equal(codes.filter((c) => c === 201).length, 8, codes.join(','));
  for (const r of results.filter((x) => x.status !== 201)) {
    assertError(r, 409, 'conflict', 'master_person_id');
  }
  assert.equal(count(`training_mentor WHERE master_person_id = ${w.master2.id}`), 8);
});

test('the master confirms its apprentice\'s workshop hours and weekly log', async () => {
  const [e] = await apprentices(1, 'C');
  const acct = rows(`SELECT person_id FROM training_enrolment WHERE id = ${e.id}`)[0].person_id;
  await account('apprentice_c', 'trainee', { person: acct });
  const m3 = await post('root', '/api/v1/people', { name: '孙师傅' });
  await account('master3', 'teacher', { person: m3.id });
  await post('root', '/api/v1/training/mentors', mentor(e, m3));
  const s = await post('root', '/api/v1/training/sessions', {
    cohort_id: e.cohort_id, kind: 'workshop', workshop_org_id: w.firm.id, teacher_person_id: m3.id,
    starts_at: utc(now - 10 * 60000), ends_at: utc(now + 3 * HOUR) });
  const ci = await post('apprentice_c', `/api/v1/training/sessions/${s.id}/checkin`, { code: s.code });
  let me = await api.request('GET', '/api/v1/training/me', as('master3'));
  assert.deepEqual(me.json.hours_to_confirm.map((x) => x.id), [ci.id]);
  await post('master3', `/api/v1/training/attendance/${ci.id}/confirm`, undefined, 200);
  me = await api.request('GET', '/api/v1/training/me', as('master3'));
  assert.deepEqual(me.json.hours_to_confirm, []);
  const h = await api.request('GET', `/api/v1/training/enrolments/${e.id}/hours`, as('master3'));
  assert.equal(h.json.workshop.verified, 190);

  const log = await post('apprentice_c', '/api/v1/training/weekly-logs',
    { enrolment_id: e.id, week_of: '2026-09-07', body: '学习数控车床对刀。' });
  me = await api.request('GET', '/api/v1/training/me', as('master3'));
  assert.deepEqual(me.json.logs_to_confirm.map((x) => x.id), [log.id]);
  me = await api.request('GET', '/api/v1/training/me', as('apprentice_c'));
  assert.equal(me.json.enrolments[0].mentored, 1);
  assert.deepEqual(me.json.logs.map((x) => x.id), [log.id]);
  let res = await api.request('POST', `/api/v1/training/weekly-logs/${log.id}/confirm`, as('masterz'));
  assertError(res, 404, 'not_found');
  res = await api.request('POST', `/api/v1/training/weekly-logs/${log.id}/confirm`, as('master3'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.confirmed_by_person_id, m3.id);
  res = await api.request('POST', '/api/v1/training/weekly-logs',
    as('trainee_a', { enrolment_id: e.id, week_of: '2026-09-14', body: '冒名' }));
  assertError(res, 400, 'invalid', 'enrolment_id');
});

// ---- pages ----------------------------------------------------------------

async function page(who, path, { method = 'GET', form } = {}) {
  const init = { method, headers: { authorization: `Bearer ${tok[who]}` }, redirect: 'manual' };
  if (form) {
    init.body = new URLSearchParams(form).toString();
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(srv.url + path, init);
  return { status: res.status, type: res.headers.get('content-type') || '',
    location: res.headers.get('location'), text: await res.text() };
}

test('staff pages list, show and export every record; forms go through the rules', async () => {
  for (const path of ['/training/centres', `/training/centres/${w.centre.id}`, '/training/programmes',
    `/training/programmes/${w.order.id}`, '/training/cohorts', `/training/cohorts/${w.cohort.id}`,
    '/training/sessions', `/training/sessions/${w.past.id}`, '/training/enrolments',
    `/training/enrolments/${w.eb.id}`, '/training/mentors', '/training/rooms', '/training/partners',
    '/training/modules', '/training/sessions/new', '/training/enrolments/new', '/training/mentors/new']) {
    const res = await page('root', path);
    assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 300)}`);
    assert.match(res.type, /text\/html/);
  }
  let res = await page('root', `/training/cohorts/${w.cohort.id}`);
  assert.match(res.text, /学员甲/);
  assert.match(res.text, /2026 焊接一班/);
  res = await page('root', '/training/sessions/new');
  assert.doesNotMatch(res.text, /name="code"/, 'the code is never typed in');
  res = await page('root', '/training/enrolments/export?format=xlsx');
  assert.equal(res.status, 200);
  assert.match(res.type, /spreadsheetml/);
  res = await page('root', '/training/programmes/export?format=xlsx');
  assert.equal(res.status, 200);
  assert.match(res.type, /spreadsheetml/);

  // A session scheduled from the form gets its code from the rule; its
  // times are typed in Beijing time (datetime-local) and kept in UTC.
  const before = count('training_session');
  res = await page('root', '/training/sessions', { method: 'POST', form: {
    cohort_id: String(w.cohort.id), kind: 'classroom', topic: '表单排课', room_id: String(w.room.id),
    teacher_person_id: String(w.t1.id), starts_at: '2026-12-01T09:00', ends_at: '2026-12-01T11:00' } });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const made = rows(`SELECT code, minutes, starts_at, ends_at FROM training_session WHERE topic = '表单排课'`);
  assert.equal(made.length, 1);
  assert.match(made[0].code, /^[0-9]{6}$/);
  assert.equal(Number(made[0].minutes), 120);
  assert.deepEqual([made[0].starts_at, made[0].ends_at], ['2026-12-01T01:00:00Z', '2026-12-01T03:00:00Z']);
  // A bad form is shown again with the error beside the field.
  res = await page('root', '/training/sessions', { method: 'POST', form: {
    cohort_id: String(w.cohort.id), kind: 'classroom', room_id: String(w.room.id),
    teacher_person_id: String(w.t1.id), starts_at: '2026-12-01T11:00', ends_at: '2026-12-01T09:00' } });
  assert.equal(res.status, 400);
  assert.match(res.text, /结束时间须晚于开始时间/);
  assert.equal(count('training_session'), before + 1);

  // An unmet completion shows the reason on the enrolment's page.
  res = await page('root', `/training/enrolments/${w.eb.id}/complete`, { method: 'POST', form: { on_date: '' } });
  assert.equal(res.status, 409);
  assert.match(res.text, /the programme asks for 50%/);
});

test('a trainee checks in from its page; a teacher marks from the printable sheet', async () => {
  let res = await page('trainee_b', '/training/mine');
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.match(res.text, /我的课表/);
  assert.match(res.text, new RegExp(`action="/training/sessions/${w.current.id}/checkin"`));
  assert.doesNotMatch(res.text, new RegExp(w.current.code), 'the code is not on the trainee\'s page');
  res = await page('trainee_b', '/training/centres');
  assert.equal(res.status, 403);
  res = await page('trainee_b', `/training/sessions/${w.current.id}/sheet`);
  assert.equal(res.status, 403);

  const wrong = w.current.code === '999999' ? '999998' : '999999';
  res = await page('trainee_b', `/training/sessions/${w.current.id}/checkin`, { method: 'POST', form: { code: wrong } });
  assert.equal(res.status, 400);
  assert.match(res.text, /签到码不正确/);
  res = await page('trainee_b', `/training/sessions/${w.current.id}/checkin`, { method: 'POST', form: { code: w.current.code } });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/training/mine');
  assert.equal(count(`training_attendance WHERE session_id = ${w.current.id} AND enrolment_id = ${w.eb.id}`), 1);

  res = await page('teacher1', '/training/mine');
  assert.match(res.text, /2026 焊接一班/);
  res = await page('teacher1', `/training/mine/cohorts/${w.cohort.id}`);
  assert.equal(res.status, 200);
  res = await page('teacher2', `/training/mine/cohorts/${w.cohort.id}`);
  assert.equal(res.status, 404);
  res = await page('teacher1', `/training/sessions/${w.future.id}/sheet`);
  assert.equal(res.status, 200);
  assert.match(res.text, /training\.css/);
  assert.match(res.text, /学员乙/);
  res = await page('teacher2', `/training/sessions/${w.future.id}/sheet`);
  assert.equal(res.status, 404);
  res = await page('teacher1', `/training/sessions/${w.future.id}/sheet`, { method: 'POST',
    form: { [`status_${w.eb.id}`]: 'excused' } });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.deepEqual(rows(`SELECT status FROM training_attendance WHERE session_id = ${w.future.id} AND enrolment_id = ${w.eb.id}`),
    [{ status: 'excused' }]);

  res = await page('firm', '/training/mine');
  assert.match(res.text, /焊接机器人订单班/);
  res = await page('firm', '/training/mine/export?part=programmes&format=csv');
  assert.equal(res.status, 200);
  assert.match(res.text, /焊接机器人订单班/);
  res = await page('firm', '/training/mine/export?part=students&format=xlsx');
  assert.equal(res.status, 403, 'a firm has no students list');
  res = await page('uni', '/training/mine/export?part=students&format=xlsx');
  assert.equal(res.status, 200);
  assert.match(res.type, /spreadsheetml/);
  res = await page('uni', '/training/mine/export?part=everything');
  assert.equal(res.status, 400);
  res = await page('firm2', '/training/mine');
  assert.doesNotMatch(res.text, /焊接机器人订单班/);
});

// ---- check-in codes cannot be guessed (issue 13, item 8) -------------------

test('five wrong check-in codes, then 429 even for the right one; counted in the database, also at once', async () => {
  const cohort = await post('root', '/api/v1/training/cohorts', {
    programme_id: w.order.id, centre_id: w.centre.id, name: '2026 签到测试班', capacity: 5,
    starts_on: beijingDate(now - 20 * 24 * HOUR), ends_on: beijingDate(now + 30 * 24 * HOUR),
    teacher_person_id: w.t1.id });
  const s = await post('root', '/api/v1/training/sessions', {
    cohort_id: cohort.id, kind: 'classroom', topic: '签到', room_id: w.room2.id,
    teacher_person_id: w.t1.id, starts_at: utc(now - 5 * 60000), ends_at: utc(now + HOUR) });
  const enrol = async (name, acct) => {
    const p = await post('root', '/api/v1/people', { name });
    await account(acct, 'trainee', { person: p.id });
    return post('root', '/api/v1/training/enrolments', {
      cohort_id: cohort.id, person_id: p.id, source: 'unemployed', enrolled_on: beijingDate(now - 24 * HOUR) });
  };
  const g = await enrol('学员庚', 'trainee_g');
  const h = await enrol('学员辛', 'trainee_h');
  const wrong = (i) => String((Number(s.code) + 1 + i) % 1000000).padStart(6, '0');
  const checkin = (who, code) => api.request('POST', `/api/v1/training/sessions/${s.id}/checkin`, as(who, { code }));
  const attempts = (e) => rows(`SELECT outcome FROM checkin_attempt WHERE scope = 'training_session' AND subject_id = ${s.id} AND holder_id = ${e.id} ORDER BY id`).map((r) => r.outcome);
  const failures = (e) => Number(rows(`SELECT failures FROM checkin_guard WHERE scope = 'training_session' AND subject_id = ${s.id} AND holder_id = ${e.id}`)[0].failures);

  for (let i = 0; i < 5; i++) assertError(await checkin('trainee_g', wrong(i)), 400, 'invalid', 'code');
  let res = await checkin('trainee_g', s.code);
  assertError(res, 429, 'throttled', 'code');
  assert.match(res.json.error.message, /too many wrong codes/);
  assertError(await checkin('trainee_g', wrong(9)), 429, 'throttled', 'code');
  assert.equal(count(`training_attendance WHERE session_id = ${s.id}`), 0, 'no attendance written');
  assert.equal(failures(g), 5);
  assert.deepEqual(attempts(g), ['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'throttled', 'throttled']);
  const acct = rows(`SELECT DISTINCT account_id FROM checkin_attempt WHERE scope = 'training_session' AND holder_id = ${g.id}`);
  assert.equal(acct.length, 1);
  assert.ok(Number(acct[0].account_id) > 0, 'the account is logged');
  // The page says so too; the teacher still marks the trainee.
  res = await page('trainee_g', `/training/sessions/${s.id}/checkin`, { method: 'POST', form: { code: s.code } });
  assert.equal(res.status, 429);
  assert.match(res.text, /签到码错误次数过多/);
  res = await api.request('POST', `/api/v1/training/sessions/${s.id}/attendance`,
    as('teacher1', { enrolment_id: g.id, status: 'present' }));
  assert.equal(res.status, 200, res.text);

  // Twenty guesses at once: five are heard, fifteen refused unheard.
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => checkin('trainee_h', wrong(i))));
  const codes = results.map((r) => r.status);
  assert.equal(codes.filter((c) => c === 400).length, 5, codes.join(','));
  assert.equal(codes.filter((c) => c === 429).length, 15, codes.join(','));
  assert.equal(failures(h), 5);
  assert.equal(attempts(h).filter((o) => o === 'wrong').length, 5);
  assertError(await checkin('trainee_h', s.code), 429, 'throttled', 'code');
  assert.equal(count(`training_attendance WHERE session_id = ${s.id} AND enrolment_id = ${h.id}`), 0);
});
