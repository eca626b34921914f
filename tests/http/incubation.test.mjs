// The incubator over HTTP on the demo park: the figures as of 2019-11-18
// are the seed article's (62 incubated, 25 graduated, 37 in the park) and
// one more graduation through the API moves them; events are appended and
// the database refuses to change them; bad input names its field and
// writes nothing; a startup's token sees only its own records and never
// scores; reviewers cannot see each other's scores before the round
// closes; the decision notifies the applicant and admits the startup.
// Every JSON answer is checked against the OpenAPI document.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const AS_OF = '2019-11-18';
let db, srv, api, uploads;
const tokens = {};

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (who, body) => ({ headers: { authorization: `Bearer ${tokens[who]}` },
  ...(body === undefined ? {} : { body }) });

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

async function account(name, roles, extra = []) {
  const args = ['user', 'add', name, ...roles.flatMap((r) => ['--role', r]), ...extra, '--db', db.url];
  const add = await runCli(args, { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  tokens[name] = tok.stdout.trim();
  return Number(rows(`SELECT id FROM account WHERE name = '${name}'`)[0].id);
}

let inPark, otherInPark;

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
  await account('root', ['admin']);
  await account('viewer', ['viewer']);
  // Two startups in the park as of the date, newest admissions first.
  const park = rows(`SELECT i.org_id FROM incubation i WHERE NOT EXISTS (SELECT 1 FROM
    incubation_event e WHERE e.org_id = i.org_id AND e.kind <> 'admitted') ORDER BY i.admitted_on DESC`);
  inPark = Number(park[0].org_id);
  otherInPark = Number(park[1].org_id);
  await account('startup-a', ['enterprise'], ['--org', String(inPark)]);
  await account('startup-b', ['enterprise'], ['--org', String(otherInPark)]);
  // An expert of the demo, signed in as the person it is.
  const expert = rows(`SELECT x.person_id, a.org_id FROM inc_expert x JOIN inc_assignment a
    ON a.expert_id = x.id ORDER BY x.id LIMIT 1`)[0];
  await account('expert-1', ['expert'], ['--person', String(expert.person_id)]);
  tokens.expertOrg = Number(expert.org_id);
  uploads = mkdtempSync(path.join(tmpdir(), 'jianggu-incubation-'));
  srv = await startServer({ db: db.url, args: ['--uploads', uploads] });
  api = await apiClient(srv.url);
});

after(async () => {
  if (srv) await srv.stop();
  db.dispose();
  if (uploads) rmSync(uploads, { recursive: true, force: true });
});

test('the demo figures as of 2019-11-18 are the seed article\'s', async () => {
  const res = await api.request('GET', `/api/v1/incubation/figures?as_of=${AS_OF}`, as('root'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.incubated, 62);
  assert.equal(res.json.graduated, 25);
  assert.equal(res.json.exited, 0);
  assert.equal(res.json.in_park, 37);
  assert.ok(res.json.financing > 0);
  // The college's 150 million yuan is a contribution, not startup financing.
  assert.equal(count(`investment WHERE amount = 15000000000 AND kind = 'contribution'`), 1);
  // The park at the end of 2014 was smaller.
  const early = await api.request('GET', '/api/v1/incubation/figures?as_of=2014-12-31', as('root'));
  assert.ok(early.json.incubated > 0 && early.json.incubated < 62);
  // Viewers see figures; a bad date names as_of.
  assert.equal((await api.request('GET', `/api/v1/incubation/figures?as_of=${AS_OF}`, as('viewer'))).status, 200);
  assertError(await api.request('GET', '/api/v1/incubation/figures?as_of=2019-02-30', as('root')), 400, 'invalid', 'as_of');
});

test('the startups the demo flags on purpose need attention', async () => {
  const res = await api.request('GET', `/api/v1/incubation/attention?as_of=${AS_OF}`, as('root'));
  assert.equal(res.status, 200, res.text);
  const checks = res.json.items.map((s) => s.checks).flat().sort();
  assert.deepEqual(checks, ['agreement_expired', 'registered_before_entry', 'registered_before_entry']);
  assertError(await api.request('GET', '/api/v1/incubation/attention', as('viewer')), 403, 'forbidden');
});

test('graduating one more through the API: 26 graduated, 36 in the park', async () => {
  const before = count('incubation_event');
  // Bad input names the field and writes nothing.
  for (const [body, field] of [
    [{ kind: 'moved', on: AS_OF }, 'kind'],
    [{ kind: 'graduated', on: '2019-13-01' }, 'on'],
    [{ kind: 'graduated', on: '2001-01-01' }, 'on'],
    [{ kind: 'exited', on: AS_OF, reason: 'x' }, 'exit_reason'],
    [{ kind: 'exited', on: AS_OF, exit_reason: 'failed' }, 'reason'],
    [{ kind: 'graduated', on: AS_OF, basis: 'luck' }, 'basis'],
    [{ kind: 'graduated', on: AS_OF, colour: 'red' }, 'colour'],
  ]) {
    const res = await api.request('POST', `/api/v1/incubation/startups/${inPark}/events`, as('root', body));
    assertError(res, 400, 'invalid', field);
  }
  assert.equal(count('incubation_event'), before);
  // Only staff graduate startups.
  assertError(await api.request('POST', `/api/v1/incubation/startups/${inPark}/events`,
    as('startup-a', { kind: 'graduated', on: AS_OF })), 403, 'forbidden');

  const res = await api.request('POST', `/api/v1/incubation/startups/${inPark}/events`,
    as('root', { kind: 'graduated', on: AS_OF, basis: 'high_tech', reason: '认定为高新技术企业' }));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.kind, 'graduated');
  assert.equal(res.json.on, AS_OF);
  assert.equal(res.json.actor_name, 'root');
  const fig = await api.request('GET', `/api/v1/incubation/figures?as_of=${AS_OF}`, as('root'));
  assert.equal(fig.json.incubated, 62);
  assert.equal(fig.json.graduated, 26);
  assert.equal(fig.json.in_park, 36);
  // The day before, it was still in the park.
  const eve = await api.request('GET', '/api/v1/incubation/figures?as_of=2019-11-17', as('root'));
  assert.equal(eve.json.graduated, 25);
  // A startup leaves once: a second event is a conflict and writes nothing.
  const again = await api.request('POST', `/api/v1/incubation/startups/${inPark}/events`,
    as('root', { kind: 'exited', on: AS_OF, exit_reason: 'withdrawn', reason: '撤出' }));
  assertError(again, 409, 'conflict', 'kind');
  assert.equal(count(`incubation_event WHERE org_id = ${inPark}`), 2);
  // An organisation that was never incubated is 404.
  const firm = rows(`SELECT id FROM org WHERE kind = 'enterprise' ORDER BY id LIMIT 1`)[0].id;
  assertError(await api.request('POST', `/api/v1/incubation/startups/${firm}/events`,
    as('root', { kind: 'graduated', on: AS_OF })), 404, 'not_found');
});

test('admitting a startup directly: checked field by field, once', async () => {
  const firm = rows(`SELECT id FROM org WHERE kind = 'enterprise' ORDER BY id LIMIT 1`)[0].id;
  const made = await api.request('POST', '/api/v1/orgs', as('root', { kind: 'startup', name: '长春光启智能科技有限公司' }));
  assert.equal(made.status, 201, made.text);
  const org = made.json.id;
  const n = count('incubation'), e = count('incubation_event');
  for (const [body, field] of [
    [{ org_id: firm, admitted_on: '2019-06-01' }, 'org_id'],
    [{ org_id: org, admitted_on: '2999-01-01' }, 'admitted_on'],
    [{ org_id: org, admitted_on: '2019-06-01', agreement_from: '2019-06-01', agreement_to: '2019-01-01' }, 'agreement_to'],
    [{ org_id: org, admitted_on: '2019-06-01', monthly_fee: -1 }, 'monthly_fee'],
    [{ org_id: org, admitted_on: '2019-06-01', field: 'magic' }, 'field'],
  ]) {
    assertError(await api.request('POST', '/api/v1/incubation/startups', as('root', body)), 400, 'invalid', field);
  }
  assertError(await api.request('POST', '/api/v1/incubation/startups',
    as('startup-a', { org_id: org, admitted_on: '2019-06-01' })), 403, 'forbidden');
  assert.equal(count('incubation'), n);
  assert.equal(count('incubation_event'), e);
  const ok = await api.request('POST', '/api/v1/incubation/startups', as('root', {
    org_id: org, admitted_on: '2019-06-01', field: 'optoelectronics', agreement_from: '2019-06-01',
    agreement_to: '2022-05-31', monthly_fee: 120000, space_assigned: '创业园3号楼201室' }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.events.length, 1);
  assertError(await api.request('POST', '/api/v1/incubation/startups',
    as('root', { org_id: org, admitted_on: '2019-07-01' })), 409, 'conflict', 'org_id');
  const patched = await api.request('PATCH', `/api/v1/incubation/startups/${org}?as_of=2019-11-18`,
    as('root', { agreement_to: '2023-05-31' }));
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.agreement_to, '2023-05-31');
  assertError(await api.request('PATCH', `/api/v1/incubation/startups/${org}`,
    as('root', { admitted_on: '2019-01-01' })), 400, 'invalid', 'admitted_on');
  // Admitted before the figures' date: one more incubated and in the park.
  const fig = await api.request('GET', '/api/v1/incubation/figures?as_of=2019-11-18', as('root'));
  assert.equal(fig.json.incubated, 63);
  assert.equal(fig.json.in_park, 37);
});

test('events are append-only in the database itself', async () => {
  const n = count('incubation_event');
  const upd = dbTryExec(db.url, `UPDATE incubation_event SET reason = 'rewritten' WHERE org_id = ${inPark}`);
  assert.equal(upd.ok, false);
  assert.match(upd.error, /append-only/);
  const del = dbTryExec(db.url, `DELETE FROM incubation_event WHERE org_id = ${inPark}`);
  assert.equal(del.ok, false);
  assert.equal(count('incubation_event'), n);
  assert.equal(count(`incubation_event WHERE reason = 'rewritten'`), 0);
  // No event before the admission; the admission date stays.
  const early = dbTryExec(db.url, `INSERT INTO incubation_event (org_id, kind, exit_reason, on_date, reason,
    created_at) VALUES (${otherInPark}, 'exited', 'failed', '2001-01-01', 'x', '2026-01-01T00:00:00Z')`);
  assert.equal(early.ok, false);
  assert.match(early.error, /cannot precede the admission/);
  const moved = dbTryExec(db.url, `UPDATE incubation SET admitted_on = '2001-01-01' WHERE org_id = ${otherInPark}`);
  assert.equal(moved.ok, false);
  assert.equal(count('incubation_event'), n);
  assert.equal(count(`incubation WHERE admitted_on = '2001-01-01'`), 0);
});

test('a startup sees only its own records', async () => {
  const list = await api.request('GET', `/api/v1/incubation/startups?as_of=${AS_OF}`, as('startup-b'));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((s) => s.org_id), [otherInPark]);
  assert.equal((await api.request('GET', `/api/v1/incubation/startups/${otherInPark}`, as('startup-b'))).status, 200);
  assertError(await api.request('GET', `/api/v1/incubation/startups/${inPark}`, as('startup-b')), 404, 'not_found');
  assertError(await api.request('GET', `/api/v1/incubation/startups/${inPark}/events`, as('startup-b')), 404, 'not_found');
  // Investments and sessions of other startups stay hidden.
  const inv = await api.request('GET', '/api/v1/incubation/investments?limit=200', as('startup-b'));
  assert.equal(inv.status, 200, inv.text);
  for (const i of inv.json.items) assert.equal(i.target_id, otherInPark);
  const other = rows(`SELECT id FROM investment WHERE target_id <> ${otherInPark} ORDER BY id LIMIT 1`)[0].id;
  assertError(await api.request('GET', `/api/v1/incubation/investments/${other}`, as('startup-b')), 404, 'not_found');
  const sessions = await api.request('GET', '/api/v1/incubation/sessions?limit=200', as('startup-b'));
  for (const s of sessions.json.items) assert.equal(s.org_id, otherInPark);
  // Staff lists and the expert registry are not theirs; viewers see figures only.
  assertError(await api.request('GET', '/api/v1/incubation/experts', as('startup-b')), 403, 'forbidden');
  assertError(await api.request('GET', '/api/v1/incubation/startups', as('viewer')), 403, 'forbidden');
  assertError(await api.request('GET', '/api/v1/incubation/sessions', as('viewer')), 403, 'forbidden');
  // Its own startup's application, with the decision but never a score.
  const apps = await api.request('GET', '/api/v1/incubation/applications', as('startup-b'));
  assert.equal(apps.status, 200, apps.text);
  assert.deepEqual(apps.json.items.map((a) => a.org_id), [otherInPark]);
  const own = await api.request('GET', `/api/v1/incubation/applications/${apps.json.items[0].id}`, as('startup-b'));
  assert.equal(own.json.decisions[0].decision, 'admit');
  assert.ok(!/score|total/.test(own.text));
  const theirs = rows(`SELECT id FROM inc_application WHERE org_id = ${inPark}`)[0].id;
  assertError(await api.request('GET', `/api/v1/incubation/applications/${theirs}`, as('startup-b')), 404, 'not_found');
  assertError(await api.request('GET', '/api/v1/incubation/rounds', as('startup-b')), 403, 'forbidden');
  // The whole list for staff: the demo's 37, one graduated, one admitted above.
  const all = await api.request('GET', `/api/v1/incubation/startups?as_of=${AS_OF}&state=in_park&limit=200`, as('root'));
  assert.equal(all.json.total, 37);
});

test('an expert sees the startups assigned to it', async () => {
  const list = await api.request('GET', `/api/v1/incubation/startups?as_of=${AS_OF}`, as('expert-1'));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((s) => s.org_id), [tokens.expertOrg]);
  const projects = await api.request('GET', '/api/v1/incubation/projects', as('expert-1'));
  assert.equal(projects.json.total, 1);
  const ms = await api.request('GET', '/api/v1/incubation/milestones', as('expert-1'));
  assert.equal(ms.json.total, 3);
  const hidden = rows(`SELECT org_id FROM incubation WHERE org_id <> ${tokens.expertOrg} LIMIT 1`)[0].org_id;
  assertError(await api.request('GET', `/api/v1/incubation/startups/${hidden}`, as('expert-1')), 404, 'not_found');

  // It logs its own sessions with its startup, and no one else's.
  const mine = rows(`SELECT x.id FROM inc_expert x JOIN account a ON a.person_id = x.person_id
    WHERE a.name = 'expert-1'`)[0].id;
  const other = rows(`SELECT id FROM inc_expert WHERE id <> ${mine} LIMIT 1`)[0].id;
  const session = (fields) => ({ expert_id: mine, org_id: tokens.expertOrg, on_date: '2019-11-18',
    minutes: 120, topic: '研发中心验收准备', ...fields });
  const n = count('inc_session');
  const ok = await api.request('POST', '/api/v1/incubation/sessions', as('expert-1', session({})));
  assert.equal(ok.status, 201, ok.text);
  assertError(await api.request('POST', '/api/v1/incubation/sessions', as('expert-1', session({ org_id: hidden }))),
    403, 'forbidden', 'org_id');
  assertError(await api.request('POST', '/api/v1/incubation/sessions', as('expert-1', session({ expert_id: other }))),
    403, 'forbidden', 'expert_id');
  assertError(await api.request('PATCH', `/api/v1/incubation/sessions/${ok.json.id}`,
    as('expert-1', { org_id: hidden })), 403, 'forbidden');
  assertError(await api.request('POST', '/api/v1/incubation/sessions', as('startup-b', session({}))), 403, 'forbidden');
  assertError(await api.request('POST', '/api/v1/incubation/sessions', as('expert-1', session({ minutes: 0 }))),
    400, 'invalid', 'minutes');
  assert.equal(count('inc_session'), n + 1);
});

test('review: independent scores, hidden until the round closes; the decision admits and notifies', async () => {
  const applicantId = await account('applicant-1', ['applicant']);
  await account('reviewer-1', ['expert']);
  await account('reviewer-2', ['expert']);
  const reviewer = (n) => Number(rows(`SELECT id FROM account WHERE name = 'reviewer-${n}'`)[0].id);

  // A draft with its team; bad input names the field and writes nothing.
  const apps = count('inc_application');
  assertError(await api.request('POST', '/api/v1/incubation/applications',
    as('applicant-1', { kind: 'team', project: '智能巡检机器人', field: 'robots' })), 400, 'invalid', 'field');
  assertError(await api.request('POST', '/api/v1/incubation/applications',
    as('applicant-1', { kind: 'team', project: '智能巡检机器人', field: 'intelligent_manufacturing', org_id: inPark })), 400, 'invalid', 'org_id');
  assertError(await api.request('POST', '/api/v1/incubation/applications',
    as('applicant-1', { kind: 'team', project: '巡检', field: 'other', members: [{ school: '吉林大学' }] })), 400, 'invalid', 'members');
  assert.equal(count('inc_application'), apps);
  const draft = await api.request('POST', '/api/v1/incubation/applications', as('applicant-1', {
    kind: 'team', project: '智能巡检机器人', field: 'intelligent_manufacturing', requested_space: 'desk',
    supervisor_name: '王老师', members: [
      { name: '李明', school: '长春理工大学', major: '机械电子工程', entry_year: 2017, is_leader: 1 },
      { name: '赵丽', school: '长春理工大学', major: '软件工程', entry_year: 2018 }],
  }));
  assert.equal(draft.status, 201, draft.text);
  assert.equal(draft.json.status, 'draft');
  assert.equal(draft.json.members.length, 2);
  const id = draft.json.id;
  // Others do not see it.
  assertError(await api.request('GET', `/api/v1/incubation/applications/${id}`, as('startup-b')), 404, 'not_found');
  const edited = await api.request('PATCH', `/api/v1/incubation/applications/${id}`,
    as('applicant-1', { summary: '用于园区厂房的巡检机器人。' }));
  assert.equal(edited.status, 200, edited.text);
  const sub = await api.request('POST', `/api/v1/incubation/applications/${id}/submit`, as('applicant-1'));
  assert.equal(sub.status, 200, sub.text);
  assert.equal(sub.json.status, 'submitted');
  assertError(await api.request('PATCH', `/api/v1/incubation/applications/${id}`,
    as('applicant-1', { summary: '改' })), 409, 'conflict', 'status');
  // Submitted once: a second submission is refused, nothing changes.
  const twice = await api.request('POST', `/api/v1/incubation/applications/${id}/submit`, as('applicant-1'));
  assertError(twice, 409, 'conflict', 'status');
  assert.equal(twice.json.error.message, 'only a draft can be submitted');

  // A round with two reviewers.
  const round = await api.request('POST', '/api/v1/incubation/rounds',
    as('root', { name: '2026年第一批', opens_on: '2026-01-01', closes_on: '2026-12-31' }));
  assert.equal(round.status, 201, round.text);
  assert.deepEqual(round.json.rubric.map((c) => c.weight).reduce((a, b) => a + b), 100);
  const rid = round.json.id;
  for (const n of [1, 2])
    assert.equal((await api.request('POST', `/api/v1/incubation/rounds/${rid}/reviewers`,
      as('root', { account_id: reviewer(n) }))).status, 200);
  assert.equal((await api.request('POST', `/api/v1/incubation/rounds/${rid}/applications`,
    as('root', { application_id: id }))).status, 200);
  const crit = round.json.rubric.map((c) => c.name);
  const scores = (v) => Object.fromEntries(crit.map((c) => [c, v]));

  // A score must cover the rubric; a non-reviewer may not score.
  assertError(await api.request('PUT', `/api/v1/incubation/rounds/${rid}/applications/${id}/score`,
    as('reviewer-1', { scores: { [crit[0]]: 90 } })), 400, 'invalid', 'scores');
  assertError(await api.request('PUT', `/api/v1/incubation/rounds/${rid}/applications/${id}/score`,
    as('expert-1', { scores: scores(50) })), 403, 'forbidden');
  const s1 = await api.request('PUT', `/api/v1/incubation/rounds/${rid}/applications/${id}/score`,
    as('reviewer-1', { scores: scores(80), comment: '方向好' }));
  assert.equal(s1.status, 200, s1.text);
  assert.equal(s1.json.items[0].total, 8000);
  // Before the round closes reviewer 2 sees nothing of reviewer 1's.
  const seen = await api.request('GET', `/api/v1/incubation/rounds/${rid}/applications/${id}/scores`, as('reviewer-2'));
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.closed, false);
  assert.deepEqual(seen.json.items, []);
  assert.equal(seen.json.mean_total, null);
  assert.equal((await api.request('PUT', `/api/v1/incubation/rounds/${rid}/applications/${id}/score`,
    as('reviewer-2', { scores: scores(60) }))).status, 200);
  // The applicant and startups never see scores.
  assertError(await api.request('GET', `/api/v1/incubation/rounds/${rid}/applications/${id}/scores`, as('applicant-1')), 403, 'forbidden');
  assertError(await api.request('GET', `/api/v1/incubation/rounds/${rid}/applications/${id}/scores`, as('startup-a')), 403, 'forbidden');
  const own = await api.request('GET', `/api/v1/incubation/applications/${id}`, as('applicant-1'));
  assert.equal(own.json.scores, undefined);
  assert.ok(!/total/.test(own.text));
  // No decision before the round closes.
  assertError(await api.request('POST', `/api/v1/incubation/applications/${id}/decision`,
    as('root', { decision: 'admit', reason: '通过' })), 409, 'conflict');
  assert.equal((await api.request('POST', `/api/v1/incubation/rounds/${rid}/close`, as('root'))).status, 200);
  const closedTwice = await api.request('POST', `/api/v1/incubation/rounds/${rid}/close`, as('root'));
  assertError(closedTwice, 409, 'conflict', 'status');
  assert.equal(closedTwice.json.error.message, 'the round is already closed');
  const after = await api.request('GET', `/api/v1/incubation/rounds/${rid}/applications/${id}/scores`, as('reviewer-2'));
  assert.equal(after.json.items.length, 2);
  assert.equal(after.json.mean_total, 70);
  assertError(await api.request('PUT', `/api/v1/incubation/rounds/${rid}/applications/${id}/score`,
    as('reviewer-2', { scores: scores(99) })), 409, 'conflict');

  // Decision: a reason is required; then admit.
  assertError(await api.request('POST', `/api/v1/incubation/applications/${id}/decision`,
    as('root', { decision: 'admit', reason: '' })), 400, 'invalid', 'reason');
  const orgs = count('org');
  const dec = await api.request('POST', `/api/v1/incubation/applications/${id}/decision`,
    as('root', { decision: 'admit', reason: '评审通过', admission: { agreement_from: '2026-01-01', agreement_to: '2028-12-31' } }));
  assert.equal(dec.status, 200, dec.text);
  assert.equal(dec.json.status, 'admitted');
  assert.equal(count('org'), orgs + 1);
  const org = dec.json.org_id;
  assert.equal(rows(`SELECT kind FROM org WHERE id = ${org}`)[0].kind, 'startup');
  assert.equal(count(`incubation_event WHERE org_id = ${org} AND kind = 'admitted'`), 1);
  assert.equal(count(`notification WHERE account_id = ${applicantId}`), 1);
  // The applicant now follows its startup.
  assert.equal(Number(rows(`SELECT org_id FROM account WHERE id = ${applicantId}`)[0].org_id), org);
  // Admitted today (the real date); the demo's portal shows 2019-11-18,
  // when it was not yet admitted.
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  let mine = await api.request('GET', `/api/v1/incubation/startups/${org}?as_of=${today}`, as('applicant-1'));
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.state, 'in_park');
  mine = await api.request('GET', `/api/v1/incubation/startups/${org}`, as('applicant-1'));
  assert.equal(mine.json.state, 'admitted_later');
});

test('the public form: a team applies without signing in, with a business plan', async () => {
  const page = await fetch(srv.url + '/apply');
  assert.equal(page.status, 200);
  const html = await page.text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = page.headers.get('set-cookie').split(';')[0];
  const form = (fields) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };
  const post = (fields, withCsrf = true) => fetch(srv.url + '/apply', {
    method: 'POST', redirect: 'manual', headers: { cookie },
    body: form({ ...(withCsrf ? { csrf } : {}), ...fields }),
  });
  const accounts = count('account'), apps = count('inc_application'), uploads = count('upload');
  const good = {
    kind: 'team', project: '无人机植保服务', field: 'drones', requested_space: 'office',
    supervisor_name: '刘老师', member1_name: '陈晨', member1_school: '吉林农业大学',
    member1_major: '植物保护', member1_year: '2018', account_name: 'team-chen',
    display_name: '陈晨', password: 'Team-pass-2026', action: 'submit',
  };
  // Without the browser's CSRF token: refused, nothing written.
  assert.equal((await post(good, false)).status, 403);
  // Bad input: the field is named and neither an account nor an application is written.
  for (const [fields, name] of [
    [{ ...good, project: '' }, 'project'],
    [{ ...good, field: 'alchemy' }, 'field'],
    [{ ...good, member1_year: '1066' }, 'members'],
    [{ ...good, account_name: 'x y' }, 'account_name'],
    [{ ...good, plan: new Blob(['not a plan'], { type: 'application/pdf' }) }, 'plan'],
  ]) {
    const res = await post(fields);
    assert.equal(res.status, 400, name);
    assert.match(await res.text(), new RegExp(`${name}`), name);
  }
  assert.equal(count('account'), accounts);
  assert.equal(count('inc_application'), apps);
  assert.equal(count('upload'), uploads);

  const pdf = new Blob(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], { type: 'application/pdf' });
  const res = await post({ ...good, plan: pdf });
  assert.equal(res.status, 303, await res.text());
  // The applicant is signed in, and sees its application, told 已提交.
  assert.match(res.headers.get('location'), /^\/incubation\/applications\/\d+$/);
  const cookies = res.headers.getSetCookie();
  assert.ok(cookies.some((c) => /^jg_session=[^;]+/.test(c)), cookies.join(' | '));
  assert.ok(cookies.some((c) => c.startsWith('jg_flash=success:incubation.submitted')), cookies.join(' | '));
  const acc = rows(`SELECT a.id, r.role FROM account a JOIN account_role r ON r.account_id = a.id
    WHERE a.name = 'team-chen'`);
  assert.deepEqual(acc.map((a) => a.role), ['applicant']);
  const app = rows(`SELECT * FROM inc_application WHERE account_id = ${acc[0].id}`)[0];
  assert.equal(app.status, 'submitted');
  assert.equal(app.project, '无人机植保服务');
  assert.ok(Number(app.plan_upload_id) > 0);
  assert.equal(count(`inc_member WHERE application_id = ${app.id} AND entry_year = 2018`), 1);

  // One address may make only so many accounts an hour (the setting).
  const set = await api.request('PUT', '/api/v1/settings/incubation.apply_per_ip_hour', as('root', { value: '1' }));
  assert.equal(set.status, 200, set.text);
  const before = count('account');
  const again = await post({ ...good, account_name: 'team-chen-2' });
  assert.equal(again.status, 429);
  assert.equal(count('account'), before);
});

test('an expert\'s assignment lasts through its last day in Beijing, whatever the database\'s clock', async () => {
  // The Beijing dates of today and yesterday: SQL gets today bound, so
  // between 16:00Z and midnight UTC an assignment that ended yesterday in
  // Beijing is over although the database's own date (UTC) is still that day.
  const beijing = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
  const today = beijing(Date.now()), yesterday = beijing(Date.now() - 86400e3);
  const expertId = Number(rows(`SELECT x.id FROM inc_expert x JOIN account a ON a.person_id = x.person_id
    WHERE a.name = 'expert-1'`)[0].id);
  const target = Number(rows(`SELECT i.org_id FROM incubation i WHERE i.org_id <> ${tokens.expertOrg}
    AND i.org_id NOT IN (SELECT org_id FROM inc_assignment WHERE expert_id = ${expertId})
    ORDER BY i.org_id LIMIT 1`)[0].org_id);
  const made = await api.request('POST', '/api/v1/incubation/assignments',
    as('root', { expert_id: expertId, org_id: target, since: '2019-01-01', until: yesterday }));
  assert.equal(made.status, 201, made.text);
  const visible = async () => {
    const one = await api.request('GET', `/api/v1/incubation/startups/${target}`, as('expert-1'));
    const list = await api.request('GET', `/api/v1/incubation/startups?as_of=${today}&limit=200`, as('expert-1'));
    assert.equal(list.status, 200, list.text);
    const listed = list.json.items.some((s) => s.org_id === target);
    assert.equal(listed, one.status === 200, `the list and the record agree: ${one.text}`);
    if (one.status !== 200) assertError(one, 404, 'not_found');
    return listed;
  };
  assert.equal(await visible(), false, `ended ${yesterday}: not the expert's any more`);
  const changed = await api.request('PATCH', `/api/v1/incubation/assignments/${made.json.id}`,
    as('root', { until: today }));
  assert.equal(changed.status, 200, changed.text);
  assert.equal(await visible(), true, `ends ${today}: still the expert's today`);
  // Leave the expert with the one startup the other tests expect.
  const gone = await api.request('DELETE', `/api/v1/incubation/assignments/${made.json.id}`, as('root'));
  assert.ok([200, 204].includes(gone.status), gone.text);
  assert.equal(await visible(), false);
});
