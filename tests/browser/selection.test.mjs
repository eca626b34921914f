// Two-way selection in a real browser (issue 19): a firm posts a
// position on the form and staff vet it, a trainee ranks positions with
// the keyboard only, a firm ranks its applicants with a tie, staff lock,
// run and publish, the trainee sees its result and why not, and staff
// open the second round; staff create a round scoped to cohorts, picked
// by name on its form; staff import a regional fair's lists on a phone.
// Each page is checked by axe (no serious violation), at a laptop's
// width and a phone's, and by the W3C Nu checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, browser, admin, dir;
const w = {};
const PASS = 'Jianggu2019';

async function account(name, role, extra = []) {
  const res = await runCli(['user', 'add', name, '--role', role, ...extra, '--db', db.url], { input: PASS + '\n' });
  assert.equal(res.status, 0, res.stderr);
}

async function post(p, body) {
  const res = await fetch(srv.url + p, { method: 'POST', headers: admin, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.status < 300, JSON.stringify(json));
  return json;
}

before(async () => {
  db = freshDatabase();
  await account('staff', 'admin');
  const t = await runCli(['user', 'token', 'staff', '--db', db.url]);
  admin = { authorization: 'Bearer ' + t.stdout.trim(), 'content-type': 'application/json' };
  srv = await startServer({ db: db.url });
  w.round = await post('/api/v1/selection/rounds', { name: '2026年结业双向选择', year: 2026, scope: 'park',
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  w.firmA = await post('/api/v1/orgs', { kind: 'enterprise', name: '长春轨道装备示例公司' });
  w.firmB = await post('/api/v1/orgs', { kind: 'enterprise', name: '九台智能制造示例公司' });
  await account('guidao', 'enterprise', ['--org', String(w.firmA.id)]);
  const pos = (firm, title, headcount) => post('/api/v1/selection/positions', { round_id: w.round.id,
    firm_id: firm.id, title, occupation: '城市轨道交通车辆检修工', headcount, place: '长春', pay_min: 450000, pay_max: 600000 });
  w.p1 = await pos(w.firmA, '车辆检修岗', 1);
  w.p2 = await pos(w.firmB, '机器人运维岗', 1);
  w.p3 = await pos(w.firmB, '装配调试岗', 2);
  const person = async (name, i) => {
    const p = await post('/api/v1/people', { name });
    await post('/api/v1/training/skill-certificates', { person_id: p.id, occupation: '电工', level: 4,
      number: `B-${i}`, issuer: '吉林省职业技能鉴定中心', issued_on: '2026-05-01' });
    return p;
  };
  w.me = await person('吴学员', 1);
  w.rival = await person('郑学员', 2);
  await account('wu', 'trainee', ['--person', String(w.me.id)]);
  // The rival registers and ranks through the API, with consent.
  w.rivalCand = await post(`/api/v1/selection/rounds/${w.round.id}/candidates`, { person_id: w.rival.id, consent: 1 });
  await post(`/api/v1/selection/candidates/${w.rivalCand.id}/list`, { positions: [w.p1.id, w.p3.id], submit: true });
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-selection-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(name, opts) {
  const page = await newPage(browser, opts);
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', PASS);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

// No serious accessibility violation; the HTML kept for the Nu checker
// (without the attribute ECharts sets on a drawn chart's element).
const files = [];
async function accessible(page, label) {
  const file = path.join(dir, `${files.length}.html`);
  writeFileSync(file, (await page.content()).replace(/ _echarts_instance_="[^"]*"/g, ''));
  files.push({ file, page: label });
  const bad = await a11yViolations(page);
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad, null, 1)}`);
}

// Press Enter on the focused element and wait for the page it leads to.
async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

// Tab until the focused element matches `selector`.
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`no focusable ${selector}`);
}

const listed = (page) => page.$$eval('.choices .choice-name', (els) => els.map((e) => e.textContent.trim()));

test('a firm posts a position on the form, the round picked for it; staff vet it on its page', async () => {
  const page = await signedIn('guidao');
  await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  await Promise.all([page.waitForNavigation(), page.click(`a[href^="/selection/positions/new?round_id=${w.round.id}"]`)]);
  await accessible(page, 'position form, firm');
  await page.fill('#f-title', '电气维修岗');
  await page.fill('#f-occupation', '维修电工');
  await page.fill('#f-headcount', '2');
  await page.fill('#f-skill_level', '3');
  await page.fill('#f-place', '长春市九台区');
  await page.fill('#f-pay_min', '4500');
  await page.fill('#f-pay_max', '6000');
  await page.fill('#f-shifts', '白班');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(page.url(), /\/selection\/positions\/\d+$/);
  const id = Number(page.url().split('/').pop());
  let res = await fetch(srv.url + `/api/v1/selection/positions/${id}`, { headers: admin });
  const posted = await res.json();
  assert.deepEqual([posted.round_id, posted.firm_id, posted.status, posted.pay_min, posted.pay_max, posted.skill_level],
    [w.round.id, w.firmA.id, 'proposed', 450000, 600000, 3]);
  // A pay range upside down is refused on the form, naming the field.
  await page.goto(srv.url + `/selection/positions/${id}/edit`);
  await page.fill('#f-pay_min', '7000');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.ok(await page.$('#f-pay_max-error'));
  await page.close();
  const staff = await signedIn('staff');
  await staff.goto(srv.url + `/selection/positions/${id}`);
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/vet"] input[value=open] + button')]);
  res = await fetch(srv.url + `/api/v1/selection/positions/${id}`, { headers: admin });
  assert.equal((await res.json()).status, 'open');
  await staff.close();
});

test('a trainee registers and ranks positions with the keyboard only', async () => {
  const page = await signedIn('wu', { width: 390, height: 844 });
  await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  await accessible(page, 'round, trainee');
  await tabTo(page, `form[action$="/register"] button`);
  await enter(page);
  assert.match(page.url(), /\/selection\/candidates\/\d+$/);
  w.myCand = Number(page.url().split('/').pop());
  // Add three positions from the select, each with the keyboard.
  for (const p of [w.p3, w.p2, w.p1]) {
    await tabTo(page, '#add-position');
    for (let k = 0; k < 10; k++) {
      if (await page.evaluate(() => document.activeElement.value) === String(p.id)) break;
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await page.evaluate(() => document.activeElement.value), String(p.id));
    await page.keyboard.press('Tab');	// to the add button
    await enter(page);
  }
  assert.deepEqual(await listed(page), ['装配调试岗（九台智能制造示例公司）', '机器人运维岗（九台智能制造示例公司）',
    '车辆检修岗（长春轨道装备示例公司）']);
  // Move 车辆检修岗 up twice, with Tab and Enter only.
  for (let k = 0; k < 2; k++) {
    await tabTo(page, `button[value=up][aria-label$="车辆检修岗"]`);
    await enter(page);
  }
  assert.deepEqual(await listed(page), ['车辆检修岗（长春轨道装备示例公司）', '装配调试岗（九台智能制造示例公司）',
    '机器人运维岗（九台智能制造示例公司）']);
  await tabTo(page, 'button[value=submit]');
  await enter(page);
  assert.ok(await page.$('button[value=draft]'), 'the list is submitted');
  await accessible(page, 'candidate, trainee, phone');
  await screenshot(page, 'selection-trainee-list');
  await page.close();
});

test('a firm ranks its applicants with a tie', async () => {
  const page = await signedIn('guidao');
  await page.goto(srv.url + `/selection/positions/${w.p1.id}`);
  await accessible(page, 'position, firm');
  const inputs = await page.$$('input[name^=rank_]');
  assert.equal(inputs.length, 2);
  for (const i of inputs) await i.fill('1');	// one tier: a tie
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/ranks"] button[type=submit]')]);
  const res = await fetch(srv.url + `/api/v1/selection/positions/${w.p1.id}/list`, { headers: admin });
  const list = await res.json();
  assert.deepEqual(list.items.map((e) => e.rank), [1, 1]);
  await page.close();
  // Firm B ranks through the API: the rival first at 装配调试岗, me at both.
  await post(`/api/v1/selection/positions/${w.p2.id}/list`, { ranks: [{ candidate_id: w.myCand, rank: 1 }] });
  await post(`/api/v1/selection/positions/${w.p3.id}/list`, { ranks: [
    { candidate_id: w.rivalCand.id, rank: 1 }, { candidate_id: w.myCand, rank: 2 }] });
});

test('staff lock, run and publish; the trainee sees its result and why not', async () => {
  const page = await signedIn('staff');
  await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  await accessible(page, 'round, staff');
  for (const step of ['lock', 'run', 'publish']) {
    if (step === 'run') {
      await Promise.all([page.waitForNavigation(), page.click(`form[action$="/${step}"] button`)]);
    } else {
      // Locking and publishing cannot be undone: the page asks first, in its dialog.
      await page.click(`form[action$="/${step}"] button`);
      await page.waitForSelector('dialog.confirm-dialog[open]');
      await Promise.all([page.waitForNavigation(), page.click('dialog.confirm-dialog button[value="yes"]')]);
    }
    assert.ok(await page.$('.flash'), `${step}: a message`);
    if (step !== 'lock') continue;
    // Locked: the what-if, its chart drawn, on a phone's width too.
    await Promise.all([page.waitForNavigation(), page.click('a[href$="/whatif"]')]);
    await page.waitForSelector('.bar-chart svg');
    assert.equal(await page.$$eval('#cutoffs-heading + table tbody tr', (els) => els.length), 4);
    await page.setViewportSize({ width: 390, height: 844 });
    await accessible(page, 'what-if, staff, phone');
    await screenshot(page, 'selection-whatif-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  }
  const hash = await page.textContent('#seed-hash');
  const seed = await page.textContent('#seed');
  assert.equal(hash, createHash('sha256').update(seed).digest('hex'));
  assert.ok(await page.$('a[href$="/lists/matching.csv"]'));
  // The round's figures: two candidates, both matched.
  assert.deepEqual(await page.$$eval('.figures strong', (els) => els.slice(0, 3).map((e) => e.textContent)),
    ['2', '2', '100.0%']);
  // Its chart of the ranks obtained, drawn, each bar to the records.
  await page.waitForSelector('.bar-chart svg');
  const bars = JSON.parse(await page.getAttribute('.bar-chart', 'data-chart')).bars;
  assert.equal(bars.reduce((a, b) => a + b.n, 0), 2);
  assert.ok(bars.every((b) => b.href === `/selection/candidates?round_id=${w.round.id}`));
  await accessible(page, 'round, published');
  await page.close();

  const me = await signedIn('wu');
  await me.goto(srv.url + `/selection/candidates/${w.myCand}`);
  const result = await me.textContent('.result-got');
  const reasons = await me.$$eval('.reasons li', (els) => els.map((e) => e.textContent));
  // 车辆检修岗 (1 seat) tied me with the rival: whoever lost the lottery
  // there is told so; I otherwise get 装配调试岗 (2 seats).
  if (result.includes('车辆检修岗')) {
    assert.deepEqual(reasons, []);
  } else {
    assert.match(result, /装配调试岗/);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /车辆检修岗.*抽签/);
  }
  await accessible(me, 'candidate, result');
  // The offer is accepted from the page.
  await Promise.all([me.waitForNavigation(), me.click('form[action$="/offer/accept"] button')]);
  assert.match(await me.textContent('.result-got + p .tag'), /已接受/);
  await screenshot(me, 'selection-trainee-result');
  await me.close();
});

test('staff open the second round on the published round\'s page', async () => {
  const page = await signedIn('staff');
  await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  await page.fill('#second-name', '2026年结业双向选择（第二轮）');
  await page.fill('#second-lock', '2099-07-25T10:00');
  await page.fill('#second-publish', '2099-07-26');
  await page.fill('#second-deadline', '2099-07-31');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/second"] button')]);
  assert.match(page.url(), /\/selection\/rounds\/\d+$/);
  const second = Number(page.url().split('/').pop());
  assert.notEqual(second, w.round.id);
  const res = await fetch(srv.url + `/api/v1/selection/rounds/${second}`, { headers: admin });
  const rec = await res.json();
  assert.deepEqual([rec.parent_id, rec.status, rec.lock_at], [w.round.id, 'open', '2099-07-25T02:00:00Z']);
  await accessible(page, 'second round, staff');
  await page.goto(srv.url + `/selection/rounds/${w.round.id}`);
  assert.ok(await page.$(`a[href="/selection/rounds/${second}"]`), 'the first round links to its second');
  assert.equal(await page.$('form[action$="/second"]'), null);
  await page.close();
});

test('retention: the hires behind it, a departure recorded on the page', async () => {
  const page = await signedIn('staff', { width: 390, height: 844 });
  await page.goto(srv.url + '/selection/retention');
  await accessible(page, 'retention, staff, phone');
  await Promise.all([page.waitForNavigation(), page.click('.figures a')]);
  assert.match(page.url(), /\/selection\/retention\/hires\?as_of=/);
  const rows = await page.$$('tbody tr form[action$="/leave"]');
  assert.equal(rows.length, 1, 'the one hire, still employed');
  await accessible(page, 'hires, staff, phone');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  await page.fill('form[action$="/leave"] input[type=date]', today);
  await page.selectOption('form[action$="/leave"] select', 'contract_ended');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/leave"] button')]);
  assert.match(page.url(), /\/selection\/retention\/hires\?as_of=/);
  assert.equal((await page.$$('form[action$="/leave"]')).length, 0);
  assert.match(await page.textContent('tbody'), /合同期满/);
  await page.close();
});

test('staff create a round scoped to cohorts on its form, the cohorts picked by name with the keyboard', async () => {
  const centre = await post('/api/v1/training/centres', { name: '智能制造实训中心', capacity: 60 });
  const prog = await post('/api/v1/training/programmes', { kind: 'pre_job', name: '智能制造岗前培训',
    occupation: '智能制造工程技术人员', firm_org_id: w.firmB.id });
  const teacher = await post('/api/v1/people', { name: '钱老师' });
  const cohort = await post('/api/v1/training/cohorts', { programme_id: prog.id, centre_id: centre.id,
    name: '智能制造一班', capacity: 30, starts_on: '2026-03-02', ends_on: '2026-07-10', teacher_person_id: teacher.id });
  const page = await signedIn('staff', { width: 390, height: 844 });
  await page.goto(srv.url + '/selection/rounds/new');
  await accessible(page, 'round form, staff, phone');
  await page.fill('#f-name', '2026年智能制造班双选');
  await page.fill('#f-year', '2026');
  await page.selectOption('#f-scope', 'cohorts');
  await page.fill('#f-opens_on', '2026-06-01');
  await page.fill('#f-lock_at', '2099-07-01T10:00');
  await page.fill('#f-publish_on', '2099-07-02');
  await page.fill('#f-offer_deadline', '2099-07-20');
  await page.focus('#f-cohort_1');
  await page.keyboard.type('智能');
  await page.waitForSelector('#f-cohort_1[aria-expanded="true"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#f-cohort_1'), '智能制造一班');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(page.url(), /\/selection\/rounds\/\d+$/);
  const id = Number(page.url().split('/').pop());
  const res = await fetch(srv.url + `/api/v1/selection/rounds/${id}/cohorts`, { headers: admin });
  assert.deepEqual((await res.json()).items.map((c) => c.id), [cohort.id]);
  assert.match(await page.textContent('main'), /智能制造岗前培训 · 智能制造一班/);
  await accessible(page, 'round scoped to cohorts, staff, phone');
  await page.close();
});

// A valid unified social credit code for the 17 characters given.
function creditCode(first17) {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0, wt = 1;
  for (const ch of first17) { sum += A.indexOf(ch) * wt; wt = (wt * 3) % 31; }
  return first17 + A[(31 - (sum % 31)) % 31];
}

test('staff import a regional fair\'s lists on a phone: a refused row in Chinese, then a good import', async () => {
  const round = await post('/api/v1/selection/rounds', { name: '吉林省区域双选会', year: 2026, scope: 'region',
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  const firms = [creditCode('91220113MA17R0001'), creditCode('91220113MA17R0002')];
  for (const [i, code] of firms.entries())
    await post('/api/v1/orgs', { kind: 'enterprise', name: `区域示例企业${i + 1}`, credit_code: code });
  const people = ['13900000101', '13900000102', '13900000103'];
  for (const [i, mobile] of people.entries()) await post('/api/v1/people', { name: `区域学员${i + 1}`, mobile });
  const file = (name, lines) => {
    const f = path.join(dir, name);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  };
  const positions = file('positions.csv', ['position,capacity', `${firms[0]},1`, `${firms[1]},2`]);
  const choices = file('candidate_prefs.csv', ['candidate,position,rank', `${people[0]},${firms[0]},1`,
    `${people[0]},${firms[1]},2`, `${people[1]},${firms[0]},1`, `${people[2]},${firms[1]},1`]);
  const good = ['position,candidate,rank', `${firms[0]},${people[0]},1`, `${firms[0]},${people[1]},1`,
    `${firms[1]},${people[2]},1`, `${firms[1]},${people[0]},2`];
  // Line 3 of the firms' rankings names a mobile number nobody has.
  const bad = file('bad-position_prefs.csv', good.map((l, i) => (i === 2 ? `${firms[0]},13900000999,1` : l)));
  const rankings = file('position_prefs.csv', good);

  const page = await signedIn('staff', { width: 390, height: 844 });
  await page.goto(srv.url + `/selection/rounds/${round.id}`);
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/selection/rounds/${round.id}/import"]`)]);
  await accessible(page, 'fair import, staff, phone');
  const upload = async (files, button) => {
    await page.setInputFiles('#fair-positions', files[0]);
    await page.setInputFiles('#fair-candidate_prefs', files[1]);
    await page.setInputFiles('#fair-position_prefs', files[2]);
    await Promise.all([page.waitForNavigation(), page.click(`button[value=${button}]`)]);
  };
  await upload([positions, choices, bad], 'all_or_nothing');
  const rows = await page.$$eval('#import-rows tbody tr', (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(rows, [['企业排序（position_prefs.csv）', '3', '学员（手机号）', '没有使用该手机号的人员']]);
  assert.match(await page.textContent('#import-verdict'), /未写入任何数据/);
  let res = await fetch(srv.url + `/api/v1/selection/positions?round_id=${round.id}`, { headers: admin });
  assert.equal((await res.json()).items.length, 0, 'nothing written');
  await accessible(page, 'fair import refused, staff, phone');
  await screenshot(page, 'selection-fair-refused-phone');

  await upload([positions, choices, rankings], 'all_or_nothing');
  assert.equal(new URL(page.url()).pathname, `/selection/rounds/${round.id}`);
  assert.equal(await page.textContent('.flash'),
    '已向双选轮次「吉林省区域双选会」导入 2 个岗位、3 名学员、4 条学员志愿和 4 条企业排序。');
  res = await fetch(srv.url + `/api/v1/selection/positions?round_id=${round.id}`, { headers: admin });
  assert.equal((await res.json()).items.length, 2);
  await accessible(page, 'regional round imported, staff, phone');
  await page.close();
});

test('every selection page visited is valid HTML (W3C Nu checker)', async () => {
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
  assert.ok(files.length >= 5);
  assert.deepEqual(errors, []);
});
