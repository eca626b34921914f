// Irreversible steps ask first, without JavaScript: each action the issue
// names is flagged in its route table (`jianggu routes --json`, and
// x-irreversible in the OpenAPI document for its API twin); every flagged
// page route, posted as a plain form with the CSRF token, first answers the
// confirmation page — the sentence naming the record, the same fields
// again with `confirm` — and changes nothing; the confirmed post acts.
// Success messages say what was done.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB), on the demo park.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const PASSWORD = 'Pass-word-2026';
let db, srv, api, cookie, csrf, routes;

const rows = (sql) => dbRows(db.url, sql);
const one = (sql) => rows(sql)[0];
const count = (sql) => Number(one(`SELECT COUNT(*) AS n FROM ${sql}`).n);

// The actions item 2 of the issue names, page and API, by route pattern.
const PAGE_STEPS = {
  'graduate or exit a startup': '/incubation/startups/:id/events',
  'undo a graduation or exit': '/incubation/startups/:id/reinstate',
  'close a review round': '/incubation/review/:id/close',
  'decide an application (入孵结论)': '/incubation/applications/:id/decision',
  'withdraw an enrolment': '/training/enrolments/:id/withdraw',
  'return a report': '/incubation/reports/:id/return',
  'revoke a session (admin)': '/admin/sessions/:id/revoke',
  'revoke one\'s own session': '/me/sessions/:id/revoke',
  'revoke a token': '/me/tokens/:id/revoke',
  'run a job now': '/admin/jobs/:name/run',
  'cancel a booking': '/facility/bookings/:id/cancel',
  'lock a selection round': '/selection/rounds/:id/lock',
  'publish a selection round': '/selection/rounds/:id/publish',
  'issue a month\'s statements': '/facility/statements/issue',
  'leave a waiting list': '/facility/waitlist/:id/withdraw',
  'revoke a calendar feed': '/facility/feeds/:id/revoke',
};
const API_STEPS = {
  'graduate or exit a startup': ['POST', '/api/v1/incubation/startups/:id/events'],
  'undo a graduation or exit': ['POST', '/api/v1/incubation/startups/:id/reinstate'],
  'close a review round': ['POST', '/api/v1/incubation/rounds/:id/close'],
  'decide an application': ['POST', '/api/v1/incubation/applications/:id/decision'],
  'withdraw an enrolment': ['POST', '/api/v1/training/enrolments/:id/withdraw'],
  'return a report': ['POST', '/api/v1/incubation/reports/:id/return'],
  'revoke a session': ['DELETE', '/api/v1/sessions/:id'],
  'revoke a token': ['DELETE', '/api/v1/tokens/:id'],
  'run a job now': ['POST', '/api/v1/jobs/:name/run'],
  'cancel a booking': ['POST', '/api/v1/facility/bookings/:id/cancel'],
  'lock a selection round': ['POST', '/api/v1/selection/rounds/:id/lock'],
  'publish a selection round': ['POST', '/api/v1/selection/rounds/:id/publish'],
  'issue a month\'s statements': ['POST', '/api/v1/facility/statements/issue'],
  'issue a statement': ['POST', '/api/v1/facility/statements/:id/issue'],
  'leave a waiting list': ['POST', '/api/v1/facility/waitlist/:id/withdraw'],
  'revoke a calendar feed': ['POST', '/api/v1/facility/feeds/:id/revoke'],
};

async function login(name) {
  const res = await api.request('POST', '/api/v1/sessions', { body: { name, password: PASSWORD } });
  assert.equal(res.status, 201, res.text);
  return {
    cookie: res.headers.getSetCookie().find((c) => c.startsWith('jg_session=')).split(';')[0],
    csrf: res.json.csrf_token, id: res.json.session_id ?? null,
  };
}

// POST a form as the admin, as a browser without JavaScript would.
async function post(pathname, fields) {
  const res = await fetch(srv.url + pathname, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `${cookie}; lang=zh-CN`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location'),
    flash: res.headers.getSetCookie().find((c) => c.startsWith('jg_flash=')) };
}

// The confirmation page's sentence and the fields its form posts again.
function confirmation(html) {
  assert.match(html, /data-confirm-page/, 'the confirmation page');
  const sentence = html.match(/data-confirm-text>([^<]*)</)[1];
  const fields = {};
  const form = html.slice(html.indexOf('data-confirm-page'));
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  return { sentence, fields };
}

// What a step could change, as it stands: every table it writes.
const snapshot = () => JSON.stringify(rows(`SELECT
  (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM incubation_event) AS events,
  (SELECT COUNT(*) FROM inc_decision) AS decisions,
  (SELECT COUNT(*) FROM inc_round WHERE status = 'closed') AS closed,
  (SELECT COUNT(*) FROM training_enrolment WHERE status = 'withdrawn') AS withdrawn,
  (SELECT COUNT(*) FROM inc_report WHERE status = 'returned') AS returned,
  (SELECT COUNT(*) FROM session WHERE revoked_at IS NOT NULL) AS sessions,
  (SELECT COUNT(*) FROM api_token WHERE revoked_at IS NOT NULL) AS tokens,
  (SELECT COUNT(*) FROM job_run) AS runs,
  (SELECT COUNT(*) FROM facility_booking WHERE status = 'cancelled') AS cancelled,
  (SELECT COUNT(*) FROM selection_round WHERE status <> 'open') AS selection`));

let ids;

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
  for (const name of ['root', 'other']) {
    const add = await runCli(['user', 'add', name, '--role', 'admin', '--db', db.url], { input: `${PASSWORD}\n` });
    assert.equal(add.status, 0, add.stderr);
  }
  const list = await runCli(['routes', '--json']);
  assert.equal(list.status, 0, list.stderr);
  routes = JSON.parse(list.stdout);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  ({ cookie, csrf } = await login('root'));
  const headers = { cookie, 'x-csrf-token': csrf };
  // What the demo lacks: an open review round with an application in it,
  // a token, another session of ours and one of someone else's, a
  // selection round.
  const round = await api.request('POST', '/api/v1/incubation/rounds', { headers,
    body: { name: '2019年第四季度评审', opens_on: '2019-11-01', closes_on: '2019-11-30' } });
  assert.equal(round.status, 201, round.text);
  const token = await api.request('POST', '/api/v1/tokens', { headers, body: { name: '脚本' } });
  assert.equal(token.status, 201, token.text);
  await login('root');
  await login('other');
  // An application waiting in that round.
  const add = await runCli(['user', 'add', 'applicant', '--role', 'applicant', '--db', db.url], { input: `${PASSWORD}\n` });
  assert.equal(add.status, 0, add.stderr);
  const applicant = { authorization: `Bearer ${(await runCli(['user', 'token', 'applicant', '--db', db.url])).stdout.trim()}` };
  const draft = await api.request('POST', '/api/v1/incubation/applications', { headers: applicant, body: {
    kind: 'team', project: '智能巡检机器人', field: 'intelligent_manufacturing', requested_space: 'desk',
    supervisor_name: '王老师', members: [{ name: '李明', school: '长春理工大学', major: '机械电子工程',
      entry_year: 2017, is_leader: 1 }] } });
  assert.equal(draft.status, 201, draft.text);
  assert.equal((await api.request('POST', `/api/v1/incubation/applications/${draft.json.id}/submit`,
    { headers: applicant })).status, 200);
  assert.equal((await api.request('POST', `/api/v1/incubation/rounds/${round.json.id}/applications`,
    { headers, body: { application_id: draft.json.id } })).status, 200);
  const sel = await api.request('POST', '/api/v1/selection/rounds', { headers, body: {
    name: '2026年园区双向选择', year: 2026, scope: 'park', opens_on: '2026-06-01',
    lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' } });
  assert.equal(sel.status, 201, sel.text);
  // A calendar feed, and a waiting entry for a full time of a one-seat resource (a Monday, 09:00 in Beijing).
  const feed = await api.request('POST', '/api/v1/facility/feeds', { headers, body: { scope: 'resource',
    resource_id: Number(one('SELECT id FROM facility_resource ORDER BY id LIMIT 1').id) } });
  assert.equal(feed.status, 201, feed.text);
  const slot = { resource_id: Number(one('SELECT id FROM facility_resource WHERE seats = 1 AND parent_id IS NULL ORDER BY id LIMIT 1').id),
    org_id: Number(one("SELECT id FROM org WHERE kind = 'enterprise' ORDER BY id LIMIT 1").id),
    starts_at: '2030-04-15T01:00:00Z', ends_at: '2030-04-15T02:00:00Z' };
  assert.equal((await api.request('POST', '/api/v1/facility/bookings', { headers, body: slot })).status, 201);
  const wait = await api.request('POST', '/api/v1/facility/waitlist', { headers, body: slot });
  assert.equal(wait.status, 201, wait.text);
  const me = one(`SELECT id FROM account WHERE name = 'root'`).id;
  ids = {
    startup: one(`SELECT i.org_id AS id FROM incubation i WHERE NOT EXISTS (SELECT 1 FROM incubation_event e
      WHERE e.org_id = i.org_id AND e.kind <> 'admitted') ORDER BY i.admitted_on DESC LIMIT 1`).id,
    round: round.json.id,
    application: one(`SELECT id FROM inc_application ORDER BY id DESC LIMIT 1`).id,
    enrolment: one(`SELECT id FROM training_enrolment WHERE status = 'enrolled' ORDER BY id LIMIT 1`).id,
    report: one(`SELECT id FROM inc_report WHERE status = 'submitted' ORDER BY id LIMIT 1`).id,
    other_session: one(`SELECT s.id FROM session s JOIN account a ON a.id = s.account_id
      WHERE a.name = 'other' AND s.revoked_at IS NULL`).id,
    my_session: one(`SELECT id FROM session WHERE account_id = ${me} AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`).id,
    token: token.json.id,
    booking: one(`SELECT id FROM facility_booking WHERE status = 'confirmed' ORDER BY id DESC LIMIT 1`).id,
    selection: sel.json.id,
    feed: feed.json.id,
    waitlist: wait.json.id,
  };
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

test('each irreversible action is flagged in its route table and its API operation', async () => {
  const flagged = (method, pattern) => routes.find((r) => r.pattern === pattern && r.methods.includes(method));
  for (const [what, pattern] of Object.entries(PAGE_STEPS)) {
    const rt = flagged('POST', pattern);
    assert.ok(rt, `${what}: ${pattern} is a route`);
    assert.ok(rt.flags.includes('page'), `${what}: ${pattern} is a page`);
    assert.equal(rt.irreversible, true, `${what}: ${pattern} is flagged irreversible`);
  }
  const doc = (await api.request('GET', '/api/v1/openapi.json')).json;
  for (const [what, [method, pattern]] of Object.entries(API_STEPS)) {
    assert.equal(flagged(method, pattern)?.irreversible, true, `${what}: ${pattern} is flagged`);
    const shape = (p) => p.replace(/\{[a-z_]+\}|:[a-z_]+/g, ':');
    const key = Object.keys(doc.paths).find((p) => shape(p) === shape(pattern));
    const op = doc.paths[key]?.[method.toLowerCase()];
    assert.equal(op?.['x-irreversible'], true, `${what}: ${method} ${pattern} says x-irreversible`);
  }
  // A reversible step is not flagged.
  assert.notEqual(flagged('POST', '/incubation/reports/:id/accept').irreversible, true);
});

test('a decision before its round closes is shown disabled, saying why, with the step that unblocks it', async () => {
  const page = async () => (await fetch(`${srv.url}/incubation/applications/${ids.application}`,
    { headers: { cookie: `${cookie}; lang=zh-CN` } })).text();
  const html = await page();
  assert.match(html, /<p class="hint" id="decide-wait">须先结束评审轮次「2019年第四季度评审」，才能作入孵结论。<\/p>/);
  assert.match(html, new RegExp(`<form method="post" action="/incubation/review/${ids.round}/close" class="inline">`));
  assert.match(html, /<button type="submit">结束评审<\/button>/);
  assert.match(html, /<button type="submit" class="primary" disabled aria-describedby="decide-wait">/);
  // A selection round's later steps, before it is locked.
  const round = await (await fetch(`${srv.url}/selection/rounds/${ids.selection}`,
    { headers: { cookie: `${cookie}; lang=zh-CN` } })).text();
  assert.match(round, /<p class="hint" id="round-next">运行匹配须先锁定本轮/);
  assert.match(round, /<button type="button" disabled aria-describedby="round-next">运行匹配<\/button>/);
  assert.match(round, /<button type="button" disabled aria-describedby="round-next">公布结果<\/button>/);
});

test('completing an enrolment says beforehand what the rule still misses, in the words of the refusal', async () => {
  const page = async (id) => (await fetch(`${srv.url}/training/enrolments/${id}`,
    { headers: { cookie: `${cookie}; lang=zh-CN` } })).text();
  const short = rows(`SELECT e.id FROM training_enrolment e WHERE e.status = 'enrolled' AND NOT EXISTS
    (SELECT 1 FROM training_attendance a WHERE a.enrolment_id = e.id) ORDER BY e.id LIMIT 1`)[0];
  const html = await page(short.id);
  const why = html.match(/<p class="hint" id="complete-wait">尚不能结业：([^<]+)<\/p>/)?.[1];
  assert.ok(why, 'the reason is shown');
  assert.match(html, /disabled aria-describedby="complete-wait">办理结业/);
  const res = await post(`/training/enrolments/${short.id}/complete`, { on_date: '' });
  assert.equal(res.status, 409);
  assert.ok(res.html.includes(why), 'the refusal says the same');
});

// The form each flagged page step is posted with, and the words its
// confirmation must say.
const steps = () => [
  ['/incubation/startups/:id/events', ids.startup,
    { kind: 'graduated', on: '2019-11-18', basis: 'high_tech', reason: '' }, /办理毕业出园（2019-11-18），此操作不可撤销/],
  ['/incubation/startups/:id/reinstate', ids.startup, { reason: '误登记' }, /将撤销 .+ 的出园登记/],
  ['/incubation/review/:id/close', ids.round, {}, /将结束评审轮次「2019年第四季度评审」/],
  ['/incubation/applications/:id/decision', ids.application, { decision: 'reject', reason: '不符合条件' }, /不予入孵/],
  ['/training/enrolments/:id/withdraw', ids.enrolment, { reason: '个人原因' }, /办理退学/],
  ['/incubation/reports/:id/return', ids.report, { comment: '请补充营业收入' }, /退回企业修改/],
  ['/admin/sessions/:id/revoke', ids.other_session, {}, /注销这个会话/],
  ['/me/sessions/:id/revoke', ids.my_session, {}, /注销这个会话/],
  ['/me/tokens/:id/revoke', ids.token, {}, /吊销这个 API 令牌/],
  ['/admin/jobs/:name/run', 'sessions.purge', {}, /立即运行任务 sessions\.purge/],
  ['/facility/bookings/:id/cancel', ids.booking, {}, /取消这项预约/],
  ['/selection/rounds/:id/lock', ids.selection, {}, /锁定双选轮次「2026年园区双向选择」/],
  ['/selection/rounds/:id/publish', ids.selection, {}, /公布双选轮次「2026年园区双向选择」/],
  ['/facility/statements/issue', '', { month: '2019-11' }, /将出具 2019-11 全部未出具的对账单/],
  ['/facility/waitlist/:id/withdraw', ids.waitlist, {}, /将退出这项候补/],
  ['/facility/feeds/:id/revoke', ids.feed, {}, /将撤销这个订阅网址/],
];

test('every flagged page route asks first and changes nothing; confirmed, it acts', async () => {
  const pageRoutes = routes.filter((r) => r.irreversible && r.flags.includes('page') && r.methods.includes('POST'));
  const tried = new Set();
  const before = snapshot();
  const confirmed = {};
  for (const [pattern, id, fields, words] of steps()) {
    const path = pattern.replace(/:(id|name)/, id);
    const res = await post(path, fields);
    assert.equal(res.status, 200, `${path}: ${res.html.slice(0, 300)}`);
    const c = confirmation(res.html);
    assert.match(c.sentence, words, path);
    assert.equal(c.fields.confirm, '1');
    assert.ok(c.fields.csrf, `${path}: a fresh token`);
    for (const [k, v] of Object.entries(fields)) assert.equal(c.fields[k], v, `${path}: ${k} posted again`);
    assert.equal(snapshot(), before, `${path}: the first post changes nothing`);
    confirmed[pattern] = { path, fields: c.fields };
    tried.add(pattern);
  }
  for (const rt of pageRoutes) assert.ok(tried.has(rt.pattern), `${rt.pattern} is tried`);
  // Not a record the caller may see: no confirmation names it.
  assert.equal((await post('/incubation/review/999999/close', {})).status, 404);

  // Confirmed (the page's own form posted as it is), each acts.
  const act = async (pattern) => {
    const { path, fields } = confirmed[pattern];
    const res = await post(path, fields);
    assert.equal(res.status, 303, `${path}: ${res.html.match(/role="alert">[^<]*/)?.[0]}`);
    return res;
  };
  const graduated = await act('/incubation/startups/:id/events');
  assert.equal(count(`incubation_event WHERE org_id = ${ids.startup} AND kind = 'graduated'`), 1);
  const startupName = one(`SELECT name FROM org WHERE id = ${ids.startup}`).name;
  assert.equal(decodeURIComponent(graduated.flash.split(';')[0].slice('jg_flash=success:='.length)),
    `已为 ${startupName} 办理毕业出园（2019-11-18）。`);
  const closed = await act('/incubation/review/:id/close');
  assert.equal(one(`SELECT status FROM inc_round WHERE id = ${ids.round}`).status, 'closed');
  assert.equal(decodeURIComponent(closed.flash.split(';')[0].slice('jg_flash=success:='.length)),
    '已结束评审轮次「2019年第四季度评审」，现在可以对其中的申请作入孵结论。');
  // Now the decision may be taken: nothing disabled, no reason.
  const app = await (await fetch(`${srv.url}/incubation/applications/${ids.application}`, { headers: { cookie } })).text();
  assert.doesNotMatch(app, /decide-wait/);
  await act('/me/tokens/:id/revoke');
  assert.equal(count(`api_token WHERE id = ${ids.token} AND revoked_at IS NOT NULL`), 1);
  await act('/admin/sessions/:id/revoke');
  assert.equal(count(`session WHERE id = ${ids.other_session} AND revoked_at IS NOT NULL`), 1);
  await act('/admin/jobs/:name/run');
  assert.equal(count(`job_run WHERE job = 'sessions.purge'`), 1);
  await act('/incubation/reports/:id/return');
  assert.equal(one(`SELECT status FROM inc_report WHERE id = ${ids.report}`).status, 'returned');
});

test('the layout tells the script which forms ask first', async () => {
  const res = await fetch(`${srv.url}/incubation/startups/${ids.startup}`, { headers: { cookie } });
  const html = await res.text();
  const meta = html.match(/<meta name="jg-confirm" content="([^"]*)">/)[1].split(' ');
  for (const pattern of Object.values(PAGE_STEPS)) assert.ok(meta.includes(pattern), pattern);
});

test('success messages say what was done', async () => {
  const flashText = async (setCookie) => {
    const value = setCookie.split(';')[0].slice('jg_flash='.length);
    const res = await fetch(`${srv.url}/`, { headers: { cookie: `${cookie}; jg_flash=${value}; lang=zh-CN` } });
    return (await res.text()).match(/<p class="flash flash-success" role="status">([^<]*)</)?.[1];
  };
  // A new record is named.
  const org = await post('/orgs', { name: '长春九台示例科技有限公司', kind: 'enterprise' });
  assert.equal(org.status, 303, org.html.slice(0, 300));
  assert.equal(await flashText(org.flash), '已新增「长春九台示例科技有限公司」。');
  // A change names its record.
  const id = org.location.split('/').pop();
  const saved = await post(`/orgs/${id}`, { name: '长春九台示例科技有限公司', kind: 'enterprise', short_name: '九台示例' });
  assert.equal(saved.status, 303, saved.html.slice(0, 300));
  assert.equal(await flashText(saved.flash), '已保存「长春九台示例科技有限公司」的修改。');
  // A lease names the tenant, the unit and the dates.
  const unit = one(`SELECT u.id, b.name || ' ' || u.code AS title FROM unit u JOIN floor f ON f.id = u.floor_id
    JOIN building b ON b.id = f.building_id WHERE NOT EXISTS (SELECT 1 FROM lease l WHERE l.unit_id = u.id)
    ORDER BY u.id LIMIT 1`);
  const tenant = one(`SELECT o.id, o.name FROM incubation i JOIN org o ON o.id = i.org_id WHERE NOT EXISTS
    (SELECT 1 FROM incubation_event e WHERE e.org_id = i.org_id AND e.kind <> 'admitted') ORDER BY o.id LIMIT 1`);
  if (unit) {
    const lease = await post('/incubation/leases', { unit_id: String(unit.id), org_id: String(tenant.id),
      starts_on: '2019-06-01', ends_on: '2021-05-31', rent_per_m2_fen: '30.00' });
    assert.equal(lease.status, 303, lease.html.slice(0, 600));
    assert.equal(await flashText(lease.flash),
      `已为 ${tenant.name} 新增租约 ${unit.title}，2019-06-01 至 2021-05-31。`);
  }
});

test('a mistaken graduation is undone by a compensating event, audited, and the figures follow', async () => {
  const headers = { cookie, 'x-csrf-token': csrf };
  const figures = async (asOf) => (await api.request('GET', `/api/v1/incubation/figures?as_of=${asOf}`, { headers })).json;
  const org = ids.startup;
  const name = one(`SELECT name FROM org WHERE id = ${org}`).name;
  // Graduated on 2019-11-18 by the test above: one fewer in the park from then.
  const eve = await figures('2019-11-17');
  const graduated = await figures('2019-11-18');
  assert.equal(graduated.graduated, 26);
  assert.equal(graduated.in_park, 36);
  const events = count(`incubation_event WHERE org_id = ${org}`);
  const audits = count(`audit_log WHERE entity = 'incubation_event'`);

  // Undoing asks first, naming the startup, and changes nothing until confirmed.
  const ask = await post(`/incubation/startups/${org}/reinstate`, { reason: '误将其登记为毕业' });
  assert.equal(ask.status, 200, ask.html.slice(0, 300));
  const c = confirmation(ask.html);
  assert.match(c.sentence, new RegExp(`将撤销 ${name} 的出园登记`));
  assert.equal(count(`incubation_event WHERE org_id = ${org}`), events);
  const done = await post(`/incubation/startups/${org}/reinstate`, c.fields);
  assert.equal(done.status, 303, done.html.slice(0, 300));
  const flash = decodeURIComponent(done.flash.split(';')[0].slice('jg_flash=success:='.length));
  assert.equal(flash, `已撤销 ${name} 的出园登记，自 2019-11-18 起恢复为在孵。`);

  // History is not edited: the graduation stays, the undo is appended and audited.
  const history = rows(`SELECT kind, on_date, stay FROM incubation_event WHERE org_id = ${org} ORDER BY id`);
  assert.deepEqual(history.map((e) => [e.kind, e.on_date, Number(e.stay)]).slice(-2),
    [['graduated', '2019-11-18', 1], ['reinstated', '2019-11-18', 1]]);
  assert.equal(count(`audit_log WHERE entity = 'incubation_event'`), audits + 1);
  const audit = one(`SELECT after_json FROM audit_log WHERE entity = 'incubation_event' ORDER BY id DESC LIMIT 1`);
  const after = typeof audit.after_json === 'string' ? JSON.parse(audit.after_json) : audit.after_json;
  assert.equal(after.kind, 'reinstated');
  assert.equal(after.undoes, 'graduated');
  assert.equal(after.reason, '误将其登记为毕业');

  // As of the original date and after, it is in the park again; before, nothing changed.
  assert.deepEqual(await figures('2019-11-17'), eve);
  const back = await figures('2019-11-18');
  assert.equal(back.graduated, 25);
  assert.equal(back.in_park, 37);
  const startup = await api.request('GET', `/api/v1/incubation/startups/${org}?as_of=2019-11-18`, { headers });
  assert.equal(startup.json.state, 'in_park');

  // Nothing left to undo: 409, nothing written.
  const twice = await api.request('POST', `/api/v1/incubation/startups/${org}/reinstate`, { headers, body: { reason: '再次' } });
  assert.equal(twice.status, 409, twice.text);
  assert.equal(twice.json.error.field, 'reason');
  const noReason = await api.request('POST', `/api/v1/incubation/startups/${org}/reinstate`, { headers, body: {} });
  assert.equal(noReason.status, 400, noReason.text);
  assert.equal(count(`incubation_event WHERE org_id = ${org}`), events + 1);

  // It may leave again, in a new stay, and that leave counts.
  const exit = await api.request('POST', `/api/v1/incubation/startups/${org}/events`, { headers,
    body: { kind: 'exited', on: '2019-11-18', exit_reason: 'withdrawn', reason: '主动撤出' } });
  assert.equal(exit.status, 201, exit.text);
  assert.equal(Number(one(`SELECT stay FROM incubation_event WHERE id = ${exit.json.id}`).stay), 2);
  const exited = await figures('2019-11-18');
  assert.equal(exited.exited, 1);
  assert.equal(exited.in_park, 36);
  // A second leave of the same stay is refused, by the database itself too;
  // an undo needs a leave of its stay, on its date; history stays as it is.
  const dup = await api.request('POST', `/api/v1/incubation/startups/${org}/events`, { headers,
    body: { kind: 'graduated', on: '2019-11-18', basis: 'other' } });
  assert.equal(dup.status, 409, dup.text);
  const insert = (kind, stay, on) => dbTryExec(db.url, `INSERT INTO incubation_event (org_id, kind, basis,
    on_date, reason, created_at, stay) VALUES (${org}, '${kind}', ${kind === 'graduated' ? "'other'" : 'NULL'},
    '${on}', '直接写入', '2026-12-06T00:00:00Z', ${stay})`);
  assert.equal(insert('graduated', 2, '2019-11-18').ok, false, 'one leave per stay');
  assert.equal(insert('reinstated', 3, '2019-11-18').ok, false, 'no leave of stay 3 to undo');
  assert.equal(insert('reinstated', 2, '2019-11-17').ok, false, 'not on the leave\'s date');
  assert.equal(insert('reinstated', 1, '2019-11-18').ok, false, 'stay 1 is undone already');
  assert.equal(dbTryExec(db.url, `DELETE FROM incubation_event WHERE org_id = ${org} AND kind = 'reinstated'`).ok, false);
  assert.equal(count(`incubation_event WHERE org_id = ${org}`), events + 2);
});
