// The incubator's operations over HTTP: buildings, floors, units and
// leases (no two leases of one unit share a day: 409 naming unit_id with
// nothing written, also when twenty such requests arrive at once), the
// occupancy and a startup's area over time, and the periodic reports
// (templates, periods, drafts, the cross-field rule, submit, accept,
// return, who may see and review what).
// Every JSON answer is checked against the served OpenAPI document, and
// the database is read directly where the claim is about what was written.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken, aToken, bToken, viewerToken;
let orgA, orgB, building, floor1, unit40, unitHall;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) });
const B = '/api/v1/incubation';

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

before(async () => {
  db = freshDatabase();
  adminToken = await userWithToken('root', ['admin']);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  orgA = await create('/api/v1/orgs', { kind: 'startup', name: '长春龙腾无人机科技有限公司' });
  orgB = await create('/api/v1/orgs', { kind: 'startup', name: '吉林星河软件有限公司' });
  aToken = await userWithToken('longteng', ['enterprise'], orgA.id);
  bToken = await userWithToken('xinghe', ['enterprise'], orgB.id);
  viewerToken = await userWithToken('kanban', ['viewer']);
  building = await create(`${B}/buildings`, { name: '创业园1号楼', opened_on: '2014-01-01' });
  floor1 = await create(`${B}/floors`, { building_id: building.id, level: 1, name: '一层' });
  unit40 = await create(`${B}/units`, { floor_id: floor1.id, code: '101', kind: 'office', area: 4000 });
  unitHall = await create(`${B}/units`, { floor_id: floor1.id, code: '102', kind: 'workshop', area: 60000 });
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- space ---------------------------------------------------------------

test('a floor 0 is 400 level; a second floor 1 is 409 level; a second unit 101 is 409 code', async () => {
  const floorsBefore = count('floor');
  assertError(await api.request('POST', `${B}/floors`, as(adminToken, { building_id: building.id, level: 0 })), 400, 'invalid', 'level');
  assertError(await api.request('POST', `${B}/floors`, as(adminToken, { building_id: building.id, level: 1 })), 409, 'conflict', 'level');
  assert.equal(count('floor'), floorsBefore);
  assertError(await api.request('POST', `${B}/units`, as(adminToken, { floor_id: floor1.id, code: '101', kind: 'desk', area: 600 })), 409, 'conflict', 'code');
  assertError(await api.request('POST', `${B}/units`, as(adminToken, { floor_id: floor1.id, code: '103', kind: 'room', area: 600 })), 400, 'invalid', 'kind');
  assertError(await api.request('POST', `${B}/units`, as(adminToken, { floor_id: floor1.id, code: '103', kind: 'desk', area: 0 })), 400, 'invalid', 'area');
  assert.equal(count(`unit WHERE code = '103'`), 0);
});

test('an overlapping lease of a unit is 409 unit_id naming the other lease, and writes nothing', async () => {
  const first = await create(`${B}/leases`, {
    unit_id: unit40.id, org_id: orgA.id, starts_on: '2016-04-01', ends_on: '2017-03-31',
    rent_per_m2_fen: 3000, deposit_fen: 240000,
  });
  const leases = count('lease');
  const audits = count('audit_log');
  // Sharing only the last day is an overlap: both ends are included.
  for (const [from, to] of [['2017-03-31', '2018-03-31'], ['2015-01-01', '2016-04-01'], ['2016-06-01', '2016-06-30'], ['2015-01-01', '2019-01-01']]) {
    const res = await api.request('POST', `${B}/leases`, as(adminToken, {
      unit_id: unit40.id, org_id: orgB.id, starts_on: from, ends_on: to, rent_per_m2_fen: 3000,
    }));
    assertError(res, 409, 'conflict', 'unit_id');
    assert.match(res.json.error.message, new RegExp(`lease ${first.id}\\b`));
  }
  assert.equal(count('lease'), leases, 'no lease row');
  assert.equal(count('audit_log'), audits, 'no audit row');
  // The next day is free; so is the same period on another unit.
  const next = await create(`${B}/leases`, { unit_id: unit40.id, org_id: orgB.id, starts_on: '2017-04-01', ends_on: '2017-12-31', rent_per_m2_fen: 3000 });
  // Moving a lease onto another's days is refused the same way.
  const moved = await api.request('PATCH', `${B}/leases/${next.id}`, as(adminToken, { starts_on: '2017-03-01' }));
  assertError(moved, 409, 'conflict', 'unit_id');
  assert.equal(rows(`SELECT starts_on FROM lease WHERE id = ${next.id}`)[0].starts_on, '2017-04-01');
  // An archived lease frees its days.
  assert.equal((await api.request('DELETE', `${B}/leases/${next.id}`, as(adminToken))).status, 200);
  await create(`${B}/leases`, { unit_id: unit40.id, org_id: orgB.id, starts_on: '2017-05-01', ends_on: '2017-12-31', rent_per_m2_fen: 3100 });
  assertError(await api.request('POST', `${B}/leases`, as(adminToken, { unit_id: unit40.id, org_id: orgB.id, starts_on: '2018-02-01', ends_on: '2018-01-01', rent_per_m2_fen: 1 })), 400, 'invalid', 'ends_on');
});

test('twenty overlapping leases at once: exactly one is written', async () => {
  const unit = await create(`${B}/units`, { floor_id: floor1.id, code: '120', kind: 'desk', area: 800 });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => api.request('POST', `${B}/leases`, as(adminToken, {
    unit_id: unit.id, org_id: i % 2 ? orgA.id : orgB.id, starts_on: `2018-0${1 + (i % 5)}-01`, ends_on: '2018-12-31',
    rent_per_m2_fen: 2500 + i,
  }))));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [201, ...Array(19).fill(409)], answers.map((a) => a.text).join('\n'));
  for (const a of answers.filter((x) => x.status === 409)) assertError(a, 409, 'conflict', 'unit_id');
  assert.equal(count(`lease WHERE unit_id = ${unit.id}`), 1);
  assert.equal(count(`audit_log WHERE entity = 'lease' AND entity_id IN (SELECT id FROM lease WHERE unit_id = ${unit.id})`), 1);
});

test('occupancy on a date and a startup\'s area over time', async () => {
  await create(`${B}/leases`, { unit_id: unitHall.id, org_id: orgA.id, starts_on: '2018-01-01', ends_on: '2019-12-31', rent_per_m2_fen: 1500 });
  const occ = await api.request('GET', `${B}/occupancy?on=2018-06-01`, as(adminToken));
  assert.equal(occ.status, 200, occ.text);
  const b = occ.json.buildings.find((x) => x.building_id === building.id);
  assert.equal(b.units, 3);
  assert.equal(b.units_leased, 2); // the hall and desk 120
  assert.equal(b.area, 4000 + 60000 + 800);
  assert.equal(b.area_leased, 60000 + 800);
  assertError(await api.request('GET', `${B}/occupancy?on=2018-13-01`, as(adminToken)), 400, 'invalid', 'on');
  assertError(await api.request('GET', `${B}/occupancy`, as(aToken)), 403, 'forbidden');

  const area = await api.request('GET', `${B}/startups/${orgA.id}/area`, as(aToken));
  assert.equal(area.status, 200, area.text);
  const steps = area.json.steps.map((s) => [s.on, s.area]);
  assert.deepEqual(steps.slice(0, 2), [['2016-04-01', 4000], ['2017-04-01', 0]]);
  assert.ok(steps.some(([on, a]) => on === '2018-01-01' && a >= 60000), JSON.stringify(steps));
  assert.deepEqual(steps.at(-1)[1], 0);
  // Another startup's area is not there for A's account.
  assertError(await api.request('GET', `${B}/startups/${orgB.id}/area`, as(aToken)), 404, 'not_found');
});

test('a startup sees its own leases only and cannot write one', async () => {
  const mine = await api.request('GET', `${B}/leases?limit=200`, as(aToken));
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.length > 0);
  assert.ok(mine.json.items.every((l) => l.org_id === orgA.id));
  const theirs = rows(`SELECT id FROM lease WHERE org_id = ${orgB.id} AND archived_at IS NULL`)[0].id;
  assertError(await api.request('GET', `${B}/leases/${theirs}`, as(aToken)), 404, 'not_found');
  assertError(await api.request('POST', `${B}/leases`, as(aToken, { unit_id: unit40.id, org_id: orgA.id, starts_on: '2030-01-01', ends_on: '2030-02-01', rent_per_m2_fen: 1 })), 403, 'forbidden');
  assertError(await api.request('GET', `${B}/buildings`, as(aToken)), 403, 'forbidden');
  assertError(await api.request('GET', `${B}/leases`, as(viewerToken)), 403, 'forbidden');
});

test('the lease list page and its export show a startup its own leases, with names', async () => {
  const page = async (path, token) => {
    const res = await fetch(srv.url + path, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
    assert.equal(res.status, 200, path);
    return res.text();
  };
  const staff = await page('/incubation/leases?limit=200', adminToken);
  assert.match(staff, /长春龙腾无人机科技有限公司/);
  assert.match(staff, /吉林星河软件有限公司/);
  assert.match(staff, /创业园1号楼/);
  const mine = await page('/incubation/leases?limit=200', aToken);
  assert.match(mine, /长春龙腾无人机科技有限公司/);
  assert.doesNotMatch(mine, /吉林星河软件有限公司/);
  const csv = await page('/incubation/leases/export?format=csv', aToken);
  assert.match(csv, /长春龙腾无人机科技有限公司/);
  assert.doesNotMatch(csv, /吉林星河软件有限公司/);
  const bad = await fetch(srv.url + '/incubation/leases?unit_id=x', { headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(bad.status, 400);
  const none = await fetch(srv.url + '/incubation/leases', { headers: { authorization: `Bearer ${viewerToken}` } });
  assert.equal(none.status, 403);
});

// ---- reports -------------------------------------------------------------

let monthly, annual, october, year2018;

test('templates name known fields; periods end before their deadline', async () => {
  assertError(await api.request('POST', `${B}/report-templates`, as(adminToken, { name: '月报', kind: 'monthly', fields: 'employees,salary' })), 400, 'invalid', 'fields');
  assertError(await api.request('POST', `${B}/report-templates`, as(adminToken, { name: '月报', kind: 'monthly', fields: 'student_employees' })), 400, 'invalid', 'fields');
  assertError(await api.request('POST', `${B}/report-templates`, as(adminToken, { name: '月报', kind: 'monthly', fields: 'employees,employees' })), 400, 'invalid', 'fields');
  monthly = await create(`${B}/report-templates`, { name: '企业月报', kind: 'monthly', fields: 'employees,student_employees,graduate_employees,student_founders,revenue_fen', due_days: 10 });
  annual = await create(`${B}/report-templates`, { name: '企业年报', kind: 'annual', fields: 'employees,student_employees,graduate_employees,student_founders,revenue_fen,output_value_fen,rd_spend_fen,tax_fen,financing_fen,patents,other_ip' });
  assertError(await api.request('POST', `${B}/report-periods`, as(adminToken, { template_id: monthly.id, starts_on: '2019-10-01', ends_on: '2019-10-31', due_on: '2019-10-30' })), 400, 'invalid', 'due_on');
  october = await create(`${B}/report-periods`, { template_id: monthly.id, starts_on: '2019-10-01', ends_on: '2019-10-31', due_on: '2019-11-10' });
  assertError(await api.request('POST', `${B}/report-periods`, as(adminToken, { template_id: monthly.id, starts_on: '2019-10-01', ends_on: '2019-10-31', due_on: '2019-11-10' })), 409, 'conflict', 'starts_on');
  year2018 = await create(`${B}/report-periods`, { template_id: annual.id, starts_on: '2018-01-01', ends_on: '2018-12-31', due_on: '2019-03-31' });
  // Enterprise accounts read templates and periods, and write neither.
  assert.equal((await api.request('GET', `${B}/report-periods`, as(aToken))).status, 200);
  assertError(await api.request('POST', `${B}/report-templates`, as(aToken, { name: 'x', kind: 'annual', fields: 'employees' })), 403, 'forbidden');
});

test('more student employees than employees is 400 student_employees; nothing is written', async () => {
  const reports = count('inc_report');
  const audits = count('audit_log');
  let res = await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, employees: 5, student_employees: 6 }));
  assertError(res, 400, 'invalid', 'student_employees');
  res = await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, employees: 5, student_employees: 3, graduate_employees: 3 }));
  assertError(res, 400, 'invalid', 'graduate_employees');
  res = await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, student_employees: 1 }));
  assertError(res, 400, 'invalid', 'student_employees');
  // A field the monthly template does not ask for, a status, a negative count.
  assertError(await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, output_value_fen: 100 })), 400, 'invalid', 'output_value_fen');
  assertError(await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, status: 'accepted' })), 400, 'invalid', 'status');
  assertError(await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, employees: -1 })), 400, 'invalid', 'employees');
  // A startup reports for itself only.
  assertError(await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id, org_id: orgB.id })), 403, 'forbidden', 'org_id');
  assert.equal(count('inc_report'), reports);
  assert.equal(count('audit_log'), audits);
});

let reportA, reportB;

test('a startup drafts, changes and submits its own report; the staff are told', async () => {
  reportA = (await create(`${B}/reports`, { period_id: october.id, employees: 12, student_employees: 5 }, aToken));
  assert.equal(reportA.status, 'draft');
  assert.equal(reportA.org_id, orgA.id);
  assert.equal(reportA.late, true, 'due 2019-11-10 and not in');
  assertError(await api.request('POST', `${B}/reports`, as(aToken, { period_id: october.id })), 409, 'conflict', 'period_id');
  // Submitting needs every field of the template.
  const missing = await api.request('POST', `${B}/reports/${reportA.id}/submit`, as(aToken));
  assertError(missing, 400, 'invalid', 'graduate_employees');
  let res = await api.request('PATCH', `${B}/reports/${reportA.id}`, as(aToken, { graduate_employees: 8 }));
  assertError(res, 400, 'invalid', 'graduate_employees');
  res = await api.request('PATCH', `${B}/reports/${reportA.id}`, as(aToken, { graduate_employees: 4, student_founders: 2, revenue_fen: 12000000 }));
  assert.equal(res.status, 200, res.text);
  const notes = count('notification');
  res = await api.request('POST', `${B}/reports/${reportA.id}/submit`, as(aToken));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'submitted');
  assert.ok(res.json.submitted_at);
  assert.equal(count('notification'), notes + 1);
  assert.equal(count(`audit_log WHERE entity = 'report' AND entity_id = ${reportA.id} AND action = 'submit'`), 1);
  // A submitted report cannot be changed.
  assertError(await api.request('PATCH', `${B}/reports/${reportA.id}`, as(aToken, { revenue_fen: 1 })), 409, 'conflict', 'status');
  reportB = await create(`${B}/reports`, { period_id: october.id, employees: 3, student_employees: 1, graduate_employees: 1, student_founders: 1, revenue_fen: 0 }, bToken);
});

test('a startup cannot read another startup\'s reports, nor accept its own', async () => {
  assertError(await api.request('GET', `${B}/reports/${reportB.id}`, as(aToken)), 404, 'not_found');
  assertError(await api.request('PATCH', `${B}/reports/${reportB.id}`, as(aToken, { employees: 9 })), 404, 'not_found');
  assertError(await api.request('POST', `${B}/reports/${reportB.id}/submit`, as(aToken)), 404, 'not_found');
  const list = await api.request('GET', `${B}/reports?limit=200`, as(aToken));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((r) => r.org_id), [orgA.id]);
  const filtered = await api.request('GET', `${B}/reports?org_id=${orgB.id}`, as(aToken));
  assert.equal(filtered.json.total, 0);
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/accept`, as(aToken)), 403, 'forbidden');
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/return`, as(aToken, { comment: '自己退回' })), 403, 'forbidden');
  assert.equal(rows(`SELECT status FROM inc_report WHERE id = ${reportA.id}`)[0].status, 'submitted');
  // A staff account of the startup's own organisation may not review it either.
  const insider = await userWithToken('neibu', ['admin'], orgA.id);
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/accept`, as(insider)), 403, 'forbidden');
  assert.equal(rows(`SELECT status FROM inc_report WHERE id = ${reportA.id}`)[0].status, 'submitted');
  // Viewers see figures only.
  assertError(await api.request('GET', `${B}/reports`, as(viewerToken)), 403, 'forbidden');
});

test('staff return with a comment, the startup resubmits, staff accept', async () => {
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/return`, as(adminToken, {})), 400, 'invalid', 'comment');
  let res = await api.request('POST', `${B}/reports/${reportA.id}/return`, as(adminToken, { comment: '营业收入请核对' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'returned');
  assert.equal(res.json.review_comment, '营业收入请核对');
  const told = count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'longteng')`);
  assert.ok(told >= 1);
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/accept`, as(adminToken)), 409, 'conflict', 'status');
  res = await api.request('PATCH', `${B}/reports/${reportA.id}`, as(aToken, { revenue_fen: 11800000 }));
  assert.equal(res.status, 200, res.text);
  assert.equal((await api.request('POST', `${B}/reports/${reportA.id}/submit`, as(aToken))).status, 200);
  res = await api.request('POST', `${B}/reports/${reportA.id}/accept`, as(adminToken, { comment: '已核' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'accepted');
  assert.match(res.json.accepted_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'longteng')`), told + 1);
  // Accepted is final.
  assertError(await api.request('PATCH', `${B}/reports/${reportA.id}`, as(aToken, { revenue_fen: 1 })), 409, 'conflict', 'status');
  assertError(await api.request('POST', `${B}/reports/${reportA.id}/return`, as(adminToken, { comment: '再退' })), 409, 'conflict', 'status');
  const owed = await api.request('GET', `${B}/report-periods/${october.id}/startups`, as(adminToken));
  assert.equal(owed.status, 200, owed.text);
});

// A Beijing date `days` from today.
const beijing = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

test('the reminders job tells startups that owe a report, once per period and kind', async () => {
  for (const org of [orgA, orgB]) {
    const res = await api.request('POST', `${B}/startups`, as(adminToken, { org_id: org.id, admitted_on: '2019-01-01' }));
    assert.equal(res.status, 201, res.text);
  }
  const soon = await create(`${B}/report-periods`, { template_id: monthly.id, starts_on: beijing(-40), ends_on: beijing(-10), due_on: beijing(3) });
  const past = await create(`${B}/report-periods`, { template_id: annual.id, starts_on: beijing(-400), ends_on: beijing(-35), due_on: beijing(-5) });
  // B has already submitted the one due soon: it is not reminded of it.
  const b = await create(`${B}/reports`, { period_id: soon.id, employees: 3, student_employees: 1, graduate_employees: 1, student_founders: 1, revenue_fen: 0 }, bToken);
  assert.equal((await api.request('POST', `${B}/reports/${b.id}/submit`, as(bToken))).status, 200);
  const owed = await api.request('GET', `${B}/report-periods/${soon.id}/startups`, as(adminToken));
  assert.deepEqual(owed.json.items.map((x) => [x.org_id, x.status]).sort(), [[orgA.id, 'missing'], [orgB.id, 'submitted']].sort());
  const told = (name) => count(`notification WHERE account_id = (SELECT id FROM account WHERE name = '${name}')`);
  const [a0, b0] = [told('longteng'), told('xinghe')];
  const run1 = await api.request('POST', '/api/v1/jobs/incubation.report_reminders/run', as(adminToken));
  assert.equal(run1.status, 200, run1.text);
  assert.deepEqual(rows(`SELECT period_id, org_id, kind FROM inc_report_reminder ORDER BY period_id, org_id`)
    .map((x) => [Number(x.period_id), Number(x.org_id), x.kind]),
  [[soon.id, orgA.id, 'due'], [past.id, orgA.id, 'late'], [past.id, orgB.id, 'late']]);
  assert.equal(told('longteng'), a0 + 2);
  assert.equal(told('xinghe'), b0 + 1);
  const run2 = await api.request('POST', '/api/v1/jobs/incubation.report_reminders/run', as(adminToken));
  assert.equal(run2.status, 200, run2.text);
  assert.equal(count('inc_report_reminder'), 3);
  assert.equal(told('longteng'), a0 + 2);
  assert.equal(told('xinghe'), b0 + 1);
});

// ---- the demo park ---------------------------------------------------------

test('the demo park: 424 students and 300 million yuan as of 2019-11-18, from the records', async () => {
  const demo = freshDatabase();
  let server;
  try {
    const load = await loadDemo(demo);
    assert.equal(load.status, 0, load.stderr);
    const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', demo.url], { input: 'Pass-word-2026\n' });
    assert.equal(add.status, 0, add.stderr);
    const token = (await runCli(['user', 'token', 'root', '--db', demo.url])).stdout.trim();
    server = await startServer({ db: demo.url });
    const client = await apiClient(server.url);
    const res = await client.request('GET', `${B}/figures?as_of=2019-11-18`, as(token));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.student_jobs, 424);
    assert.equal(res.json.output_value_fen, 30000000000);
    assert.ok(res.json.units_leased > 0 && res.json.units_leased <= res.json.units);
    assert.ok(res.json.area_leased > 0 && res.json.area_leased <= res.json.area);
    // The records behind them: one latest accepted report per startup.
    const q = (sql) => dbRows(demo.url, sql);
    assert.equal(Number(q(`SELECT COUNT(DISTINCT org_id) AS n FROM inc_report WHERE status = 'accepted'`)[0].n), 62);
    assert.equal(Number(q(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'lease'`)[0].n),
      Number(q('SELECT COUNT(*) AS n FROM lease')[0].n));
    // Before the first accepted report there is nothing to count.
    const early = await client.request('GET', `${B}/figures?as_of=2014-12-31`, as(token));
    assert.equal(early.json.student_jobs, 0);
    assert.equal(early.json.output_value_fen, 0);
    // The drone firm: a 40 m² office, then the whole training-workshop building and the base.
    const drone = q(`SELECT id FROM org WHERE name = '吉林龙航科技服务有限公司'`)[0].id;
    const area = await client.request('GET', `${B}/startups/${drone}/area`, as(token));
    assert.equal(area.status, 200, area.text);
    const steps = area.json.steps.map((s) => s.area);
    assert.equal(steps[0], 4000);
    assert.equal(Math.max(...steps), 120000 + 80000 + 60000); // workshop, classroom, base
    assert.ok(area.json.leases.some((l) => l.building_name === '无人机实训楼'));
    assert.ok(area.json.leases.some((l) => l.building_name === '无人机科普教育基地'));
  } finally {
    if (server) await server.stop();
    demo.dispose();
  }
});
