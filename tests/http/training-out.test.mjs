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
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';
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

// tr-core's routes, not (yet) described by this branch's document: plain
// fetch, status checked by the caller.
async function raw(method, path, body) {
  const res = await fetch(srv.url + path, { method, headers: { authorization: `Bearer ${adminToken}`,
    'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
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

// ---- the demo park's figures ---------------------------------------------

const figures = (asOf) => get(`/api/v1/training/figures?as_of=${asOf}`);

test('the demo park as of 2019-11-18: 1,500 trained for 20 firms, 1,800, 900, 53', async () => {
  const f = await figures('2019-11-18');
  assert.deepEqual(f.trained_for_firms, { people: 1500, firms: 20 });
  assert.deepEqual(f.enterprise_practice, { people: 1800 });
  assert.equal(f.college_intake.people, 900);
  assert.deepEqual(f.college_intake.by_date, [{ intake_on: '2019-09-01', people: 900 }]);
  assert.equal(f.senior_technicians.firms, 53);
  assert.equal(f.order_classes.length, 20);
  for (const o of f.order_classes) {
    assert.ok(o.hired > 0 && o.hired <= o.completed, JSON.stringify(o));
    assert.ok(o.hiring_commitment <= o.seat_quota);
  }
  // By kind and by year add up to the people who completed anything.
  const byKind = f.by_kind;
  assert.equal(byKind.pre_job + byKind.order_class + byKind.in_service, 1500);
  assert.equal(byKind.apprenticeship, 1800 + 60);
  assert.equal(byKind.college, undefined, 'the college intake has not completed');
  assert.deepEqual(f.by_year.map((y) => y.year), ['2017', '2018', '2019']);

  // Before the college opened there was no intake; before 2017 nothing.
  const early = await figures('2019-08-31');
  assert.equal(early.college_intake.people, 0);
  const none = await figures('2016-12-31');
  assert.deepEqual(none.trained_for_firms, { people: 0, firms: 0 });
  assert.equal(none.senior_technicians.firms, 0);

  // Each figure's records: as many as the figure counts.
  const rowsOf = async (name) => (await get(`/api/v1/training/figures/${name}?as_of=2019-11-18&limit=1`)).total;
  assert.equal(await rowsOf('trained_for_firms'), 1500);
  assert.equal(await rowsOf('enterprise_practice'), 1800);
  assert.equal(await rowsOf('college_intake'), 900);
  assert.equal(await rowsOf('senior_technicians'), 60);
});

test('completing one more pre-job trainee through the API on 2019-11-18 makes 1,501', async () => {
  const [prog] = rows(`SELECT g.id, g.firm_org_id, c.centre_id, c.teacher_person_id FROM training_programme g
    JOIN training_cohort c ON c.programme_id = g.id WHERE g.kind = 'pre_job' ORDER BY g.id LIMIT 1`);
  const cohort = await raw('POST', '/api/v1/training/cohorts', { programme_id: prog.id, centre_id: prog.centre_id,
    name: '2019年11月加开班', capacity: 30, starts_on: '2019-11-04', ends_on: '2019-11-18',
    teacher_person_id: prog.teacher_person_id });
  assert.equal(cohort.status, 201, JSON.stringify(cohort.json));
  const p = await person('新学员');
  const enrolment = await raw('POST', '/api/v1/training/enrolments', { cohort_id: cohort.json.id,
    person_id: p.id, source: 'unemployed', enrolled_on: '2019-11-04' });
  assert.equal(enrolment.status, 201, JSON.stringify(enrolment.json));
  const e = enrolment.json.id;

  // Not before every module is assessed and passed (the rule's default).
  const early = await raw('POST', `/api/v1/training/enrolments/${e}/complete`, { on_date: '2019-11-18' });
  assert.equal(early.status, 409, JSON.stringify(early.json));
  assert.equal(count(`training_certificate WHERE enrolment_id = ${e}`), 0);

  const modules = rows(`SELECT id FROM training_module WHERE programme_id = ${prog.id} ORDER BY seq`);
  assert.ok(modules.length > 0);
  // Bad assessments name the field and write nothing.
  const n = count('training_assessment');
  for (const [body, field] of [[{ module_id: modules[0].id, score: 101, assessed_on: '2019-11-15' }, 'score'],
    [{ module_id: 999999, score: 80, assessed_on: '2019-11-15' }, 'module_id'],
    [{ module_id: modules[0].id, score: 80, assessed_on: '2019-11-15', passed: 1 }, 'passed'],
    [{ module_id: modules[0].id, score: 80, assessed_on: '15/11/2019' }, 'assessed_on']]) {
    const res = await api.request('POST', `/api/v1/training/enrolments/${e}/assessments`, admin(body));
    assertError(res, 400, 'invalid', field);
  }
  assert.equal(count('training_assessment'), n);
  const failed = await post(`/api/v1/training/enrolments/${e}/assessments`,
    { module_id: modules[0].id, score: 59, assessed_on: '2019-11-15' });
  assert.equal(failed.passed, 0, 'below the pass mark of 60');
  for (const m of modules) {
    const a = await post(`/api/v1/training/enrolments/${e}/assessments`,
      { module_id: m.id, score: 86, assessed_on: '2019-11-15' });
    assert.equal(a.passed, 1);
  }
  // No certificate before completion.
  assertError(await api.request('POST', `/api/v1/training/enrolments/${e}/certificate`, admin()),
    409, 'conflict', 'enrolment_id');
  const done = await raw('POST', `/api/v1/training/enrolments/${e}/complete`, { on_date: '2019-11-18' });
  assert.equal(done.status, 200, JSON.stringify(done.json));

  assert.deepEqual((await figures('2019-11-18')).trained_for_firms, { people: 1501, firms: 20 });
  assert.deepEqual((await figures('2019-11-17')).trained_for_firms, { people: 1500, firms: 20 });

  // The certificate, and its public verification.
  const cert = await post(`/api/v1/training/enrolments/${e}/certificate`);
  assert.equal(cert.issued_on, '2019-11-18');
  assert.match(cert.code, /^[0-9A-HJKMNP-TV-Z]{20}$/);
  assertError(await api.request('POST', `/api/v1/training/enrolments/${e}/certificate`, admin()),
    409, 'conflict', 'enrolment_id');
  const page = await fetch(`${srv.url}/verify/${cert.code}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /新\*员/, 'the masked name');
  assert.doesNotMatch(html, /新学员/, 'never the full name');
  assert.ok(html.includes('2019-11-18'));
  const programme = rows(`SELECT name FROM training_programme WHERE id = ${prog.id}`)[0].name;
  assert.ok(html.includes(programme));
  assert.ok(!html.includes(p.mobile), 'nothing else about the holder');
  // Lower case is the same code.
  assert.equal((await fetch(`${srv.url}/verify/${cert.code.toLowerCase()}`)).status, 200);
});

test('/verify/CODE: an unknown code is plainly unknown, in the same page, 404', async () => {
  const [real] = rows('SELECT code FROM training_certificate LIMIT 1');
  const good = await fetch(`${srv.url}/verify/${real.code}`);
  assert.equal(good.status, 200);
  const goodHtml = await good.text();
  assert.match(goodHtml, /真实有效/);
  for (const code of ['0000000000000000000Z', real.code.slice(0, 19) + (real.code[19] === '0' ? '1' : '0'),
    'short', 'IIIIIIIIIIIIIIIIIIII', '%27%20OR%201%3D1']) {
    const res = await fetch(`${srv.url}/verify/${code}`);
    assert.equal(res.status, 404, code);
    const html = await res.text();
    assert.match(html, /查无此证/);
    assert.doesNotMatch(html, /<dt>(持证人|培训项目)<\/dt>/);
  }
});

test('a trainee sees its own certificates and prints them; not another\'s', async () => {
  const [c1, c2] = rows('SELECT id, person_id, code FROM training_certificate ORDER BY id LIMIT 2');
  const tok = await account('trainee', { person: c1.person_id });
  const mine = await get('/api/v1/training/certificates', tok);
  assert.deepEqual(mine.items.map((c) => c.id), [c1.id]);
  assertError(await api.request('GET', `/api/v1/training/certificates/${c2.id}`, as(tok)), 404, 'not_found');
  const print = await fetch(`${srv.url}/training/certificates/${c1.id}/print`,
    { headers: { authorization: `Bearer ${tok}` } });
  assert.equal(print.status, 200);
  const html = await print.text();
  assert.match(html, /结业证书/);
  assert.match(html, /certificate\.css/);
  assert.ok(html.includes(c1.code));
  const other = await fetch(`${srv.url}/training/certificates/${c2.id}/print`,
    { headers: { authorization: `Bearer ${tok}` } });
  assert.equal(other.status, 404);
});

test('lists export as XLSX', async () => {
  for (const path of ['/training/placements/export?format=xlsx', '/training/slots/export?format=xlsx',
    '/training/certificates/export?format=xlsx', '/training/skill-certificates/export?format=xlsx',
    '/training/figures/enterprise_practice/export?format=xlsx&as_of=2019-11-18']) {
    const res = await fetch(srv.url + path, { headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /spreadsheetml/, path);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', path);
  }
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

test('the pages: assign on the slot, log and evaluate as the trainee, confirm as the master, end as the firm', async () => {
  const f = await firm('长春九台页面表单有限公司');
  const master = await person('冯师傅');
  const trainee = await person('陈学员');
  const slot = await post('/api/v1/training/slots', { firm_id: f.id, title: '表单实习岗',
    workshop: '一号车间', master_id: master.id, starts_on: '2019-09-02', ends_on: '2019-12-27', places: 1 });
  const firmTok = await account('enterprise', { org: f.id });
  const traineeTok = await account('trainee', { person: trainee.id });
  const masterTok = await account('teacher', { person: master.id });
  // A firm places the people tied to it (issue 13, item 9).
  await post('/api/v1/affiliations', { person_id: trainee.id, org_id: f.id, role: 'trainee', since: '2019-09-01' });
  const form = (token, path, fields) => fetch(srv.url + path, { method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString() });

  // A bad date stays on the slot's page with the error beside the field.
  let res = await form(firmTok, `/training/slots/${slot.id}/placements`, { person_id: trainee.id, on: '2019-08-01' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /日期须在岗位的起止日期之内/);
  res = await form(firmTok, `/training/slots/${slot.id}/placements`, { person_id: trainee.id, on: '2019-09-02' });
  assert.equal(res.status, 303);
  const pl = Number(res.headers.get('location').split('/').pop());
  assert.equal(rows(`SELECT person_id FROM placement WHERE id = ${pl}`)[0].person_id, trainee.id);
  // The one place is taken: said on the page, nothing written.
  const other = await person('褚学员');
  res = await form(firmTok, `/training/slots/${slot.id}/placements`, { person_id: other.id, on: '2019-09-03' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /该岗位名额已满/);
  assert.equal(count(`placement WHERE slot_id = ${slot.id}`), 1);

  // The trainee's page has the log form; a Tuesday is refused.
  const page = await fetch(`${srv.url}/training/placements/${pl}`, { headers: { authorization: `Bearer ${traineeTok}` } });
  assert.match(await page.text(), /填写实践周志/);
  res = await form(traineeTok, `/training/placements/${pl}/logs`, { week_of: '2019-09-03', hours: '40', content: '周二' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /周志日期须为该周周一/);
  res = await form(traineeTok, `/training/placements/${pl}/logs`, { week_of: '2019-09-02', hours: 'forty', content: '车削练习' });
  assert.equal(res.status, 400);
  assert.equal(count(`placement_log WHERE placement_id = ${pl}`), 0);
  res = await form(traineeTok, `/training/placements/${pl}/logs`, { week_of: '2019-09-02', hours: '40', content: '车削练习' });
  assert.equal(res.status, 303);
  res = await form(traineeTok, `/training/placements/${pl}/evaluation`,
    { guidance: '5', safety: '5', equipment: '4', learning: '5', comment: '很好' });
  assert.equal(res.status, 303);

  // The master sees the placement and confirms the log.
  const seen = await fetch(`${srv.url}/training/placements/${pl}`, { headers: { authorization: `Bearer ${masterTok}` } });
  assert.equal(seen.status, 200);
  const [log] = rows(`SELECT id FROM placement_log WHERE placement_id = ${pl}`);
  assert.equal((await form(traineeTok, `/training/placement-logs/${log.id}/confirm`, {})).status, 403);
  res = await form(masterTok, `/training/placement-logs/${log.id}/confirm`, {});
  assert.equal(res.status, 303);
  assert.equal(rows(`SELECT confirmed_by FROM placement_log WHERE id = ${log.id}`)[0].confirmed_by, master.id);

  // The firm ends it; not before it began.
  res = await form(firmTok, `/training/placements/${pl}/events`, { kind: 'completed', on: '2019-08-30' });
  assert.equal(res.status, 400);
  res = await form(firmTok, `/training/placements/${pl}/events`, { kind: 'completed', on: '2019-12-27' });
  assert.equal(res.status, 303);
  assert.equal(rows(`SELECT status FROM placement WHERE id = ${pl}`)[0].status, 'completed');
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

// Issue 13, item 9: a firm named any person_id when placing, or any
// master_id on its slot, and the answer showed that person's name; the
// named master's teacher account then saw the slot and its placements.
test('a firm names only people tied to it; an answer never shows a name it could not list', async () => {
  const f = await firm('长春九台名录测试有限公司');
  const ent = await account('enterprise', { org: f.id });
  const employee = await person('欧阳师傅');
  await post('/api/v1/affiliations', { person_id: employee.id, org_id: f.id, role: 'employee', since: '2015-03-01' });
  const stranger = await person('司马路人');
  const strangerTok = await account('teacher', { person: stranger.id });
  // A trainee of the firm's order class, known to training, not to party.
  const order = (await raw('POST', '/api/v1/training/programmes', {
    kind: 'order_class', name: '名录订单班', occupation: '钳工', firm_org_id: f.id, seat_quota: 10,
    hiring_commitment: 5 })).json;
  const centre = (await raw('POST', '/api/v1/training/centres', { name: '名录测试中心', capacity: 10 })).json;
  const cohort = (await raw('POST', '/api/v1/training/cohorts', { programme_id: order.id, centre_id: centre.id,
    name: '名录一班', capacity: 5, starts_on: '2019-09-01', ends_on: '2019-12-31', teacher_person_id: employee.id })).json;
  const student = await person('诸葛学员');
  const enrolled = await raw('POST', '/api/v1/training/enrolments', { cohort_id: cohort.id, person_id: student.id,
    source: 'unemployed', enrolled_on: '2019-09-01' });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.json));

  const slotBody = { firm_id: f.id, title: '名录岗', workshop: '一车间', starts_on: '2019-09-02',
    ends_on: '2019-12-27', places: 5 };
  const before = { slot: count('placement_slot'), audit: count('audit_log') };
  const named = await api.request('POST', '/api/v1/training/slots', as(ent, { ...slotBody, master_id: stranger.id }));
  assertError(named, 400, 'invalid', 'master_id');
  assert.doesNotMatch(named.text, /司马路人/);
  const missing = await api.request('POST', '/api/v1/training/slots', as(ent, { ...slotBody, master_id: 999999 }));
  assertError(missing, 400, 'invalid', 'master_id');
  assert.equal(missing.json.error.message, named.json.error.message, 'out of reach and missing answer alike');
  assert.deepEqual({ slot: count('placement_slot'), audit: count('audit_log') }, before, 'nothing written');
  // The stranger's teacher account got nothing over the firm's slots.
  assert.deepEqual((await get('/api/v1/training/slots', strangerTok)).items, []);

  const slot = await post('/api/v1/training/slots', { ...slotBody, master_id: employee.id }, ent);
  assert.equal(slot.master_name, '欧阳师傅');
  const n = count('placement');
  const placed = await api.request('POST', `/api/v1/training/slots/${slot.id}/placements`,
    as(ent, { person_id: stranger.id, on: '2019-09-02' }));
  assertError(placed, 400, 'invalid', 'person_id');
  assert.doesNotMatch(placed.text, /司马路人/);
  const nobody = await api.request('POST', `/api/v1/training/slots/${slot.id}/placements`,
    as(ent, { person_id: 999999, on: '2019-09-02' }));
  assertError(nobody, 400, 'invalid', 'person_id');
  assert.equal(nobody.json.error.message, placed.json.error.message);
  assert.equal(count('placement'), n, 'nothing written');
  // The page form says the same, without the name.
  const page = await fetch(`${srv.url}/training/slots/${slot.id}/placements`, { method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${ent}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person_id: String(stranger.id), on: '2019-09-02' }).toString() });
  assert.equal(page.status, 400);
  assert.doesNotMatch(await page.text(), /司马路人/);
  assert.equal(count('placement'), n);
  // Typed into the picker's text, the id the firm knows reaches the rule
  // (the firm may list no people to pick from): the same answer.
  const typed = await fetch(`${srv.url}/training/slots/${slot.id}/placements`, { method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${ent}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person_id: '', person_id_text: String(stranger.id), on: '2019-09-02' }).toString() });
  assert.equal(typed.status, 400);
  const typedText = await typed.text();
  assert.doesNotMatch(typedText, /司马路人/);
  assert.match(typedText, /id="f-person_id-error"/);
  assert.equal(count('placement'), n);

  // Its trainee and its employee it may place; staff may place anyone.
  const p1 = await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: student.id, on: '2019-09-02' }, ent);
  assert.equal(p1.person_name, '诸葛学员');
  await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: employee.id, on: '2019-09-02' }, ent);
  await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: stranger.id, on: '2019-09-02' });
  // Staff may name anyone as the master, but no one who does not exist.
  assertError(await api.request('PATCH', `/api/v1/training/slots/${slot.id}`, admin({ master_id: 999999 })),
    400, 'invalid', 'master_id');
  const patched = await api.request('PATCH', `/api/v1/training/slots/${slot.id}`, admin({ master_id: stranger.id }));
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.master_id, stranger.id);
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
