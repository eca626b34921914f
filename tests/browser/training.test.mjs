// An order class from creation to a verified certificate: the records are
// made through the JSON API (the order class, its syllabus, a cohort, a
// trainee's enrolment, a session and its attendance, the assessment and
// the completion), then a member of staff finds the figures and the
// certificate in the portal, prints it, and anyone checks its code at
// /verify/CODE without signing in. Every page visited is checked for
// console errors and accessibility, and the pages with the W3C checker.
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
let srv, browser, db, token, dir;

before(async () => {
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'zhaolei', '--role', 'admin', '--display-name', '赵磊',
    '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(made.status, 0, made.stderr);
  const tok = await runCli(['user', 'token', 'zhaolei', '--db', db.url]);
  token = tok.stdout.trim();
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-training-html-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function api(method, p, body, status) {
  const res = await fetch(srv.url + p, { method, headers: { authorization: `Bearer ${token}`,
    'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  assert.equal(res.status, status, `${method} ${p}: ${JSON.stringify(json)}`);
  return json;
}

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

async function signedIn() {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await page.fill('#name', 'zhaolei');
  await page.fill('#password', 'Jianggu2019');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

function vnu(files) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files],
      { maxBuffer: 1 << 24 }, (err, stdout) => {
        try { resolve(JSON.parse(stdout)); } catch { reject(err || new Error(stdout)); }
      });
  });
}

test('an order class from creation to a verified certificate', async () => {
  // The order class and its syllabus, a cohort at a centre, a session.
  const firm = await api('POST', '/api/v1/orgs', { kind: 'enterprise', name: '长春九台订单示范机械有限公司' }, 201);
  const teacher = await api('POST', '/api/v1/people', { name: '高老师', mobile: '13911110001' }, 201);
  const trainee = await api('POST', '/api/v1/people', { name: '王子霖', mobile: '13911110002' }, 201);
  const centre = await api('POST', '/api/v1/training/centres', { name: '高端数控加工实训中心', capacity: 200 }, 201);
  const room = await api('POST', '/api/v1/training/rooms', { centre_id: centre.id, name: '理论教室',
    kind: 'classroom', capacity: 60 }, 201);
  const programme = await api('POST', '/api/v1/training/programmes', { kind: 'order_class',
    name: '订单示范机械订单班（数控车工）', occupation: '数控车工', firm_org_id: firm.id, seat_quota: 30,
    hiring_commitment: 20, certificate_name: '结业证书', certificate_level: 5 }, 201);
  const module = await api('POST', '/api/v1/training/modules', { programme_id: programme.id, seq: 1,
    name: '数控车床编程与操作', classroom_hours: 2, workshop_hours: 0 }, 201);
  const cohort = await api('POST', '/api/v1/training/cohorts', { programme_id: programme.id,
    centre_id: centre.id, name: '订单班一期', capacity: 30, starts_on: day(-10), ends_on: day(0),
    teacher_person_id: teacher.id }, 201);

  // Enrolment, a session held two days ago, attendance, assessment.
  const enrolment = await api('POST', '/api/v1/training/enrolments', { cohort_id: cohort.id,
    person_id: trainee.id, source: 'unemployed', enrolled_on: day(-10) }, 201);
  const session = await api('POST', '/api/v1/training/sessions', { cohort_id: cohort.id, module_id: module.id,
    kind: 'classroom', topic: '数控车床编程', starts_at: `${day(-2)}T01:00:00Z`, ends_at: `${day(-2)}T03:00:00Z`,
    room_id: room.id, teacher_person_id: teacher.id }, 201);
  await api('POST', `/api/v1/training/sessions/${session.id}/attendance`,
    { enrolment_id: enrolment.id, status: 'present' }, 200);
  const assessed = await api('POST', `/api/v1/training/enrolments/${enrolment.id}/assessments`,
    { module_id: module.id, score: 88, assessed_on: day(-1) }, 201);
  assert.equal(assessed.passed, 1);

  // Completion (the rule checked), then the certificate.
  await api('POST', `/api/v1/training/enrolments/${enrolment.id}/complete`, { on_date: day(0) }, 200);
  const cert = await api('POST', `/api/v1/training/enrolments/${enrolment.id}/certificate`, undefined, 201);

  // Staff: the figures count the completion, with charts drawn.
  const page = await signedIn();
  await page.goto(`${srv.url}/training/figures?as_of=${day(0)}`);
  const trained = await page.textContent('ul.figures li:first-child strong');
  assert.equal(trained.trim(), '1');
  await page.waitForSelector('.tr-chart svg');
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the figures');
  await screenshot(page, 'training-figures');
  // The figure links to the records behind it.
  await Promise.all([page.waitForNavigation(), page.click('ul.figures li:first-child a')]);
  assert.deepEqual(await page.$$eval('main table tbody td:first-child a', (as) => as.map((a) => a.textContent)),
    ['王子霖']);

  // The certificate in the list, its page, the printable sheet.
  await page.goto(srv.url + '/training/certificates');
  await Promise.all([page.waitForNavigation(), page.click(`main table tbody a[href="/training/certificates/${cert.id}"]`)]);
  assert.match(await page.textContent('main h2'), /王子霖/);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the certificate');
  await Promise.all([page.waitForNavigation(), page.click('a.button.primary')]);
  const sheet = await page.textContent('article.certificate');
  assert.match(sheet, /王子霖同志/);
  assert.match(sheet, /订单示范机械订单班（数控车工）/);
  assert.ok(sheet.includes(cert.code));
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the printable certificate');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('nav.sidebar'), false, 'print shows the sheet alone');
  await page.emulateMedia({ media: 'screen' });
  await screenshot(page, 'training-certificate-print');
  assert.deepEqual(page.problems, []);

  // Anyone: the code is confirmed, the name masked; an unknown code is not.
  const visitor = await newPage(browser);
  let res = await visitor.goto(`${srv.url}/verify/${cert.code}`);
  assert.equal(res.status(), 200);
  const text = await visitor.textContent('main');
  assert.match(text, /王\*霖/);
  assert.doesNotMatch(text, /王子霖/);
  assert.match(text, /订单示范机械订单班（数控车工）/);
  assert.deepEqual(await a11yViolations(visitor), [], 'accessibility of the check');
  await screenshot(visitor, 'training-verify');
  res = await visitor.goto(`${srv.url}/verify/0000000000000000000Z`);
  assert.equal(res.status(), 404);
  assert.match(await visitor.textContent('main'), /查无此证/);
  assert.deepEqual(visitor.problems.filter((p) => !/404/.test(p)), []);

  // The trainee's workshop placement on the firm's slot, with its forms.
  const slot = await api('POST', '/api/v1/training/slots', { firm_id: firm.id, title: '数控车床实习岗',
    workshop: '机加车间', master_id: teacher.id, starts_on: day(-5), ends_on: day(30), places: 2 }, 201);
  const placement = await api('POST', `/api/v1/training/slots/${slot.id}/placements`,
    { person_id: trainee.id, on: day(-1) }, 201);
  await page.goto(`${srv.url}/training/placements/${placement.id}`);
  assert.match(await page.textContent('main'), /王子霖/);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the placement and its forms');
  await page.goto(`${srv.url}/training/slots/${slot.id}`);
  assert.deepEqual(await a11yViolations(page), [], 'accessibility of the slot and its form');

  // The pages of this walk are valid HTML.
  const pages = [`/training/placements/${placement.id}`, `/training/slots/${slot.id}`,`/training/figures?as_of=${day(0)}`, '/training/figures/trained_for_firms',
    '/training/certificates', `/training/certificates/${cert.id}`, `/training/certificates/${cert.id}/print`,
    '/training/slots', '/training/slots/new', '/training/placements', '/training/skill-certificates',
    '/training/skill-certificates/new', '/', `/verify/${cert.code}`, '/verify/unknown'];
  const files = [];
  for (const p of pages) {
    const r = await fetch(srv.url + p, { headers: { authorization: `Bearer ${token}` } });
    const file = path.join(dir, `page${files.length}.html`);
    writeFileSync(file, await r.text());
    files.push(file);
  }
  const report = await vnu(files);
  const errors = report.messages.filter((m) => m.type === 'error')
    .map((m) => `${pages[files.indexOf(m.url.replace('file:', ''))]}: ${m.message}`);
  assert.deepEqual(errors, []);
});
