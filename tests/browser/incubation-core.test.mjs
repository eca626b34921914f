// The incubator as its people use it in a browser, on the demo park: a
// student team applies through the public form without an account; staff
// read the figures and their trend chart, find the startups that need
// attention, review the team in a round and admit it; then graduate a
// startup from its page (an exit without a reason is refused in place
// first). Every page visited is checked for accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli, dbRows, loadDemo } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'zhaolei', '--role', 'admin', '--display-name', '赵磊',
    '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(page, name, password, { go = true } = {}) {
  if (go) await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
}

async function checked(page, what) {
  assert.deepEqual(await a11yViolations(page), [], `accessibility: ${what}`);
}


// An irreversible step asks in the page's dialog (static/app.js): click
// the form's button, then the dialog's confirmation.
async function confirmed(page, selector) {
  await page.click(selector);
  await page.waitForSelector('dialog.confirm-dialog[open]');
  await Promise.all([page.waitForNavigation(), page.click('dialog.confirm-dialog button[value="yes"]')]);
}

test('a team applies, staff review and admit it, and graduate a startup', async () => {
  // The public form, signed out.
  const team = await newPage(browser);
  await team.goto(srv.url + '/apply');
  await checked(team, 'the application form');
  await team.selectOption('#kind', 'team');
  await team.fill('#project', '光学镜片智能检测');
  await team.selectOption('#field', 'optoelectronics');
  await team.fill('#summary', '用机器视觉检测光学镜片的表面缺陷。');
  await team.fill('[name=member1_name]', '王宇');
  await team.fill('[name=member1_school]', '长春理工大学');
  await team.fill('[name=member1_major]', '光电信息科学与工程');
  await team.fill('[name=member1_year]', '2017');
  await team.fill('#account_name', 'wangyu');
  await team.fill('#password', 'Wangyu-2019x');
  await Promise.all([team.waitForNavigation(), team.click('button[value=submit]')]);
  // Signed in at once, on the application's page.
  assert.match(new URL(team.url()).pathname, /^\/incubation\/applications\/\d+$/);
  assert.match(await team.textContent('.flash'), /已提交/);
  assert.match(await team.textContent('main h2'), /已提交/);
  await checked(team, 'the status page');
  const appId = new URL(team.url()).pathname.split('/').pop();

  // Staff: the figures, with the chart drawn from the same numbers.
  const staff = await newPage(browser);
  await signIn(staff, 'zhaolei', 'Jianggu2019');
  await staff.goto(srv.url + '/incubation?as_of=2019-11-18');
  const figures = await staff.$$eval('.figures strong', (els) => els.map((e) => e.textContent));
  assert.deepEqual(figures.slice(0, 4), ['62', '25', '0', '37']);
  // A large figure as cards show it: in 亿元 with two decimals.
  assert.equal(figures[6], '3.00 亿元', 'the output value of the seed article');
  await staff.waitForSelector('#inc-chart svg');
  await checked(staff, 'the figures');
  await screenshot(staff, 'incubation-figures');
  await staff.click('text=需关注的在孵企业');
  assert.equal(await staff.locator('tbody tr').count(), 3);
  await checked(staff, 'the attention list');

  // A round, the staff member as its reviewer, the team's application in it.
  await staff.goto(srv.url + '/incubation/review/new');
  await staff.fill('#f-name', '2026年第一批入孵评审');
  await staff.fill('#f-opens_on', '2026-01-01');
  await staff.fill('#f-closes_on', '2026-12-31');
  await Promise.all([staff.waitForNavigation(), staff.click('form button.primary')]);
  const roundPath = new URL(staff.url()).pathname;
  await staff.fill('#account_name', 'zhaolei');
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/reviewers"] button')]);
  await staff.goto(srv.url + `/incubation/applications/${appId}`);
  await staff.selectOption('#round_id', { label: '2026年第一批入孵评审' });
  await Promise.all([staff.waitForNavigation(), staff.click('form[action$="/round"] button')]);
  await staff.goto(srv.url + roundPath);
  for (const input of await staff.$$('input[name^="c:"]')) await input.fill('85');
  await Promise.all([staff.waitForNavigation(), staff.click('form[action*="/score/"] button')]);
  await checked(staff, 'the round with a score');
  await confirmed(staff, 'form[action$="/close"] button');
  assert.match(await staff.textContent('main'), /85/);

  // Admit: the team's startup is made and in the park.
  await staff.goto(srv.url + `/incubation/applications/${appId}`);
  await staff.selectOption('#decision', 'admit');
  await staff.fill('#reason', '技术可行，团队完整。');
  await confirmed(staff, 'form[action$="/decision"] button');
  assert.match(await staff.textContent('main h2'), /已入孵/);
  const org = dbRows(db.url, `SELECT org_id FROM inc_application WHERE id = ${appId}`)[0].org_id;
  assert.ok(Number(org) > 0);

  // Graduate a startup of the demo from its page; an exit needs a reason.
  const demo = dbRows(db.url, `SELECT i.org_id FROM incubation i WHERE NOT EXISTS (SELECT 1 FROM
    incubation_event e WHERE e.org_id = i.org_id AND e.kind <> 'admitted') ORDER BY i.org_id LIMIT 1`)[0].org_id;
  await staff.goto(srv.url + `/incubation/startups/${demo}`);
  await staff.selectOption('#kind', 'exited');
  await staff.selectOption('#exit_reason', 'withdrawn');
  await confirmed(staff, 'form[action$="/events"] button');
  assert.match(await staff.textContent('[role=alert]'), /退出须填写说明/);
  await checked(staff, 'the startup page with an error');
  await staff.selectOption('#kind', 'graduated');
  await staff.selectOption('#exit_reason', '');
  await staff.selectOption('#basis', 'high_tech');
  await staff.fill('#reason', '认定为高新技术企业');
  await confirmed(staff, 'form[action$="/events"] button');
  assert.match(await staff.textContent('main'), /毕业出园/);
  await screenshot(staff, 'incubation-graduated');
});

test('each role lands on its workbench, accessible at 1440 and 390 px; a teacher marks a session 全部出勤', async () => {
  const cohort = dbRows(db.url, `SELECT c.id, c.teacher_person_id FROM training_cohort c WHERE EXISTS
    (SELECT 1 FROM training_session s WHERE s.cohort_id = c.id AND s.on_date = '2019-11-15') ORDER BY c.id`)[0];
  const res = await runCli(['user', 'add', 'laoshi', '--role', 'teacher', '--person',
    String(cohort.teacher_person_id), '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  for (const [name, heading] of [['zhaolei', '孵化与空间'], ['laoshi', '我的班级']]) {
    for (const width of [1440, 390]) {
      const page = await newPage(browser, { width, height: 900 });
      await signIn(page, name, 'Jianggu2019');
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.textContent('.topbar .as-of'), '数据截至 2019-11-18');
      assert.ok((await page.locator('main h2').allTextContents()).includes(heading), `${name} sees ${heading}`);
      await checked(page, `${name}'s workbench at ${width} px`);
      await screenshot(page, `workbench-${name}-${width}`);
      if (name === 'laoshi' && width === 390) {
        const form = page.locator('form[action$="/all-present"]').first();
        await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
        assert.equal(new URL(page.url()).pathname, '/');
        assert.match(await page.textContent('.flash-success'), /已将本课次未记考勤的学员记为出勤/);
      }
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  }
});
