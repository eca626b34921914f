// An application walked through the incubator as people do it, in the
// browser: a student team applies on the public form (which makes its
// account), staff open a review round, score it, close the round and admit
// it (and give the team's account the startup); staff set up a building, a unit and a lease for the new startup (an
// overlapping second lease is refused beside its field), a monthly report
// template and period; the startup drafts its first monthly report (a
// student count above the employees is refused beside its field), submits
// it, and staff accept it. Pages along the way are checked with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDatabase, runCli, dbRows } from '../lib/server.mjs';
import { launchBrowser, newPage, screenshot, a11yViolations } from '../lib/browser.mjs';

let srv, browser, db;

before(async () => {
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'zhaolei', '--role', 'admin', '--display-name', '赵磊',
    '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(made.status, 0, made.stderr);
  srv = await startServer({ db: db.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  db?.dispose();
});

async function signIn(name, password) {
  const page = await newPage(browser);
  await page.goto(srv.url + '/login');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
  return page;
}

// Submit the form holding `selector` and wait for the next page.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// An irreversible step asks in the page's dialog (static/app.js): click
// the form's button, then the dialog's confirmation.
async function confirmed(page, selector) {
  await page.click(selector);
  await page.waitForSelector('dialog.confirm-dialog[open]');
  await Promise.all([page.waitForNavigation(), page.click('dialog.confirm-dialog button[value="yes"]')]);
}

const id = (page) => Number(new URL(page.url()).pathname.split('/').pop());

test('from the public form through review and admission to a lease and a first monthly report', async () => {
  // 1. A student team applies, signed out; the form makes its account.
  const visitor = await newPage(browser);
  await visitor.goto(srv.url + '/apply');
  assert.deepEqual(await a11yViolations(visitor), [], 'the application form');
  await visitor.selectOption('#kind', 'team');
  await visitor.fill('#project', '翼联无人机测绘');
  await visitor.selectOption('#field', 'drones');
  await visitor.fill('#summary', '面向农田与林区的无人机测绘服务');
  await visitor.fill('#supervisor_name', '李明');
  await visitor.fill('#supervisor_school', '长春理工大学');
  await visitor.fill('#contact_name', '王小雨');
  await visitor.fill('#contact_phone', '13900001111');
  await visitor.fill('input[name=member1_name]', '王小雨');
  await visitor.fill('input[name=member1_school]', '长春理工大学');
  await visitor.fill('input[name=member1_major]', '测绘工程');
  await visitor.fill('input[name=member1_year]', '2017');
  await visitor.fill('#account_name', 'yilian');
  await visitor.fill('#password', 'Yilian-2019');
  await submit(visitor, 'button[name=action][value=submit]');
  // It is signed in at once, on the application's status page.
  assert.match(new URL(visitor.url()).pathname, /^\/incubation\/applications\/\d+$/);
  const appId = id(visitor);
  assert.match(await visitor.textContent('main h2'), /翼联无人机测绘/);
  await screenshot(visitor, 'incubation-application-status');

  // 2. Staff open a round, review in it, close it and admit the team.
  const staff = await signIn('zhaolei', 'Jianggu2019');
  await staff.goto(srv.url + '/incubation/review/new');
  await staff.fill('#f-name', '2026年度第一批入孵评审');
  await staff.fill('#f-opens_on', '2026-01-01');
  await staff.fill('#f-closes_on', '2026-12-31');
  await submit(staff, 'form[action="/incubation/review"] button.primary');
  const roundId = Number(dbRows(db.url, `SELECT id FROM inc_round WHERE name = '2026年度第一批入孵评审'`)[0].id);
  await staff.goto(srv.url + `/incubation/applications/${appId}`);
  await staff.selectOption('#round_id', String(roundId));
  await submit(staff, `form[action="/incubation/applications/${appId}/round"] button`);
  await staff.goto(srv.url + `/incubation/review/${roundId}`);
  await staff.fill('#account_name', 'zhaolei');
  await submit(staff, `form[action="/incubation/review/${roundId}/reviewers"] button`);
  await staff.goto(srv.url + `/incubation/review/${roundId}`);
  const scoreForm = `form[action="/incubation/review/${roundId}/score/${appId}"]`;
  for (const input of await staff.$$(`${scoreForm} input[name^="c:"]`)) await input.fill('85');
  await staff.fill(`${scoreForm} input[name=comment]`, '团队扎实，市场明确');
  await submit(staff, `${scoreForm} button.primary`);
  await staff.goto(srv.url + `/incubation/review/${roundId}`);
  await confirmed(staff, `form[action="/incubation/review/${roundId}/close"] button`);
  await staff.goto(srv.url + `/incubation/applications/${appId}`);
  await staff.selectOption('#decision', 'admit');
  await staff.fill('#reason', '评审通过，准予入孵');
  await staff.fill('#admitted_on', '2026-03-01');
  await staff.fill('#agreement_from', '2026-03-01');
  await staff.fill('#agreement_to', '2028-02-29');
  await confirmed(staff, `form[action="/incubation/applications/${appId}/decision"] button.primary`);
  const orgId = Number(dbRows(db.url, `SELECT org_id FROM inc_application WHERE id = ${appId}`)[0].org_id);
  assert.ok(orgId > 0, 'the admitted team has its startup organisation');
  assert.equal(dbRows(db.url, `SELECT COUNT(*) AS n FROM incubation WHERE org_id = ${orgId}`)[0].n, 1);
  const orgName = dbRows(db.url, `SELECT name FROM org WHERE id = ${orgId}`)[0].name;

  // 3. Staff set up the space and lease a 40 m² office to the startup.
  await staff.goto(srv.url + '/incubation/buildings/new');
  await staff.fill('#f-name', '创业园1号楼');
  await staff.fill('#f-opened_on', '2014-01-01');
  await submit(staff, 'form button.primary');
  await staff.goto(srv.url + '/incubation/floors/new');
  await staff.fill('#f-building_id', '创业园1号楼');
  await staff.fill('#f-level', '3');
  await submit(staff, 'form button.primary');
  await staff.goto(srv.url + '/incubation/units/new');
  await staff.fill('#f-floor_id', '创业园1号楼 3F');
  await staff.fill('#f-code', '301');
  await staff.selectOption('#f-kind', 'office');
  await staff.fill('#f-area', '40');
  await submit(staff, 'form button.primary');
  const unitId = id(staff);
  const lease = async (from, to) => {
    // The unit's page links to a lease form that names the unit already.
    await staff.goto(srv.url + `/incubation/units/${unitId}`);
    await submit(staff, `a[href="/incubation/leases/new?unit_id=${unitId}"]`);
    assert.equal(await staff.inputValue('#f-unit_id'), '创业园1号楼 301');
    await staff.fill('#f-org_id', orgName);
    await staff.fill('#f-starts_on', from);
    await staff.fill('#f-ends_on', to);
    await staff.fill('#f-rent_per_m2_fen', '20');
    await staff.fill('#f-deposit_fen', '1,600');
    await submit(staff, 'form button.primary');
  };
  await lease('2026-03-01', '2027-02-28');
  assert.match(new URL(staff.url()).pathname, /^\/incubation\/leases\/\d+$/);
  // Typed in yuan and ㎡ (pickers by name), kept in fen and 0.01 m².
  assert.deepEqual(dbRows(db.url, `SELECT org_id, rent_per_m2_fen, deposit_fen FROM lease WHERE unit_id = ${unitId}`)
    .map((x) => [Number(x.org_id), Number(x.rent_per_m2_fen), Number(x.deposit_fen)]), [[orgId, 2000, 160000]]);
  assert.equal(Number(dbRows(db.url, `SELECT area FROM unit WHERE id = ${unitId}`)[0].area), 4000);
  // The message says what was done: the tenant, the unit, the dates.
  assert.match(await staff.textContent('.flash-success'), /^已为 .+ 新增租约 .+ 301，2026-03-01 至 2027-02-28。$/);
  // The same unit for overlapping days: refused beside the unit, nothing saved.
  await lease('2027-01-01', '2027-12-31');
  assert.match(await staff.textContent('#f-unit_id-error'), /2026-03-01/);
  assert.deepEqual(await a11yViolations(staff), [], 'the lease form with an error');
  assert.equal(dbRows(db.url, `SELECT COUNT(*) AS n FROM lease WHERE unit_id = ${unitId}`)[0].n, 1);
  staff.problems.length = 0; // the 409 of that form is the point
  await staff.goto(srv.url + `/incubation/startups/${orgId}/area`);
  assert.match(await staff.textContent('main'), /40\.00/);
  assert.deepEqual(await a11yViolations(staff), [], 'the area chart');
  await screenshot(staff, 'incubation-area');

  // 4. A monthly report template and its first period.
  await staff.goto(srv.url + '/incubation/report-templates/new');
  await staff.fill('#f-name', '企业月报');
  await staff.selectOption('#f-kind', 'monthly');
  await staff.fill('#f-fields', 'employees,student_employees,graduate_employees,student_founders,revenue_fen');
  await staff.fill('#f-due_days', '10');
  await submit(staff, 'form button.primary');
  await staff.goto(srv.url + '/incubation/report-periods/new');
  await staff.fill('#f-template_id', '企业月报');
  await staff.fill('#f-starts_on', '2026-03-01');
  await staff.fill('#f-ends_on', '2026-03-31');
  await staff.fill('#f-due_on', '2026-04-10');
  await submit(staff, 'form button.primary');
  const periodId = id(staff);

  // 5. The admission made the team's account the startup's enterprise
  // account (in the decision's transaction), and the startup drafts its
  // first report.
  const [acct] = dbRows(db.url, `SELECT id, org_id FROM account WHERE name = 'yilian'`);
  assert.equal(Number(acct.org_id), orgId);
  const roles = dbRows(db.url, `SELECT role FROM account_role WHERE account_id = ${acct.id}`).map((x) => x.role).sort();
  assert.deepEqual(roles, ['enterprise']);
  await visitor.goto(srv.url + `/incubation/reports/new?period_id=${periodId}`);
  assert.deepEqual(await a11yViolations(visitor), [], 'the report form');
  await visitor.fill('#f-employees', '6');
  await visitor.fill('#f-student_employees', '7');
  await visitor.fill('#f-graduate_employees', '0');
  await visitor.fill('#f-student_founders', '3');
  await visitor.fill('#f-revenue_fen', '15000');
  await submit(visitor, 'form button.primary');
  assert.match(await visitor.textContent('#f-student_employees-error'), /在校大学生.*不能多于从业人数/);
  assert.equal(dbRows(db.url, 'SELECT COUNT(*) AS n FROM inc_report')[0].n, 0);
  visitor.problems.length = 0; // the 400 of that form is the point
  await visitor.selectOption('#f-period_id', String(periodId));
  await visitor.fill('#f-student_employees', '4');
  await visitor.fill('#f-graduate_employees', '2');
  await submit(visitor, 'form button.primary');
  assert.match(new URL(visitor.url()).pathname, /^\/incubation\/reports\/\d+$/);
  const reportId = id(visitor);
  await submit(visitor, `form[action="/incubation/reports/${reportId}/submit"] button`);
  assert.match(await visitor.textContent('main h2'), /已提交/);
  // The startup has no way to accept its own report.
  assert.equal(await visitor.$(`form[action="/incubation/reports/${reportId}/accept"]`), null);

  // 6. Staff accept it.
  await staff.goto(srv.url + `/incubation/reports/${reportId}`);
  assert.deepEqual(await a11yViolations(staff), [], 'the report under review');
  await staff.fill('#accept-comment', '数据齐全');
  await submit(staff, `form[action="/incubation/reports/${reportId}/accept"] button`);
  assert.match(await staff.textContent('main h2'), /已通过/);
  await screenshot(staff, 'incubation-report-accepted');
  const row = dbRows(db.url, `SELECT status, org_id FROM inc_report WHERE id = ${reportId}`)[0];
  assert.equal(row.status, 'accepted');
  assert.equal(Number(row.org_id), orgId);
  assert.deepEqual(visitor.problems, []);
  assert.deepEqual(staff.problems, []);
});
