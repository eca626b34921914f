// The training pages as each role sees them, in a real browser: valid
// HTML (W3C Nu checker), no serious accessibility violation (axe), no
// console error or CSP violation; a trainee checks in with the code from
// its page, the teacher marks the sheet and prints it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, browser, dir, admin;
const w = {};
const PASS = 'Jianggu2019';

async function account(name, role, extra = []) {
  const res = await runCli(['user', 'add', name, '--role', role, ...extra, '--db', db.url], { input: PASS + '\n' });
  assert.equal(res.status, 0, res.stderr);
}

before(async () => {
  db = freshDatabase();
  await account('staff', 'admin');
  const t = await runCli(['user', 'token', 'staff', '--db', db.url]);
  admin = { authorization: 'Bearer ' + t.stdout.trim(), 'content-type': 'application/json' };
  srv = await startServer({ db: db.url });
  const post = async (p, body) => {
    const res = await fetch(srv.url + p, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    const json = await res.json();
    assert.ok(res.status < 300, JSON.stringify(json));
    return json;
  };
  const now = Date.now();
  const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const day = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
  w.firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '京东物流示例公司' });
  w.teacher = await post('/api/v1/people', { name: '周老师' });
  w.trainee = await post('/api/v1/people', { name: '吴学员' });
  await account('zhou', 'teacher', ['--person', String(w.teacher.id)]);
  await account('wu', 'trainee', ['--person', String(w.trainee.id)]);
  await account('jd', 'enterprise', ['--org', String(w.firm.id)]);
  w.centre = await post('/api/v1/training/centres', { name: '京东物流公共实训中心', capacity: 200 });
  await post('/api/v1/training/partners', { centre_id: w.centre.id, org_id: w.firm.id, share_pct: 40, contribution: '设备' });
  w.room = await post('/api/v1/training/rooms', { centre_id: w.centre.id, name: '仓储实训室', kind: 'workshop', capacity: 30 });
  w.prog = await post('/api/v1/training/programmes', { kind: 'order_class', name: '智能仓储订单班', occupation: '仓储管理员',
    firm_org_id: w.firm.id, seat_quota: 30, hiring_commitment: 25 });
  await post('/api/v1/training/modules', { programme_id: w.prog.id, seq: 1, name: '仓储安全', classroom_hours: 8, workshop_hours: 16 });
  w.cohort = await post('/api/v1/training/cohorts', { programme_id: w.prog.id, centre_id: w.centre.id, name: '仓储一班',
    capacity: 30, starts_on: day(now - 86400e3), ends_on: day(now + 30 * 86400e3), teacher_person_id: w.teacher.id });
  w.session = await post('/api/v1/training/sessions', { cohort_id: w.cohort.id, kind: 'workshop', topic: '叉车操作',
    room_id: w.room.id, teacher_person_id: w.teacher.id, starts_at: utc(now - 600e3), ends_at: utc(now + 3 * 3600e3) });
  w.enrolment = await post('/api/v1/training/enrolments', { cohort_id: w.cohort.id, person_id: w.trainee.id,
    source: 'unemployed', enrolled_on: day(now - 86400e3) });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-training-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(name) {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', PASS);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

const files = [];
async function visit(page, p, label) {
  const res = await page.goto(srv.url + p);
  assert.equal(res.status(), 200, `${label} ${p}`);
  const file = path.join(dir, `${files.length}.html`);
  writeFileSync(file, await res.text());
  files.push({ file, page: `${p} (${label})` });
  assert.deepEqual(await a11yViolations(page), [], `accessibility of ${p} (${label})`);
}

test('the trainee checks in from its page, the teacher marks and prints the sheet', async () => {
  const wu = await signedIn('wu');
  await visit(wu, '/training/mine', 'trainee');
  await wu.fill(`#code-${w.session.id}`, w.session.code === '000000' ? '000001' : '000000');
  await Promise.all([wu.waitForNavigation(), wu.click(`form[action$="/${w.session.id}/checkin"] button`)]);
  assert.match(await wu.textContent('.flash-error'), /签到码不正确/);
  // The refusal is answered 400, which the browser logs; nothing else may.
  assert.deepEqual(wu.problems.filter((m) => !/status of 400/.test(m)), []);
  wu.problems.length = 0;
  await wu.fill(`#code-${w.session.id}`, w.session.code);
  await Promise.all([wu.waitForNavigation(), wu.click(`form[action$="/${w.session.id}/checkin"] button`)]);
  assert.match(await wu.textContent('.flash-success'), /签到成功/);
  await visit(wu, '/training/mine', 'trainee, checked in');
  await visit(wu, `/training/enrolments/${w.enrolment.id}`, 'trainee');
  assert.deepEqual(wu.problems, []);
  await screenshot(wu, 'training-mine-trainee');

  const zhou = await signedIn('zhou');
  await visit(zhou, '/training/mine', 'teacher');
  await visit(zhou, `/training/mine/cohorts/${w.cohort.id}`, 'teacher');
  await visit(zhou, `/training/sessions/${w.session.id}/sheet`, 'teacher');
  await Promise.all([zhou.waitForNavigation(), zhou.click('form[action$="/confirm"] button')]);
  assert.match(await zhou.textContent('.flash-success'), /已确认学时/);
  await zhou.emulateMedia({ media: 'print' });
  assert.equal(await zhou.isVisible('.sidebar'), false, 'no navigation on paper');
  assert.equal(await zhou.isVisible('th.sign'), true, 'a column to sign on paper');
  await screenshot(zhou, 'training-sheet-print');
  await zhou.emulateMedia({ media: 'screen' });
  assert.deepEqual(zhou.problems, []);

  const jd = await signedIn('jd');
  await visit(jd, '/training/mine', 'enterprise');
  assert.match(await jd.textContent('main'), /智能仓储订单班/);
});

test('an apprentice checks in at the firm and writes its weekly log; its master confirms both', async () => {
  const post = async (p, body) => {
    const res = await fetch(srv.url + p, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    const json = await res.json();
    assert.ok(res.status < 300, JSON.stringify(json));
    return json;
  };
  const now = Date.now();
  const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const day = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
  const master = await post('/api/v1/people', { name: '孙师傅' });
  await account('sun', 'teacher', ['--person', String(master.id), '--org', String(w.firm.id)]);
  const prog = await post('/api/v1/training/programmes', { kind: 'apprenticeship', name: '物流新型学徒制', occupation: '物流服务师' });
  const cohort = await post('/api/v1/training/cohorts', { programme_id: prog.id, centre_id: w.centre.id, name: '学徒一班',
    capacity: 20, starts_on: day(now - 86400e3), ends_on: day(now + 300 * 86400e3), teacher_person_id: w.teacher.id });
  const e = await post('/api/v1/training/enrolments', { cohort_id: cohort.id, person_id: w.trainee.id,
    source: 'firm_staff', source_org_id: w.firm.id, enrolled_on: day(now - 86400e3) });
  await post('/api/v1/training/mentors', { enrolment_id: e.id, master_person_id: master.id, master_org_id: w.firm.id,
    teacher_person_id: w.teacher.id, since: day(now - 86400e3) });
  const s = await post('/api/v1/training/sessions', { cohort_id: cohort.id, kind: 'workshop', topic: '分拣线跟岗',
    workshop_org_id: w.firm.id, teacher_person_id: master.id, starts_at: utc(now - 300e3), ends_at: utc(now + 4 * 3600e3) });

  const wu = await signedIn('wu');
  await wu.goto(srv.url + '/training/mine');
  await wu.fill(`#code-${s.id}`, s.code);
  await Promise.all([wu.waitForNavigation(), wu.click(`form[action$="/${s.id}/checkin"] button`)]);
  assert.match(await wu.textContent('.flash-success'), /签到成功/);
  await wu.selectOption('#log-enrolment', String(e.id));
  await wu.fill('#log-week', '2026-11-23');
  await wu.fill('#log-body', '跟随师傅学习分拣线的异常处理。');
  await Promise.all([wu.waitForNavigation(), wu.click('form[action="/training/weekly-logs"] button')]);
  assert.match(await wu.textContent('.flash-success'), /周志已提交/);
  await visit(wu, '/training/mine', 'apprentice');
  assert.deepEqual(wu.problems, []);

  const sun = await signedIn('sun');
  await visit(sun, '/training/mine', 'master');
  assert.match(await sun.textContent('main'), /分拣线跟岗/);
  await Promise.all([sun.waitForNavigation(), sun.click('form[action$="/confirm"][action^="/training/attendance"] button')]);
  assert.match(await sun.textContent('.flash-success'), /已确认学时/);
  await Promise.all([sun.waitForNavigation(), sun.click('form[action^="/training/weekly-logs"] button')]);
  assert.match(await sun.textContent('.flash-success'), /已确认周志/);
  assert.match(await sun.textContent('#to-confirm-heading + table'), /暂无数据/);
  assert.deepEqual(sun.problems, []);
});

test('staff pages are valid HTML and accessible', async () => {
  const staff = await signedIn('staff');
  for (const p of ['/training/centres', `/training/centres/${w.centre.id}`, '/training/programmes',
    `/training/programmes/${w.prog.id}`, '/training/programmes/new', '/training/cohorts',
    `/training/cohorts/${w.cohort.id}`, '/training/sessions', `/training/sessions/${w.session.id}`,
    '/training/sessions/new', '/training/enrolments', `/training/enrolments/${w.enrolment.id}`,
    '/training/enrolments/new', '/training/mentors', '/training/mentors/new', '/training/rooms',
    '/training/partners', '/training/modules', `/training/sessions/${w.session.id}/sheet`]) {
    await visit(staff, p, 'staff');
  }
  assert.deepEqual(staff.problems, []);
});

test('every training page visited is valid HTML (W3C Nu checker)', async () => {
  const report = await new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files.map((f) => f.file)],
      { maxBuffer: 1 << 24 }, (err, stdout) => {
        try { resolve(JSON.parse(stdout)); } catch { reject(err || new Error(stdout)); }
      });
  });
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal').map((m) => {
    const f = files.find((x) => m.url && path.basename(m.url) === path.basename(x.file));
    return `${f ? f.page : m.url}:${m.lastLine}: ${m.message}`;
  });
  assert.deepEqual(errors, []);
});
