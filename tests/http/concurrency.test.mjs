// State changes are compare-and-set: requests that read the same state at
// once, and would each act on it, leave exactly one change. SQLite runs
// one writer at a time (BEGIN IMMEDIATE); PostgreSQL's READ COMMITTED
// does not, which is what this file is for (docs/ARCHITECTURE.md, "State
// changes are compare-and-set"). Twenty admissions of one application
// make one organisation and one incubation record; an admission and a
// rejection at once leave one consistent state; twenty submissions of one
// draft submit it once; twenty ends of one workshop placement (completed
// and withdrawn mixed) end it once, with one event and the slot's count
// right. Every answer is checked against the OpenAPI document.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const AT_ONCE = 20;
let db, srv, api;
const tokens = {};

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (who, body) => ({ headers: { authorization: `Bearer ${tokens[who]}` },
  ...(body === undefined ? {} : { body }) });

async function account(name, role) {
  const add = await runCli(['user', 'add', name, '--role', role, '--db', db.url],
    { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  tokens[name] = tok.stdout.trim();
  return Number(rows(`SELECT id FROM account WHERE name = '${name}'`)[0].id);
}

// `n` requests sent together; their answers, in order. `n` reads first,
// so that each request goes out on a connection already open and they
// reach the server as nearly at once as they can.
async function atOnce(n, send) {
  await Promise.all(Array.from({ length: n }, () => fetch(srv.url + '/healthz').then((r) => r.text())));
  return Promise.all(Array.from({ length: n }, (_, i) => send(i)));
}

function tally(answers) {
  const by = {};
  for (const a of answers) by[a.status] = (by[a.status] || 0) + 1;
  return by;
}

let applicantId;
let projects = 0;

// A submitted application of the applicant's; its id.
async function submitted() {
  const draft = await api.request('POST', '/api/v1/incubation/applications', as('applicant', {
    kind: 'team', project: `并发测试项目${++projects}`, field: 'drones',
    members: [{ name: '李明', school: '长春理工大学', is_leader: 1 }],
  }));
  assert.equal(draft.status, 201, draft.text);
  const sub = await api.request('POST', `/api/v1/incubation/applications/${draft.json.id}/submit`,
    as('applicant'));
  assert.equal(sub.status, 200, sub.text);
  return draft.json.id;
}

before(async () => {
  db = freshDatabase();
  // The schema first, so that accounts can be made before the server runs.
  const mig = await runCli(['migrate', '--db', db.url]);
  assert.equal(mig.status, 0, mig.stderr);
  await account('root', 'admin');
  applicantId = await account('applicant', 'applicant');
  srv = await startServer({ db: db.url, args: ['--threads', '8', '--job-tick', '0'] });
  api = await apiClient(srv.url);
});

after(async () => {
  if (srv) {
    const { code } = await srv.stop();
    assert.equal(code, 0, 'the server exits 0 on SIGTERM');
  }
  db.dispose();
});

test(`${AT_ONCE} admissions of one application at once: one succeeds, one organisation, one incubation record`, async () => {
  const id = await submitted();
  const orgs = count('org');
  const notes = count(`notification WHERE account_id = ${applicantId}`);
  const answers = await atOnce(AT_ONCE, () => api.request('POST',
    `/api/v1/incubation/applications/${id}/decision`, as('root', { decision: 'admit', reason: '评审通过' })));
  assert.deepEqual(tally(answers), { 200: 1, 409: AT_ONCE - 1 }, answers.map((a) => a.text).join('\n'));
  for (const a of answers.filter((x) => x.status === 409))
    assert.equal(a.json.error.code, 'conflict', a.text);
  const won = answers.find((a) => a.status === 200).json;
  assert.equal(won.status, 'admitted');

  assert.equal(count('org'), orgs + 1, 'one organisation made');
  assert.equal(count(`incubation WHERE application_id = ${id}`), 1);
  assert.equal(Number(rows(`SELECT org_id FROM incubation WHERE application_id = ${id}`)[0].org_id), won.org_id);
  assert.equal(count(`incubation_event WHERE org_id = ${won.org_id}`), 1);
  assert.equal(count(`inc_decision WHERE application_id = ${id}`), 1);
  assert.equal(count(`audit_log WHERE entity = 'inc_application' AND entity_id = ${id} AND action = 'decide'`), 1);
  assert.equal(count(`notification WHERE account_id = ${applicantId}`), notes + 1);
  const app = rows(`SELECT status, org_id FROM inc_application WHERE id = ${id}`)[0];
  assert.deepEqual([app.status, Number(app.org_id)], ['admitted', won.org_id]);
});

test('an admission and a rejection at once leave one consistent state', async () => {
  for (let round = 0; round < 3; round++) {
    const id = await submitted();
    const orgs = count('org');
    const answers = await atOnce(AT_ONCE, (i) => api.request('POST',
      `/api/v1/incubation/applications/${id}/decision`,
      as('root', i % 2 ? { decision: 'reject', reason: '不符合条件' } : { decision: 'admit', reason: '评审通过' })));
    assert.deepEqual(tally(answers), { 200: 1, 409: AT_ONCE - 1 });
    const won = answers.find((a) => a.status === 200).json;
    const app = rows(`SELECT status, org_id FROM inc_application WHERE id = ${id}`)[0];
    assert.equal(app.status, won.status);
    const decisions = rows(`SELECT decision FROM inc_decision WHERE application_id = ${id}`);
    assert.equal(decisions.length, 1);
    if (won.status === 'admitted') {
      assert.equal(decisions[0].decision, 'admit');
      assert.equal(count('org'), orgs + 1);
      assert.equal(count(`incubation WHERE application_id = ${id}`), 1);
    } else {
      assert.equal(won.status, 'rejected');
      assert.equal(decisions[0].decision, 'reject');
      assert.equal(count('org'), orgs, 'a rejection makes no organisation');
      assert.equal(count(`incubation WHERE application_id = ${id}`), 0);
      assert.equal(app.org_id, null);
    }
  }
});

test(`${AT_ONCE} submissions of one draft at once submit it once`, async () => {
  const draft = await api.request('POST', '/api/v1/incubation/applications', as('applicant', {
    kind: 'team', project: '并发提交项目', field: 'drones',
  }));
  assert.equal(draft.status, 201, draft.text);
  const id = draft.json.id;
  const answers = await atOnce(AT_ONCE, () => api.request('POST',
    `/api/v1/incubation/applications/${id}/submit`, as('applicant')));
  assert.deepEqual(tally(answers), { 200: 1, 409: AT_ONCE - 1 });
  assert.equal(count(`audit_log WHERE entity = 'inc_application' AND entity_id = ${id} AND action = 'submit'`), 1);
  assert.equal(rows(`SELECT status FROM inc_application WHERE id = ${id}`)[0].status, 'submitted');
});

test(`${AT_ONCE} ends of one placement at once (completed and withdrawn) end it once`, async () => {
  const post = async (path, body, status = 201) => {
    const res = await api.request('POST', path, as('root', body));
    assert.equal(res.status, status, res.text);
    return res.json;
  };
  const firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '长春并发精工有限公司' });
  const master = await post('/api/v1/people', { name: '郝师傅', mobile: '13900000001' });
  const slot = await post('/api/v1/training/slots', { firm_id: firm.id, title: '数控车床实习岗',
    workshop: '二号机加车间', master_id: master.id, starts_on: '2019-09-02', ends_on: '2019-12-27', places: 4 });
  for (let round = 0; round < 3; round++) {
    const trainee = await post('/api/v1/people', { name: `学员${round}`, mobile: `1390000001${round}` });
    const pl = await post(`/api/v1/training/slots/${slot.id}/placements`, { person_id: trainee.id, on: '2019-09-02' });
    const taken = Number(rows(`SELECT taken FROM placement_slot WHERE id = ${slot.id}`)[0].taken);
    const answers = await atOnce(AT_ONCE, (i) => api.request('POST',
      `/api/v1/training/placements/${pl.id}/events`,
      as('root', { kind: i % 2 ? 'withdrawn' : 'completed', on: '2019-12-01' })));
  assert.deepEqual(tally(answers), { 200: 1, 409: AT_ONCE - 1 }, answers.map((a) => a.text).join('\n'));
    for (const a of answers.filter((x) => x.status === 409))
      assert.equal(a.json.error.field, 'kind', a.text);
    const won = answers.find((a) => a.status === 200).json;
    const events = rows(`SELECT kind FROM placement_event WHERE placement_id = ${pl.id} ORDER BY id`);
    assert.deepEqual(events.map((e) => e.kind), ['assigned', won.status]);
    assert.equal(rows(`SELECT status FROM placement WHERE id = ${pl.id}`)[0].status, won.status);
    assert.equal(Number(rows(`SELECT taken FROM placement_slot WHERE id = ${slot.id}`)[0].taken),
      won.status === 'withdrawn' ? taken - 1 : taken);
    assert.equal(count(`audit_log WHERE entity = 'placement' AND entity_id = ${pl.id} AND action IN ('completed', 'withdrawn')`), 1);
  }
});

test('the database itself holds one incubation record per application and one end per placement', async () => {
  // What the compare-and-set keeps from happening, the schema refuses too
  // (migration 0010), whoever writes.
  const id = await submitted();
  const dec = await api.request('POST', `/api/v1/incubation/applications/${id}/decision`,
    as('root', { decision: 'admit', reason: '评审通过' }));
  assert.equal(dec.status, 200, dec.text);
  const other = await api.request('POST', '/api/v1/orgs', as('root', { kind: 'startup', name: '重复入孵测试公司' }));
  assert.equal(other.status, 201, other.text);
  const second = dbTryExec(db.url, `INSERT INTO incubation (org_id, application_id, admitted_on,
    created_at, updated_at) VALUES (${other.json.id}, ${id}, '2026-01-05', '2026-01-05T00:00:00Z',
    '2026-01-05T00:00:00Z')`);
  assert.equal(second.ok, false, 'a second incubation record of one application is refused');
  assert.equal(count(`incubation WHERE application_id = ${id}`), 1);

  const pl = rows(`SELECT placement_id AS id FROM placement_event WHERE kind <> 'assigned' LIMIT 1`)[0].id;
  const ends = count(`placement_event WHERE placement_id = ${pl}`);
  const again = dbTryExec(db.url, `INSERT INTO placement_event (placement_id, kind, on_date, note,
    created_at) VALUES (${pl}, 'completed', '2019-12-20', '', '2019-12-20T00:00:00Z')`);
  assert.equal(again.ok, false, 'a second end of one placement is refused');
  assert.equal(count(`placement_event WHERE placement_id = ${pl}`), ends);
});
