// Privacy by role and certificates people can check (issue 16, items 3
// and 5), on the demo park: staff read mobiles whole, anyone else masked
// (138****1111) in lists, details, exports and the API, and sees only the
// organisations its work involves; a completion certificate's number is
// its issuing body's and year's next, never an id, and /verify takes it.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api;
const tokens = {};
const rows = (sql) => dbRows(db.url, sql);
const as = (who, body) => ({ headers: { authorization: 'Bearer ' + tokens[who] }, body });
const MASKED = /^1[3-9][0-9]\*{4}[0-9]{4}$/;
const WHOLE = /^1[3-9][0-9]{9}$/;

// A firm with a contact's mobile, and a trainee tied to one organisation.
let firm, trainee;

async function account(name, roles, extra = []) {
  let res = await runCli(['user', 'add', name, ...roles.flatMap((r) => ['--role', r]), ...extra,
    '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(res.status, 0, res.stderr);
  tokens[name] = res.stdout.trim();
}

before(async () => {
  db = freshDatabase();
  const res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  [firm] = rows(`SELECT id, name, contact_phone FROM org WHERE kind = 'startup' AND contact_phone <> ''
    ORDER BY id LIMIT 1`);
  [trainee] = rows(`SELECT person_id AS id, min(org_id) AS org_id, count(*) AS n FROM affiliation
    WHERE role = 'trainee' AND archived_at IS NULL GROUP BY person_id ORDER BY person_id LIMIT 1`);
  await account('staff', ['admin']);
  await account('firm', ['enterprise'], ['--org', String(firm.id)]);
  await account('learner', ['trainee'], ['--person', String(trainee.id)]);
  await account('watcher', ['viewer']);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

test('staff read mobiles whole in the API, the list page and the export', async () => {
  const people = await api.request('GET', '/api/v1/people?limit=5', as('staff'));
  assert.equal(people.status, 200, people.text);
  assert.equal(people.json.items.length, 5);
  assert.ok(people.json.items.every((p) => WHOLE.test(p.mobile)), JSON.stringify(people.json.items[0]));
  const org = await api.request('GET', `/api/v1/orgs/${firm.id}`, as('staff'));
  assert.equal(org.json.contact_phone, firm.contact_phone);
  const orgs = await api.request('GET', '/api/v1/orgs?limit=200', as('staff'));
  assert.equal(orgs.json.total, Number(rows('SELECT count(*) AS n FROM org WHERE archived_at IS NULL')[0].n));
  const csv = await (await fetch(`${srv.url}/orgs/export?format=csv&q=${encodeURIComponent(firm.name)}`,
    as('staff'))).text();
  assert.ok(csv.includes(firm.contact_phone), 'the export holds the whole number');
});

test('an enterprise sees its own organisation only, its contact\'s mobile masked', async () => {
  const list = await api.request('GET', '/api/v1/orgs?limit=200', as('firm'));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((o) => o.id), [firm.id]);
  assert.equal(list.json.total, 1);
  const masked = list.json.items[0].contact_phone;
  assert.match(masked, MASKED);
  assert.equal(masked, firm.contact_phone.slice(0, 3) + '****' + firm.contact_phone.slice(-4));
  assert.equal((await api.request('GET', `/api/v1/orgs/${firm.id}`, as('firm'))).json.contact_phone, masked);
  // Nor the order of what is masked: a sort by it is refused, staff's passes.
  const sorted = await api.request('GET', '/api/v1/orgs?sort=contact_phone', as('firm'));
  assert.equal(sorted.status, 400);
  assert.equal(sorted.json.error.field, 'sort');
  assert.equal((await api.request('GET', '/api/v1/orgs?sort=contact_phone&limit=1', as('staff'))).status, 200);
  // Anyone else's is not found, on the API and the pages, and the picker
  // offers only its own.
  const [other] = rows(`SELECT id FROM org WHERE id <> ${firm.id} ORDER BY id LIMIT 1`);
  assert.equal((await api.request('GET', `/api/v1/orgs/${other.id}`, as('firm'))).status, 404);
  assert.equal((await fetch(`${srv.url}/orgs/${other.id}`, as('firm'))).status, 404);
  const pick = await api.request('GET', '/api/v1/pick/org?q=', as('firm'));
  assert.deepEqual(pick.json.items.map((o) => o.id), [firm.id]);
  // People are not its to browse at all.
  assert.equal((await api.request('GET', '/api/v1/people', as('firm'))).status, 403);
  // The page and both exports say the same.
  const page = await (await fetch(`${srv.url}/orgs/${firm.id}`, as('firm'))).text();
  assert.ok(page.includes(masked) && !page.includes(firm.contact_phone), 'the detail page masks it');
  const csv = await (await fetch(`${srv.url}/orgs/export?format=csv`, as('firm'))).text();
  assert.equal(csv.trim().split('\n').length, 2, 'a header and its own row');
  assert.ok(csv.includes(masked) && !csv.includes(firm.contact_phone));
  const xlsx = await fetch(`${srv.url}/orgs/export?format=xlsx`, as('firm'));
  assert.equal(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()));
  const cells = [];
  book.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
  assert.ok(cells.includes(masked) && !cells.includes(firm.contact_phone), cells.join(' '));
});

test('a trainee sees the organisations it belongs to; a viewer none', async () => {
  const list = await api.request('GET', '/api/v1/orgs?limit=200', as('learner'));
  assert.equal(list.status, 200, list.text);
  const mine = rows(`SELECT DISTINCT a.org_id AS id FROM affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.person_id = ${trainee.id} AND a.archived_at IS NULL AND o.archived_at IS NULL ORDER BY 1`)
    .map((o) => Number(o.id));
  assert.ok(mine.length > 0);
  assert.deepEqual(list.json.items.map((o) => o.id).sort((a, b) => a - b), mine);
  assert.ok(list.json.items.every((o) => !o.contact_phone || MASKED.test(o.contact_phone)));
  const none = await api.request('GET', '/api/v1/orgs', as('watcher'));
  assert.equal(none.status, 200);
  assert.deepEqual([none.json.total, none.json.items], [0, []]);
  assert.equal((await api.request('GET', '/api/v1/people', as('learner'))).status, 403);
});

test('a reviewer reads an application\'s contact telephone masked, in the API and on the page', async () => {
  await account('judge', ['expert']);
  const [app] = rows(`SELECT id, round_id FROM inc_application WHERE round_id IS NOT NULL ORDER BY id LIMIT 1`);
  const judge = Number(rows(`SELECT id FROM account WHERE name = 'judge'`)[0].id);
  for (const sql of [`UPDATE inc_application SET contact_phone = '13812341111' WHERE id = ${app.id}`,
    `INSERT INTO inc_reviewer (round_id, account_id, created_at) VALUES (${app.round_id}, ${judge}, '2019-11-01T00:00:00Z')`]) {
    const done = dbTryExec(db.url, sql);
    assert.ok(done.ok, done.error);
  }
  const res = await api.request('GET', `/api/v1/incubation/applications/${app.id}`, as('judge'));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.contact_phone, '138****1111');
  const page = await fetch(`${srv.url}/incubation/applications/${app.id}`, as('judge'));
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(!html.includes('13812341111'), 'the page never shows it whole');
  const staff = await api.request('GET', `/api/v1/incubation/applications/${app.id}`, as('staff'));
  assert.equal(staff.json.contact_phone, '13812341111');
});

// ---- certificates --------------------------------------------------------

// Enrolments of one centre that may complete on 2019-11-18 once the
// completion rules ask for nothing (settings), each completed through the
// API: their certificates are numbered in that centre's word and 2019.
async function completed(n) {
  for (const [key, value] of [['training.assessments_required', 'false'], ['training.min_attendance_pct', '0']]) {
    const res = await api.request('PUT', `/api/v1/settings/${key}`, as('staff', { value }));
    assert.equal(res.status, 200, res.text);
  }
  const [{ centre }] = rows(`SELECT min(c.centre_id) AS centre FROM training_enrolment e
    JOIN training_cohort c ON c.id = e.cohort_id WHERE e.status = 'enrolled' AND c.starts_on <= '2019-11-18'`);
  const ids = rows(`SELECT e.id FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id
    WHERE e.status = 'enrolled' AND c.centre_id = ${centre} AND c.starts_on <= '2019-11-18'
    AND e.enrolled_on <= '2019-11-18' ORDER BY e.id LIMIT ${n}`).map((e) => e.id);
  assert.equal(ids.length, n);
  for (const id of ids) {
    const res = await api.request('POST', `/api/v1/training/enrolments/${id}/complete`, as('staff', { on_date: '2019-11-18' }));
    assert.equal(res.status, 200, res.text);
  }
  return ids;
}

const NUMBER = /^(.+)〔(\d{4})〕第(\d{4,})号$/;

test('a certificate\'s number is its body\'s and year\'s next; /verify takes it as people type it', async () => {
  // The demo's certificates got theirs from the migration and the loader.
  const [demo] = rows(`SELECT count(*) AS n, count(DISTINCT number) AS distinct_numbers FROM training_certificate`);
  assert.ok(Number(demo.n) > 1000);
  assert.equal(Number(demo.distinct_numbers), Number(demo.n));
  const [two, three] = await completed(2);
  const a = await api.request('POST', `/api/v1/training/enrolments/${two}/certificate`, as('staff', {}));
  const b = await api.request('POST', `/api/v1/training/enrolments/${three}/certificate`, as('staff', {}));
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const [, word, year, seq] = a.json.number.match(NUMBER);
  assert.equal(year, '2019');
  assert.equal(b.json.number, `${word}〔2019〕第${String(Number(seq) + 1).padStart(4, '0')}号`);
  assert.notEqual(Number(seq), a.json.id, 'never the database id');
  const [counter] = rows(`SELECT last FROM training_cert_counter WHERE word = '${word}' AND year = 2019`);
  assert.equal(Number(counter.last), Number(seq) + 1);
  // The number as printed, with ASCII brackets and spaces, with the
  // holder's name as printed beside it, by form or path.
  const [{ name }] = rows(`SELECT p.name FROM training_certificate t JOIN person p ON p.id = t.person_id
    WHERE t.id = ${a.json.id}`);
  const verify = (code, who) => fetch(`${srv.url}/verify?code=${encodeURIComponent(code)}` +
    (who === undefined ? '' : `&name=${encodeURIComponent(who)}`));
  for (const typed of [a.json.number, ` ${word}[2019]第${seq}号 `, `${word}（2019）第${seq}号`]) {
    const res = await verify(typed, ` ${name} `);
    assert.equal(res.status, 200, typed);
    const html = await res.text();
    assert.ok(html.includes(a.json.number) && html.includes('真实有效'), typed);
  }
  assert.equal((await fetch(`${srv.url}/verify/${encodeURIComponent(a.json.number)}?name=${encodeURIComponent(name)}`)).status, 200);
  // A number alone, or with another name, tells nothing: numbers are
  // sequential, and nobody lists the holders by counting them.
  for (const who of [undefined, '', '张三'])
    assert.equal((await verify(a.json.number, who)).status, 404, String(who));
  const unknown = await verify(`${word}〔2019〕第9999号`, name);
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /查无此证/);
  // Without a code: the form, nothing else.
  const form = await fetch(`${srv.url}/verify`);
  assert.equal(form.status, 200);
  const html = await form.text();
  assert.match(html, /<form method="get" action="\/verify"/);
  assert.doesNotMatch(html, /查无此证|真实有效/);
});

test('a certificate word with a space or a bracket is refused: its numbers could never be verified', async () => {
  const [centre] = rows('SELECT id, cert_word FROM training_centre ORDER BY id LIMIT 1');
  for (const word of ['匠谷 结字', '匠谷〔结〕字', '匠谷(结)字']) {
    const res = await api.request('PATCH', `/api/v1/training/centres/${centre.id}`, as('staff', { cert_word: word }));
    assert.equal(res.status, 400, word);
    assert.equal(res.json.error.field, 'cert_word');
  }
  assert.equal(rows(`SELECT cert_word FROM training_centre WHERE id = ${centre.id}`)[0].cert_word, centre.cert_word);
  const ok = await api.request('PATCH', `/api/v1/training/centres/${centre.id}`, as('staff', { cert_word: '匠谷培字' }));
  assert.equal(ok.status, 200, ok.text);
  await api.request('PATCH', `/api/v1/training/centres/${centre.id}`, as('staff', { cert_word: centre.cert_word }));
});

test('certificates issued at once never share a number', async () => {
  const ids = await completed(12);
  const before = Number(rows('SELECT count(*) AS n FROM training_certificate')[0].n);
  const answers = await Promise.all(ids.map((id) =>
    api.request('POST', `/api/v1/training/enrolments/${id}/certificate`, as('staff', {}))));
  for (const res of answers) assert.equal(res.status, 201, res.text);
  const seqs = answers.map((res) => Number(res.json.number.match(NUMBER)[3])).sort((x, y) => x - y);
  assert.equal(new Set(seqs).size, ids.length, seqs.join(' '));
  assert.equal(seqs.at(-1) - seqs[0], ids.length - 1, 'one after the other, no gap');
  assert.equal(Number(rows('SELECT count(*) AS n FROM training_certificate')[0].n), before + ids.length);
});

test('the public base URL is a setting checked as it is typed', async () => {
  for (const bad of ['park.example.cn', 'https://', 'https://park.example.cn/', 'https://park.example.cn/a?b=1']) {
    const res = await api.request('PUT', '/api/v1/settings/site.public_base_url', as('staff', { value: bad }));
    assert.equal(res.status, 400, bad);
  }
  const res = await api.request('PUT', '/api/v1/settings/site.public_base_url',
    as('staff', { value: 'https://park.example.cn/jianggu' }));
  assert.equal(res.status, 200, res.text);
  const [cert] = rows('SELECT id, code FROM training_certificate ORDER BY id LIMIT 1');
  const html = await (await fetch(`${srv.url}/training/certificates/${cert.id}/print`, as('staff'))).text();
  assert.ok(html.includes(`查验网址：https://park.example.cn/jianggu/verify/${cert.code}`));
  assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="qr"/);
  const reset = await api.request('PUT', '/api/v1/settings/site.public_base_url', as('staff', { value: '' }));
  assert.equal(reset.status, 200, reset.text);
});
