// The home page of each role on the demo park (issue 16): as of the
// portal's "today", 2019-11-18, which the demo sets, staff, a startup, an
// order-class firm, a teacher and a trainee each see at least one item of
// every kind their workbench lists; the top bar says 数据截至 2019-11-18;
// a figure's default as-of date is that day (occupancy above zero); a
// teacher's 全部出勤 marks a session in one CSRF-protected POST; with the
// setting cleared the real date is used.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';

let db, srv;
const tok = {};
const who = {};

const rows = (sql) => dbRows(db.url, sql);
const one = (sql) => rows(sql)[0];
const count = (sql) => Number(one(`SELECT COUNT(*) AS n FROM ${sql}`).n);

async function account(name, role, { org, person } = {}) {
  const args = ['user', 'add', name, '--role', role, '--db', db.url];
  if (org) args.push('--org', String(org));
  if (person) args.push('--person', String(person));
  const add = await runCli(args, { input: 'Work-bench-2019\n' });
  assert.equal(add.status, 0, add.stderr);
  const t = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(t.status, 0, t.stderr);
  tok[name] = t.stdout.trim();
}

async function get(name, path) {
  const res = await fetch(srv.url + path, { headers: { authorization: `Bearer ${tok[name]}` },
    redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

// The figure labelled `label` on a workbench: its value, or undefined.
function figure(html, label) {
  const m = html.match(new RegExp(`<strong>([^<]*)</strong><span>${label}</span>`));
  return m ? m[1] : undefined;
}

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
  // The demo's records each role's account stands for.
  const cohort = one(`SELECT c.id, c.teacher_person_id FROM training_cohort c
    WHERE EXISTS (SELECT 1 FROM training_session s WHERE s.cohort_id = c.id
      AND s.on_date = '2019-11-15') ORDER BY c.id`);
  who.cohort = Number(cohort.id);
  const apprentice = one(`SELECT e.person_id, l.firm_id FROM training_enrolment e
    JOIN placement l ON l.person_id = e.person_id AND l.status = 'assigned'
    WHERE e.cohort_id = ${who.cohort} ORDER BY e.id`);
  // A startup in the park that has not filed its October report.
  const late = one(`SELECT i.org_id FROM incubation i WHERE NOT EXISTS (SELECT 1 FROM incubation_event e
      WHERE e.org_id = i.org_id AND e.kind <> 'admitted')
    AND NOT EXISTS (SELECT 1 FROM inc_report r JOIN inc_report_period p ON p.id = r.period_id
      WHERE r.org_id = i.org_id AND p.starts_on = '2019-10-01') ORDER BY i.org_id`);
  await account('staff', 'admin');
  await account('startup', 'enterprise', { org: late.org_id });
  await account('firm', 'enterprise', { org: apprentice.firm_id });
  await account('teacher', 'teacher', { person: cohort.teacher_person_id });
  await account('trainee', 'trainee', { person: apprentice.person_id });
  srv = await startServer({ db: db.url });
});

after(async () => {
  if (srv) await srv.stop();
  if (db) db.dispose();
});

test('the demo sets the portal\'s today; the top bar says 数据截至 2019-11-18 on every role\'s home page', async () => {
  assert.equal(one(`SELECT value FROM setting WHERE key = 'portal.today'`).value, '2019-11-18');
  for (const name of Object.keys(tok)) {
    const res = await get(name, '/');
    assert.equal(res.status, 200, `${name}: ${res.text.slice(0, 200)}`);
    assert.match(res.text, /<span class="as-of"><span class="as-of-label">数据截至<\/span> 2019-11-18<\/span>/, name);
    assert.match(res.text, /<h1>工作台<\/h1>/, name);
  }
});

test('staff see every kind of work waiting, each a count linking to its records', async () => {
  const res = await get('staff', '/');
  const kinds = {
    待评审入孵申请: '/incubation/applications?status=submitted',
    待审核报表: '/incubation/reports?status=submitted',
    逾期未交报表: '/incubation/report-periods/',
    '60 日内到期租约': '/incubation/leases',
    超出认定标准的在孵企业: '/incubation/attention',
    待发结业证书: '/training/enrolments?status=completed',
    待确认考勤: '/training/sessions/',
  };
  for (const [label, href] of Object.entries(kinds)) {
    const m = res.text.match(new RegExp(`<a href="([^"]+)"><strong>(\\d+)</strong><span>${label}</span>`));
    assert.ok(m, `${label} is shown as a link`);
    assert.ok(Number(m[2]) > 0, `${label}: ${m[2]}`);
    assert.ok(m[1].replaceAll('&amp;', '&').startsWith(href), `${label} links to ${m[1]}`);
    const target = await get('staff', m[1].replaceAll('&amp;', '&'));
    assert.equal(target.status, 200, `${label}: ${m[1]}`);
  }
  // The counts are the ledger's as of 2019-11-18.
  assert.equal(Number(figure(res.text, '待评审入孵申请')), count(`inc_application WHERE status = 'submitted'`));
  assert.equal(Number(figure(res.text, '60 日内到期租约')),
    count(`lease WHERE archived_at IS NULL AND ends_on BETWEEN '2019-11-18' AND '2020-01-17'`));
  assert.equal(Number(figure(res.text, '待发结业证书')), count(`training_enrolment e WHERE e.status = 'completed'
    AND NOT EXISTS (SELECT 1 FROM training_certificate c WHERE c.enrolment_id = e.id)`));
  // The park's figures stay, a link away.
  assert.match(res.text, /<a href="\/dashboard">园区概况<\/a>/);
  const dash = await get('staff', '/dashboard');
  assert.equal(dash.status, 200);
  assert.match(dash.text, /<h1>园区概况<\/h1>/);
  assert.match(dash.text, /class="figures"/);
});

test('a startup sees its reports owed, its leases and its notices; an order-class firm its classes, placements and notices', async () => {
  let html = (await get('startup', '/')).text;
  let t = text(html);
  assert.ok(Number(figure(html, '待报送报表')) >= 1, t);
  assert.match(t, /企业月报 2019-10-01 至 2019-10-31 截止 2019-11-10（已逾期）/);
  assert.ok(Number(figure(html, '在租房源')) >= 1, t);
  assert.match(t, /租约 \S+ \S+ \d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d/);
  assert.ok(Number(figure(html, '未读通知')) >= 1, t);
  assert.match(t, /请按时报送 2019年11月企业月报/);
  // Nothing of staff's work, nor the park's figures.
  assert.doesNotMatch(t, /待评审入孵申请|待发结业证书|园区概况/);
  assert.equal((await get('startup', '/dashboard')).status, 403);

  html = (await get('firm', '/')).text;
  t = text(html);
  assert.ok(Number(figure(html, '订单班')) >= 1, t);
  assert.ok(Number(figure(html, '在岗实习学员')) >= 1, t);
  assert.match(t, /订单班 \S+ 在册 \d+ \/ 名额 \d+ \/ 承诺录用 \d+/);
  assert.match(t, /岗位实习 \S+ · \S+ 起始 2019-\d\d-\d\d/);
  assert.ok(Number(figure(html, '未读通知')) >= 1, t);
});

test('a trainee sees its timetable, its hours against the requirement, its placement and its certificates', async () => {
  const html = (await get('trainee', '/')).text;
  const t = text(html);
  assert.ok(Number(figure(html, '待上课次')) >= 1, t);
  assert.match(t, /课次 2019-11-20 09:00 质量检测与记录/, 'sessions from the portal\'s today on');
  assert.doesNotMatch(t, /课次 2019-11-15/, 'not those held before it');
  const hours = figure(html, '已核实学时 / 结业要求（小时）');
  assert.match(hours, /^\d+\.\d \/ \d+\.\d$/);
  assert.ok(Number(hours.split(' / ')[1]) > 0, hours);
  assert.match(t, /岗位实习 \S+ · \S+ 起始 2019-10-08/);
  assert.ok(Number(figure(html, '证书')) >= 1, t);
  assert.match(t, /职业技能等级证书 车工 初级工 2019-07-15/);
  assert.match(t, /11月25日阶段考核安排/);
});

test('a teacher sees its cohort with roll and attendance rate, check-ins to confirm, and marks a session 全部出勤 in one POST', async () => {
  const html = (await get('teacher', '/')).text;
  const t = text(html);
  assert.ok(Number(figure(html, '在训班级')) >= 1, t);
  const roll = count(`training_enrolment WHERE cohort_id = ${who.cohort} AND status = 'enrolled'`);
  const m = t.match(/在册人数 (\d+) · 出勤率 (\d+)%/);
  assert.ok(m, t);
  assert.equal(Number(m[1]), roll);
  // Two of the three sessions held by the 18th were checked in by all.
  assert.equal(Number(m[2]), Math.round(200 / 3));
  assert.equal(Number(figure(html, '待确认考勤')), 2 * roll);
  const session = Number(one(`SELECT id FROM training_session WHERE cohort_id = ${who.cohort}
    AND on_date = '2019-11-15'`).id);
  assert.match(html, new RegExp(`<form method="post" action="/training/sessions/${session}/all-present"`));

  // A browser's session: the form without its CSRF token is refused and changes nothing.
  const signin = await fetch(srv.url + '/api/v1/sessions', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'teacher', password: 'Work-bench-2019' }) });
  assert.equal(signin.status, 201);
  const cookie = signin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await signin.json()).csrf_token;
  const post = (body) => fetch(`${srv.url}/training/sessions/${session}/all-present`, { method: 'POST',
    redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString() });
  const audits = count(`audit_log WHERE entity = 'training_attendance'`);
  assert.equal((await post({ next: '/' })).status, 403);
  assert.equal(count(`training_attendance WHERE session_id = ${session}`), 0);

  const done = await post({ csrf, next: '/' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/');
  assert.deepEqual(rows(`SELECT status, COUNT(*) AS n, COUNT(verified_at) AS v FROM training_attendance
    WHERE session_id = ${session} GROUP BY status`).map((r) => [r.status, Number(r.n), Number(r.v)]),
  [['present', roll, roll]]);
  assert.equal(count(`audit_log WHERE entity = 'training_attendance'`), audits + roll);
  // Again: nothing left to mark, nothing written.
  assert.equal((await post({ csrf, next: '/' })).status, 303);
  assert.equal(count(`audit_log WHERE entity = 'training_attendance'`), audits + roll);
  // The session no longer waits; the rate rose.
  const after = text((await get('teacher', '/')).text);
  assert.doesNotMatch(after, /课次 2019-11-15 09:00/);
  assert.equal(Number(after.match(/出勤率 (\d+)%/)[1]), 100);
  // A session of another cohort is not the teacher's to mark.
  const other = one(`SELECT s.id FROM training_session s JOIN training_cohort c ON c.id = s.cohort_id
    WHERE c.teacher_person_id <> (SELECT teacher_person_id FROM training_cohort WHERE id = ${who.cohort})
    ORDER BY s.id`);
  if (other) {
    const res = await fetch(`${srv.url}/training/sessions/${other.id}/all-present`, { method: 'POST',
      redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString() });
    assert.equal(res.status, 404);
    assert.equal(count(`training_attendance WHERE session_id = ${other.id}`), 0);
  }
  // Nor is it a trainee's.
  const t2 = await fetch(`${srv.url}/training/sessions/${session}/all-present`, { method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${tok.trainee}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: '' });
  assert.equal(t2.status, 403);
});

test('figures default to the portal\'s today: occupancy on 2019-11-18 is above zero; cleared, the real date is used', async () => {
  const api = (path, init = {}) => fetch(srv.url + path, { ...init, headers: {
    authorization: `Bearer ${tok.staff}`, 'content-type': 'application/json', ...(init.headers || {}) } });
  let occ = await (await api('/api/v1/incubation/occupancy')).json();
  assert.equal(occ.on, '2019-11-18');
  assert.ok(occ.units_leased > 0 && occ.area_leased > 0, JSON.stringify(occ));
  const fig = await (await api('/api/v1/incubation/figures')).json();
  assert.equal(fig.as_of, '2019-11-18');
  assert.equal(fig.in_park, 37);

  // A value that is no date is refused, naming the field, and nothing changes.
  const bad = await api('/api/v1/settings/portal.today', { method: 'PUT', body: JSON.stringify({ value: '2019-02-30' }) });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.field, 'value');
  assert.equal(one(`SELECT value FROM setting WHERE key = 'portal.today'`).value, '2019-11-18');

  const cleared = await api('/api/v1/settings/portal.today', { method: 'PUT', body: JSON.stringify({ value: '' }) });
  assert.equal(cleared.status, 200, await cleared.text());
  const beijing = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  occ = await (await api('/api/v1/incubation/occupancy')).json();
  assert.equal(occ.on, beijing);
  const home = await get('staff', '/');
  assert.doesNotMatch(home.text, /class="as-of"/, 'the top bar shows no date when none is set');
  assert.match(text(home.text), new RegExp(`待办事项，数据截至 ${beijing}`));
});
