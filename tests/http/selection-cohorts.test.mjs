// A selection round scoped to a set of cohorts (issue 19, item 1): staff
// create it naming its cohorts (by id in the API, picked by name on the
// round's form) and change them while it is open; only the trainees of
// those cohorts may register; every refusal names cohort_ids (or
// person_id) and writes nothing. Answers are checked against the served
// OpenAPI document. Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken;
const park = {};

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });
const call = (method, p, body, token = adminToken) => api.request(method, p, as(token, body));

async function post(p, body, token = adminToken, status = 201) {
  const res = await call('POST', p, body, token);
  assert.equal(res.status, status, `${p}: ${res.text}`);
  return res.json;
}
async function get(p, token = adminToken) {
  const res = await call('GET', p, undefined, token);
  assert.equal(res.status, 200, `${p}: ${res.text}`);
  return res.json;
}
function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}
// A page's form posted as a browser without JavaScript would post it.
async function form(p, fields) {
  const res = await fetch(srv.url + p, {
    method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: '', ...fields }).toString(),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}
async function page(p) {
  const res = await fetch(srv.url + p, { headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(res.status, 200, p);
  return res.text();
}

async function account(name, role, person) {
  const add = await runCli(['user', 'add', name, '--role', role, '--person', String(person), '--db', db.url],
    { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  return (await runCli(['user', 'token', name, '--db', db.url])).stdout.trim();
}

const round = (extra) => ({ name: '2026年指定班级双选', year: 2026, scope: 'cohorts', opens_on: '2026-06-01',
  lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20', ...extra });

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'boss', '--role', 'admin', '--db', db.url],
    { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  adminToken = (await runCli(['user', 'token', 'boss', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);

  park.firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '长春精工机器人有限公司' });
  const centre = await post('/api/v1/training/centres', { name: '工业机器人实训中心', capacity: 100 });
  const prog = await post('/api/v1/training/programmes', { kind: 'pre_job', name: '工业机器人运维岗前培训',
    occupation: '工业机器人系统运维员', firm_org_id: park.firm.id });
  const teacher = await post('/api/v1/people', { name: '严老师' });
  const cohort = (name, ends) => post('/api/v1/training/cohorts', { programme_id: prog.id, centre_id: centre.id,
    name, capacity: 30, starts_on: '2025-03-02', ends_on: ends, teacher_person_id: teacher.id });
  park.a = await cohort('机器人运维甲班', '2026-06-30');
  park.b = await cohort('机器人运维乙班', '2026-12-20');
  park.old = await cohort('机器人运维丙班', '2025-12-20');
  park.gone = await cohort('机器人运维丁班', '2026-09-30');
  assert.equal((await call('DELETE', `/api/v1/training/cohorts/${park.gone.id}`)).status, 200);
  const trainee = async (name, c, login) => {
    const person = await post('/api/v1/people', { name });
    await post('/api/v1/training/enrolments', { cohort_id: c.id, person_id: person.id,
      source: 'unemployed', enrolled_on: '2025-03-02' });
    return { person, token: await account(login, 'trainee', person.id) };
  };
  park.ta = await trainee('柏学员', park.a, 'cohorta');
  park.tb = await trainee('水学员', park.b, 'cohortb');
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('a round with no, an unknown, an archived or another year\'s cohort is refused naming cohort_ids', async () => {
  const refusals = [
    [round({}), 'cohorts_required'],
    [round({ cohort_ids: [] }), 'cohorts_required'],
    [round({ cohort_ids: [999999] }), 'cohort_unknown'],
    [round({ cohort_ids: [park.gone.id] }), 'cohort_unknown'],
    [round({ cohort_ids: [park.old.id] }), 'cohort_year'],
    [round({ cohort_ids: [park.a.id, park.a.id] }), 'cohort_twice'],
    [round({ cohort_ids: ['甲班'] }), 'cohort_ids'],
    [round({ cohort_ids: park.a.id }), 'cohort_ids'],
    [round({ scope: 'park', cohort_ids: [park.a.id] }), 'cohorts_only'],
    [round({ scope: 'park', cohort_ids: 'all' }), 'cohort_ids'],
  ];
  for (const [body, key] of refusals) {
    const res = await call('POST', '/api/v1/selection/rounds', body);
    assertError(res, 400, 'invalid', 'cohort_ids');
    assert.equal(res.json.error.key, `selection.err.${key}`, res.text);
  }
  assert.equal(count('selection_round'), 0);
  assert.equal(count('selection_round_cohort'), 0);
  assert.equal(count(`audit_log WHERE entity = 'selection_round'`), 0);
});

test('a trainee of a named cohort may register, one of another cohort may not; staff widen the set while open', async () => {
  const r = await post('/api/v1/selection/rounds', round({ cohort_ids: [park.a.id] }));
  assert.equal(r.scope, 'cohorts');
  assert.equal(r.programme_id, null);
  assert.deepEqual((await get(`/api/v1/selection/rounds/${r.id}/cohorts`, park.ta.token)).items
    .map((c) => [c.id, c.name, c.ends_on]), [[park.a.id, '机器人运维甲班', '2026-06-30']]);

  const cand = await post(`/api/v1/selection/rounds/${r.id}/candidates`, { consent: 1 }, park.ta.token);
  assert.equal(cand.basis, 'cohort');
  const no = await call('POST', `/api/v1/selection/rounds/${r.id}/candidates`, {}, park.tb.token);
  assertError(no, 400, 'invalid', 'person_id');
  assert.equal(no.json.error.key, 'selection.err.not_eligible_cohorts');
  assert.equal(count(`selection_candidate WHERE round_id = ${r.id}`), 1);

  // The positions open to it are firms' positions, as in a park round.
  const pos = await post('/api/v1/selection/positions', { round_id: r.id, firm_id: park.firm.id,
    title: '机器人运维', occupation: '工业机器人系统运维员', headcount: 2, place: '长春', pay_min: 500000,
    pay_max: 700000 });
  assert.equal(pos.status, 'open');

  // A bad change names its field and writes nothing; year and scope stay.
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { cohort_ids: [park.a.id, 424242] }),
    400, 'invalid', 'cohort_ids');
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { cohort_ids: [] }),
    400, 'invalid', 'cohort_ids');
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { scope: 'park' }), 400, 'invalid', 'scope');
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { year: 2025 }), 400, 'invalid', 'year');
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { cohort_ids: [park.b.id] }, park.ta.token),
    403, 'forbidden');
  assert.deepEqual(rows(`SELECT cohort_id FROM selection_round_cohort WHERE round_id = ${r.id}`)
    .map((x) => Number(x.cohort_id)), [park.a.id]);

  const changed = await call('PATCH', `/api/v1/selection/rounds/${r.id}`,
    { name: '2026年机器人班双选', cohort_ids: [park.b.id, park.a.id] });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.name, '2026年机器人班双选');
  assert.deepEqual((await get(`/api/v1/selection/rounds/${r.id}/cohorts`)).items.map((c) => c.id),
    [park.a.id, park.b.id]);
  const audit = rows(`SELECT after_json FROM audit_log WHERE entity = 'selection_round' AND entity_id = ${r.id}
    AND action = 'change' ORDER BY id`);
  assert.equal(audit.length, 2, 'the set at creation and its change are audited');
  const after = typeof audit[1].after_json === 'string' ? JSON.parse(audit[1].after_json) : audit[1].after_json;
  assert.deepEqual(after.cohort_ids.sort(), [park.a.id, park.b.id].sort());
  const b = await post(`/api/v1/selection/rounds/${r.id}/candidates`, {}, park.tb.token);
  assert.equal(b.basis, 'cohort');

  // The round's page lists its cohorts.
  const html = await page(`/selection/rounds/${r.id}`);
  assert.match(html, /机器人运维甲班/);
  assert.match(html, /机器人运维乙班/);

  // After the lock a change is 409 and nothing is written.
  await post(`/api/v1/selection/rounds/${r.id}/lock`, {}, adminToken, 200);
  assertError(await call('PATCH', `/api/v1/selection/rounds/${r.id}`, { cohort_ids: [park.a.id] }),
    409, 'conflict');
  assert.equal(count(`selection_round_cohort WHERE round_id = ${r.id}`), 2);
});

test('the round\'s form picks its cohorts by name', async () => {
  const fields = { name: '表单建立的班级双选', year: '2026', scope: 'cohorts', opens_on: '2026-06-01',
    lock_at: '2099-07-01T10:00', publish_on: '2099-07-02', offer_deadline: '2099-07-20', list_cap: '' };
  const blank = await page('/selection/rounds/new');
  assert.match(blank, /name="cohort_1_text"[^>]*data-picker="\/api\/v1\/pick\/training_cohort"/);
  // A name that matches no cohort is refused beside the first picker.
  let res = await form('/selection/rounds', { ...fields, cohort_1: '', cohort_1_text: '没有这个班' });
  assert.equal(res.status, 400);
  assert.match(res.text, /id="f-cohort_1-error"/);
  // None chosen: refused as required.
  res = await form('/selection/rounds', { ...fields, cohort_1: '', cohort_1_text: '' });
  assert.equal(res.status, 400);
  assert.match(res.text, /请至少选择一个班级/);
  assert.equal(count(`selection_round WHERE name = '表单建立的班级双选'`), 0);
  // Typed names, without JavaScript.
  res = await form('/selection/rounds', { ...fields, cohort_1: '', cohort_1_text: '机器人运维乙班',
    cohort_2: '', cohort_2_text: '机器人运维甲班', cohort_3: '', cohort_3_text: '' });
  assert.equal(res.status, 303, res.text);
  const id = Number(res.location.split('/').pop());
  assert.deepEqual(rows(`SELECT cohort_id FROM selection_round_cohort WHERE round_id = ${id} ORDER BY cohort_id`)
    .map((x) => Number(x.cohort_id)), [park.a.id, park.b.id].sort((x, y) => x - y));
  // The edit form shows them, and drops one cleared.
  const edit = await page(`/selection/rounds/${id}/edit`);
  assert.match(edit, /value="机器人运维甲班"/);
  res = await form(`/selection/rounds/${id}`, { name: '表单建立的班级双选', opens_on: '2026-06-01',
    lock_at: '2099-07-01T10:00', publish_on: '2099-07-02', offer_deadline: '2099-07-20', list_cap: '',
    cohort_1: String(park.a.id), cohort_1_text: '机器人运维甲班', cohort_2: String(park.b.id), cohort_2_text: '' });
  assert.equal(res.status, 303, res.text);
  // A cap left empty is the setting's (selection.list_cap, 0 by default).
  assert.equal(Number(rows(`SELECT list_cap FROM selection_round WHERE id = ${id}`)[0].list_cap), 0);
  assert.deepEqual(rows(`SELECT cohort_id FROM selection_round_cohort WHERE round_id = ${id}`)
    .map((x) => Number(x.cohort_id)), [park.a.id]);
});
