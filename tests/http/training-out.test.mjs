// Training outcomes over HTTP: workshop placements (places enforced by the
// database, dated events, weekly logs confirmed by the master, the site
// evaluation), the national skill-certificate register, completion
// certificates with /verify/CODE, who sees what, and the training figures
// of the demo park as of 2019-11-18 (1,500 / 20 / 1,800 / 900 / 53).
// Every JSON answer is checked against the served OpenAPI document; after
// bad input the database is read to show nothing was written.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });
const admin = (body) => as(adminToken, body);

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

async function post(path, body, token = adminToken, status = 201) {
  const res = await api.request('POST', path, as(token, body));
  assert.equal(res.status, status, res.text);
  return res.json;
}

async function get(path, token = adminToken) {
  const res = await api.request('GET', path, as(token));
  assert.equal(res.status, 200, res.text);
  return res.json;
}

let accounts = 0;
// An account with `role` tied to an organisation and/or person; its token.
async function account(role, { org, person } = {}) {
  const name = `acct${++accounts}${role}`;
  const args = ['user', 'add', name, '--role', role, '--db', db.url];
  if (org) args.push('--org', String(org));
  if (person) args.push('--person', String(person));
  const add = await runCli(args, { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

let mobile = 13900000000;
const person = (name) => post('/api/v1/people', { name, mobile: String(++mobile) });
const firm = (name) => post('/api/v1/orgs', { kind: 'enterprise', name });

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'root', '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  adminToken = tok.stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- placements ---------------------------------------------------------

test('a slot takes no more trainees than its places; withdrawing frees one', async () => {
  const f = await firm('长春九台测试精工有限公司');
  const master = await person('郝师傅');
  const slot = await post('/api/v1/training/slots', { firm_id: f.id, title: '数控车床实习岗',
    workshop: '二号机加车间', master_id: master.id, starts_on: '2019-09-02', ends_on: '2019-12-27',
    places: 2 });
  assert.equal(slot.taken, 0);
  const a = await person('甲学员'), b = await person('乙学员'), c = await person('丙学员');
  const pa = await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: a.id, on: '2019-09-02' });
  assert.equal(pa.status, 'assigned');
  assert.deepEqual(pa.events.map((e) => [e.kind, e.on]), [['assigned', '2019-09-02']]);
  await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: b.id, on: '2019-09-03' });

  const before = { placement: count('placement'), event: count('placement_event'), audit: count('audit_log') };
  const full = await api.request('POST', `/api/v1/training/slots/${slot.id}/placements`,
    admin({ person_id: c.id, on: '2019-09-04' }));
  assertError(full, 409, 'conflict', 'slot_id');
  const again = await api.request('POST', `/api/v1/training/slots/${slot.id}/placements`,
    admin({ person_id: a.id, on: '2019-09-04' }));
  assertError(again, 409, 'conflict');
  assert.deepEqual({ placement: count('placement'), event: count('placement_event'),
    audit: count('audit_log') }, before, 'nothing written');
  assert.equal(rows(`SELECT taken FROM placement_slot WHERE id = ${slot.id}`)[0].taken, 2);

  // Fewer places than trainees placed is refused.
  const shrink = await api.request('PATCH', `/api/v1/training/slots/${slot.id}`, admin({ places: 1 }));
  assertError(shrink, 409, 'conflict', 'places');

  const w = await post(`/api/v1/training/placements/${pa.id}/events`,
    { kind: 'withdrawn', on: '2019-09-10', note: '转岗' }, adminToken, 200);
  assert.equal(w.status, 'withdrawn');
  assert.equal(w.ended_on, '2019-09-10');
  assert.deepEqual(w.events.map((e) => e.kind), ['assigned', 'withdrawn']);
  const ended = await api.request('POST', `/api/v1/training/placements/${pa.id}/events`,
    admin({ kind: 'completed', on: '2019-12-01' }));
  assertError(ended, 409, 'conflict', 'kind');
  await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: c.id, on: '2019-09-11' });
  assert.equal(rows(`SELECT taken FROM placement_slot WHERE id = ${slot.id}`)[0].taken, 2);
});

test('many assignments at once never overfill a slot', async () => {
  const f = await firm('长春九台并发装备有限公司');
  const slot = await post('/api/v1/training/slots', { firm_id: f.id, title: '装配实习岗',
    workshop: '总装车间', starts_on: '2019-09-02', ends_on: '2019-12-27', places: 3 });
  const people = [];
  for (let i = 0; i < 8; i++) people.push(await person(`并发学员${i}`));
  const answers = await Promise.all(people.map((p) => api.request('POST',
    `/api/v1/training/slots/${slot.id}/placements`, admin({ person_id: p.id, on: '2019-09-05' }))));
  assert.equal(answers.filter((r) => r.status === 201).length, 3);
  for (const r of answers.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', 'slot_id');
  assert.equal(count(`placement WHERE slot_id = ${slot.id}`), 3);
});

test('bad placement input names the field and writes nothing', async () => {
  const f = await firm('长春九台校验机械有限公司');
  const before = { slot: count('placement_slot'), audit: count('audit_log') };
  const cases = [
    [{ firm_id: f.id, title: '', workshop: '车间', starts_on: '2019-09-01', ends_on: '2019-10-01', places: 1 }, 'title'],
    [{ firm_id: f.id, title: '岗', workshop: '车间', starts_on: '2019-09-01', ends_on: '2019-08-01', places: 1 }, 'ends_on'],
    [{ firm_id: f.id, title: '岗', workshop: '车间', starts_on: '2019-09-01', ends_on: '2019-10-01', places: 0 }, 'places'],
    [{ firm_id: f.id, title: '岗', workshop: '车间', starts_on: '2019-02-30', ends_on: '2019-10-01', places: 1 }, 'starts_on'],
    [{ firm_id: 999999, title: '岗', workshop: '车间', starts_on: '2019-09-01', ends_on: '2019-10-01', places: 1 }, 'firm_id'],
    [{ firm_id: f.id, title: '岗', workshop: '车间', starts_on: '2019-09-01', ends_on: '2019-10-01', places: 1, taken: 1 }, 'taken'],
  ];
  for (const [body, field] of cases) {
    const res = await api.request('POST', '/api/v1/training/slots', admin(body));
    assertError(res, 400, 'invalid', field);
  }
  assert.deepEqual({ slot: count('placement_slot'), audit: count('audit_log') }, before);

  const slot = await post('/api/v1/training/slots', { firm_id: f.id, title: '焊接实习岗',
    workshop: '焊装车间', starts_on: '2019-09-02', ends_on: '2019-10-27', places: 5 });
  const p = await person('丁学员');
  const n = count('placement');
  for (const [body, field] of [
    [{ person_id: p.id, on: '2019-08-01' }, 'on'],
    [{ person_id: p.id, on: 'tomorrow' }, 'on'],
    [{ person_id: 999999, on: '2019-09-03' }, 'person_id'],
    [{ person_id: p.id, on: '2019-09-03', extra: 1 }, 'extra'],
  ]) {
    const res = await api.request('POST', `/api/v1/training/slots/${slot.id}/placements`, admin(body));
    assertError(res, 400, 'invalid', field);
  }
  assert.equal(count('placement'), n);
  const missing = await api.request('POST', '/api/v1/training/slots/999999/placements',
    admin({ person_id: p.id, on: '2019-09-03' }));
  assertError(missing, 404, 'not_found');
});

test('weekly logs by the trainee, confirmed by the master; the site evaluated once', async () => {
  const f = await firm('长春九台日志电子有限公司');
  const master = await person('钱师傅');
  const trainee = await person('孙学员');
  const other = await person('李学员');
  const slot = await post('/api/v1/training/slots', { firm_id: f.id, title: '电装实习岗',
    workshop: '电装车间', master_id: master.id, starts_on: '2019-09-02', ends_on: '2019-11-29', places: 4 });
  const pl = await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: trainee.id, on: '2019-09-02' });
  const traineeTok = await account('trainee', { person: trainee.id });
  const otherTok = await account('trainee', { person: other.id });
  const masterTok = await account('teacher', { person: master.id });

  const log = await post(`/api/v1/training/placements/${pl.id}/logs`,
    { week_of: '2019-09-02', hours: 40, content: '学习数控系统面板操作与对刀。' }, traineeTok);
  assert.equal(log.person_id, trainee.id);
  assert.equal(log.confirmed_at, null);
  const n = count('placement_log');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/logs`,
    as(traineeTok, { week_of: '2019-09-03', hours: 40, content: '周二' })), 400, 'invalid', 'week_of');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/logs`,
    as(traineeTok, { week_of: '2019-09-09', hours: 99, content: '太多' })), 400, 'invalid', 'hours');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/logs`,
    as(traineeTok, { week_of: '2019-09-02', hours: 8, content: '重复' })), 409, 'conflict', 'week_of');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/logs`,
    as(otherTok, { week_of: '2019-09-09', hours: 8, content: '冒名' })), 403, 'forbidden');
  assert.equal(count('placement_log'), n);

  assertError(await api.request('POST', `/api/v1/training/placement-logs/${log.id}/confirm`,
    as(traineeTok)), 403, 'forbidden');
  const ok = await post(`/api/v1/training/placement-logs/${log.id}/confirm`, undefined, masterTok, 200);
  assert.equal(ok.confirmed_by, master.id);
  assert.ok(ok.confirmed_at);
  assertError(await api.request('POST', `/api/v1/training/placement-logs/${log.id}/confirm`,
    as(masterTok)), 409, 'conflict');

  const ev = await post(`/api/v1/training/placements/${pl.id}/evaluation`,
    { guidance: 5, safety: 4, equipment: 4, learning: 5, comment: '师傅讲解细致' }, traineeTok);
  assert.equal(ev.guidance, 5);
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/evaluation`,
    as(traineeTok, { guidance: 6, safety: 4, equipment: 4, learning: 5 })), 400, 'invalid', 'guidance');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/evaluation`,
    as(traineeTok, { guidance: 3, safety: 4, equipment: 4, learning: 5 })), 409, 'conflict');
  assert.equal(count(`placement_evaluation WHERE placement_id = ${pl.id}`), 1);

  const done = await post(`/api/v1/training/placements/${pl.id}/events`,
    { kind: 'completed', on: '2019-11-29' }, adminToken, 200);
  assert.equal(done.status, 'completed');
  assertError(await api.request('POST', `/api/v1/training/placements/${pl.id}/events`,
    admin({ kind: 'completed', on: '2019-08-01' })), 409, 'conflict', 'kind');
});

test('an enterprise sees its own placements only; a trainee its own', async () => {
  const f1 = await firm('长春九台甲方制造有限公司');
  const f2 = await firm('长春九台乙方制造有限公司');
  const t1 = await person('周学员'), t2 = await person('吴学员');
  const s1 = await post('/api/v1/training/slots', { firm_id: f1.id, title: '甲岗', workshop: '甲车间',
    starts_on: '2019-09-02', ends_on: '2019-12-27', places: 5 });
  const s2 = await post('/api/v1/training/slots', { firm_id: f2.id, title: '乙岗', workshop: '乙车间',
    starts_on: '2019-09-02', ends_on: '2019-12-27', places: 5 });
  const p1 = await post(`/api/v1/training/slots/${s1.id}/placements`, { person_id: t1.id, on: '2019-09-02' });
  const p2 = await post(`/api/v1/training/slots/${s2.id}/placements`, { person_id: t2.id, on: '2019-09-02' });
  const ent1 = await account('enterprise', { org: f1.id });
  const tr2 = await account('trainee', { person: t2.id });
  const viewer = await account('viewer');

  const mine = await get('/api/v1/training/placements?limit=200', ent1);
  assert.ok(mine.items.length >= 1);
  for (const p of mine.items) assert.equal(p.firm_id, f1.id);
  assertError(await api.request('GET', `/api/v1/training/placements/${p2.id}`, as(ent1)), 404, 'not_found');
  assert.equal((await get(`/api/v1/training/placements/${p1.id}`, ent1)).id, p1.id);
  const slots = await get('/api/v1/training/slots?limit=200', ent1);
  for (const s of slots.items) assert.equal(s.firm_id, f1.id);

  // A firm offers slots for itself, not for another.
  await post('/api/v1/training/slots', { firm_id: f1.id, title: '自设岗', workshop: '甲车间',
    starts_on: '2019-09-02', ends_on: '2019-12-27', places: 1 }, ent1);
  assertError(await api.request('POST', '/api/v1/training/slots', as(ent1, { firm_id: f2.id,
    title: '越权岗', workshop: '乙车间', starts_on: '2019-09-02', ends_on: '2019-12-27', places: 1 })),
  403, 'forbidden');
  assertError(await api.request('POST', `/api/v1/training/slots/${s2.id}/placements`,
    as(ent1, { person_id: t1.id, on: '2019-09-03' })), 403, 'forbidden');

  const own = await get('/api/v1/training/placements', tr2);
  assert.deepEqual(own.items.map((p) => p.id), [p2.id]);
  assertError(await api.request('GET', `/api/v1/training/placements/${p1.id}`, as(tr2)), 404, 'not_found');
  assertError(await api.request('GET', '/api/v1/training/slots', as(tr2)), 403, 'forbidden');
  assertError(await api.request('GET', '/api/v1/training/placements', as(viewer)), 403, 'forbidden');
  assertError(await api.request('GET', '/api/v1/training/skill-certificates', as(viewer)), 403, 'forbidden');
  assert.equal((await get('/api/v1/training/figures?as_of=2019-11-18', viewer)).as_of, '2019-11-18');
});

// ---- the skill-certificate register ---------------------------------------

test('skill certificates: levels 1..5, numbers unique per issuing body', async () => {
  const p = await person('赵高技');
  const c = await post('/api/v1/training/skill-certificates', { person_id: p.id, occupation: '数控车工',
    level: 1, number: 'S1922011300001', issuer: '吉林省职业技能鉴定中心', issued_on: '2019-06-30' });
  assert.equal(c.level, 1);
  // The same number from another body is another certificate.
  await post('/api/v1/training/skill-certificates', { person_id: p.id, occupation: '数控车工',
    level: 2, number: 'S1922011300001', issuer: '长春市职业技能鉴定中心', issued_on: '2018-06-30' });
  const n = count('skill_certificate');
  assertError(await api.request('POST', '/api/v1/training/skill-certificates', admin({ person_id: p.id,
    occupation: '数控车工', level: 1, number: 'S1922011300001', issuer: '吉林省职业技能鉴定中心',
    issued_on: '2019-07-01' })), 409, 'conflict');
  for (const [patch, field] of [[{ level: 0 }, 'level'], [{ level: 6 }, 'level'], [{ number: '' }, 'number'],
    [{ issued_on: '2019-13-01' }, 'issued_on'], [{ person_id: 999999 }, 'person_id']]) {
    const res = await api.request('POST', '/api/v1/training/skill-certificates', admin({ person_id: p.id,
      occupation: '钳工', level: 3, number: 'X-1', issuer: '某鉴定站', issued_on: '2019-01-01', ...patch }));
    assertError(res, 400, 'invalid', field);
  }
  assert.equal(count('skill_certificate'), n);
  const tok = await account('trainee', { person: p.id });
  const mine = await get('/api/v1/training/skill-certificates', tok);
  assert.equal(mine.total, 2);
  assertError(await api.request('POST', '/api/v1/training/skill-certificates', as(tok, { person_id: p.id,
    occupation: '钳工', level: 1, number: 'FAKE', issuer: '自封', issued_on: '2019-01-01' })), 403, 'forbidden');
});

test('figures: as_of is a date, defaulting to today', async () => {
  assertError(await api.request('GET', '/api/v1/training/figures?as_of=2019-02-30', admin()),
    400, 'invalid', 'as_of');
  const today = await get('/api/v1/training/figures');
  assert.match(today.as_of, /^\d{4}-\d{2}-\d{2}$/);
  assertError(await api.request('GET', '/api/v1/training/figures/nonsense', admin()), 404, 'not_found');
});
