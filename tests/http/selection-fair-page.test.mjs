// A regional fair's import page (issue 20): staff post the three CSV
// files of `jianggu match` on the round's form. 检查 (a dry run) shows the
// counts and writes nothing; a file naming a credit code nobody has is
// refused on the page, its row shown with its line, column and reason in
// Chinese, and nothing is written (so is a file in neither UTF-8 nor GBK,
// by its name); a good set imports and goes back to
// the round, whose page says what was imported. The way there is on a
// regional round's page while it is open, disabled with the reason once
// it is locked, and absent from other rounds, whose import page says why
// it has no form (a post there is 409); a file missing is named;
// only staff may use the page (403). Runs on SQLite and on PostgreSQL
// (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';

let db, srv, staff, firm;

const count = (sql) => Number(dbRows(db.url, `SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const mobile = (i) => `137${String(i).padStart(8, '0')}`;
const credit = (j) => `91220200${String(j).padStart(10, '0')}`;

// Three firms and six people holding those codes, with one SQL statement
// each (the import matches codes; what else a record holds is not read).
function seed() {
  const now = "'2026-01-05T00:00:00Z'";
  for (const sql of [
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6) " +
    `INSERT INTO person (name, mobile, created_at, updated_at) SELECT '学员' || i, ` +
    `'137' || substr(CAST(100000000 + i AS TEXT), 2), ${now}, ${now} FROM n`,
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) " +
    "INSERT INTO org (kind, name, credit_code, address, created_at, updated_at) SELECT 'enterprise', " +
    `'长春区域企业' || i, '91220200' || substr(CAST(10000000000 + i AS TEXT), 2), '', ${now}, ${now} FROM n`,
  ]) {
    const r = dbTryExec(db.url, sql);
    assert.ok(r.ok, r.error);
  }
}

// Firms 1-3 with two seats each; people 1-6 each list two firms; each
// firm ranks its applicants with a tie.
const good = {
  positions: `position,capacity\n${[1, 2, 3].map((j) => `${credit(j)},2`).join('\n')}\n`,
  candidate_prefs: 'candidate,position,rank\n' + [1, 2, 3, 4, 5, 6].map((i) =>
    `${mobile(i)},${credit(1 + (i % 3))},1\n${mobile(i)},${credit(1 + ((i + 1) % 3))},2\n`).join(''),
  position_prefs: 'position,candidate,rank\n' + [1, 2, 3].map((j) =>
    [1, 2, 3, 4, 5, 6].filter((i) => 1 + (i % 3) === j || 1 + ((i + 1) % 3) === j)
      .map((i, k) => `${credit(j)},${mobile(i)},${1 + (k >> 1)}\n`).join('')).join(''),
};

async function round(name, scope) {
  const res = await fetch(`${srv.url}/api/v1/selection/rounds`, { method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' },
    body: JSON.stringify({ name, year: 2026, scope, opens_on: '2026-03-01', lock_at: '2099-03-20T00:00:00Z',
      publish_on: '2099-03-25', offer_deadline: '2099-04-10' }) });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text).id;
}

// The form posted as a browser posts it: the three files and the button.
function post(id, files, mode, who = staff) {
  const body = new FormData();
  for (const [name, text] of Object.entries(files))
    body.append(name, new Blob([text], { type: 'text/csv' }), `${name}.csv`);
  if (mode) body.append('mode', mode);
  return fetch(`${srv.url}/selection/rounds/${id}/import`, { method: 'POST', headers: who, body,
    redirect: 'manual' });
}

const written = () => [count('selection_position'), count('selection_candidate'), count('selection_choice'),
  count('selection_ranking'), count("audit_log WHERE action = 'import'")];

// The rows of the page's table of refused lines, as [file, line, column, reason].
const refusedRows = (html) => [...html.matchAll(
  /<tr><td class="wrap">([^<]*)<\/td><td>(\d+)<\/td><td class="wrap">([^<]*)<\/td><td class="wrap">([^<]*)<\/td><\/tr>/g)]
  .map((m) => [m[1], Number(m[2]), m[3], m[4]]);

before(async () => {
  db = freshDatabase();
  const token = async (name, role, extra = []) => {
    const add = await runCli(['user', 'add', name, '--role', role, ...extra, '--db', db.url],
      { input: 'Some-pass-2026\n' });
    assert.equal(add.status, 0, add.stderr);
    const t = await runCli(['user', 'token', name, '--db', db.url]);
    return { authorization: `Bearer ${t.stdout.trim()}` };
  };
  staff = await token('fairstaff', 'admin');
  seed();
  const org = dbRows(db.url, `SELECT id FROM org WHERE credit_code = '${credit(1)}'`)[0].id;
  firm = await token('fairfirm', 'enterprise', ['--org', String(org)]);
  srv = await startServer({ db: db.url });
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('the form checks, refuses a set naming an unknown code row by row, and imports a good set', async () => {
  const id = await round('长春区域双选会', 'region');
  let res = await fetch(`${srv.url}/selection/rounds/${id}`, { headers: staff });
  assert.match(await res.text(), new RegExp(`<a class="button" href="/selection/rounds/${id}/import">导入名单</a>`));
  res = await fetch(`${srv.url}/selection/rounds/${id}/import`, { headers: staff });
  let html = await res.text();
  assert.equal(res.status, 200, html);
  for (const name of ['positions', 'candidate_prefs', 'position_prefs']) {
    assert.match(html, new RegExp(`<input id="fair-${name}" name="${name}" type="file"`));
    assert.match(html, new RegExp(`href="/static/fair/${name}.csv" download`));
    const example = await fetch(`${srv.url}/static/fair/${name}.csv`);
    assert.equal(example.status, 200);
    assert.match(example.headers.get('content-type'), /^text\/csv/);
    assert.match(await example.text(), /^(position|candidate),/);
  }
  assert.match(html, /三个文件合计不超过 11 MB/);
  const before = written();

  // 检查: the counts, and nothing written.
  res = await post(id, good, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 200, html);
  assert.match(html, /检查通过，未写入任何数据：可导入 3 个岗位、6 名学员、12 条学员志愿和 12 条企业排序/);
  assert.match(html, /id="import-candidates">6</);
  assert.deepEqual(written(), before);

  // A credit code nobody holds, in all three files: refused, row by row.
  const unknown = credit(99);
  const bad = Object.fromEntries(Object.entries(good).map(([k, v]) => [k, v.replaceAll(credit(2), unknown)]));
  res = await post(id, bad, 'all_or_nothing');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.match(html, /下列各行未通过检查，未写入任何数据/);
  assert.deepEqual(refusedRows(html), [
    ['岗位（positions.csv）', 3, '岗位（统一社会信用代码）', '没有使用该统一社会信用代码的企业'],
  ]);
  assert.deepEqual(written(), before);

  // The report lists the first 100 rows at fault, and says so.
  const many = 'position,capacity\n' + Array.from({ length: 101 }, (_, j) => `${credit(100 + j)},1\n`).join('');
  res = await post(id, { ...good, positions: many + good.positions.split('\n').slice(1).join('\n') }, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.equal(refusedRows(html).length, 100);
  assert.match(html, /只列出前 100 处问题/);

  // A file left out is named beside its input; nothing is written.
  res = await post(id, { positions: good.positions, candidate_prefs: good.candidate_prefs }, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.match(html, /<p class="field-error" id="fair-position_prefs-error">请选择该 CSV 文件<\/p>/);
  assert.doesNotMatch(html, /fair-positions-error/);
  // A file not in the loader's form: the loader's reason, in Chinese.
  res = await post(id, { ...good, candidate_prefs: 'candidate,position\n' }, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.deepEqual(refusedRows(html), [['学员志愿（candidate_prefs.csv）', 1, '—',
    '文件格式有误：表头有误（应为 candidate,position,rank）']]);
  // A reason that quotes the row's code says it in Chinese too.
  res = await post(id, { ...good, candidate_prefs: `${good.candidate_prefs}${mobile(0)},91220100X,2\n` },
    'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  const lines = good.candidate_prefs.trimEnd().split('\n').length + 1;
  assert.deepEqual(refusedRows(html), [['学员志愿（candidate_prefs.csv）', lines, '—',
    '文件格式有误：岗位“91220100X”不在岗位文件中']]);
  // A file in GBK (as Excel saves it) is read; one in UTF-16 is named.
  const gbk = Buffer.concat([Buffer.from(good.positions), Buffer.from([0xbc, 0xd7]), Buffer.from(',1\n')]);
  res = await post(id, { ...good, positions: gbk }, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.deepEqual(refusedRows(html), [['岗位（positions.csv）', 5, '岗位（统一社会信用代码）', '没有使用该统一社会信用代码的企业']]);
  res = await post(id, { ...good, candidate_prefs: Buffer.from('\ufeffcandidate', 'utf16le') }, 'dry_run');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.match(html, /id="fair-candidate_prefs-error">第 1 行既不是 UTF-8 也不是 GBK 编码的文字</);
  assert.deepEqual(written(), before);

  // 导入: back to the round, which says what was imported.
  res = await post(id, good, 'all_or_nothing');
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), `/selection/rounds/${id}`);
  const flash = res.headers.get('set-cookie').match(/jg_flash=[^;]*/)[0];
  res = await fetch(`${srv.url}/selection/rounds/${id}`, { headers: { ...staff, cookie: flash } });
  html = await res.text();
  assert.match(html, /已向双选轮次「长春区域双选会」导入 3 个岗位、6 名学员、12 条学员志愿和 12 条企业排序。/);
  assert.match(html, /长春区域企业2/);
  assert.equal(count(`selection_position WHERE round_id = ${id} AND status = 'open'`), 3);
  assert.equal(count(`selection_candidate WHERE round_id = ${id} AND basis = 'listed'`), 6);
  assert.equal(count(`selection_choice c JOIN selection_candidate k ON k.id = c.candidate_id WHERE k.round_id = ${id}`), 12);
  assert.equal(count(`audit_log WHERE action = 'import' AND entity = 'selection_round' AND entity_id = ${id}`), 1);

  // The same set again: every firm and person is in the round already.
  res = await post(id, good, 'all_or_nothing');
  html = await res.text();
  assert.equal(res.status, 400, html);
  assert.deepEqual(new Set(refusedRows(html).map((r) => r[3])), new Set(['该企业在本轮已有岗位', '该人员已是本轮的学员']));

  // Once locked, the button says why not, and so does the page, which
  // has no form then and refuses a post (409).
  res = await fetch(`${srv.url}/api/v1/selection/rounds/${id}/lock`, { method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 200, await res.text());
  res = await fetch(`${srv.url}/selection/rounds/${id}`, { headers: staff });
  html = await res.text();
  assert.match(html, /<button type="button" disabled aria-describedby="fair-why-not">导入名单<\/button>/);
  assert.match(html, /<p class="hint" id="fair-why-not">本轮已锁定，不能再导入名单<\/p>/);
  res = await fetch(`${srv.url}/selection/rounds/${id}/import`, { headers: staff });
  html = await res.text();
  assert.equal(res.status, 200, html);
  assert.match(html, /<p class="form-error" role="alert" id="import-closed">本轮已锁定<\/p>/);
  assert.doesNotMatch(html, /<form method="post" action="\/selection\/rounds\/\d+\/import"/);
  res = await post(id, good, 'dry_run');
  assert.equal(res.status, 409);
  assert.match(await res.text(), /id="import-closed">本轮已锁定</);
});

test('a round not scoped to a region has no import, and only staff may use the page', async () => {
  const park = await round('园区双选轮次', 'park');
  let res = await fetch(`${srv.url}/selection/rounds/${park}`, { headers: staff });
  assert.doesNotMatch(await res.text(), /导入名单/);
  res = await fetch(`${srv.url}/selection/rounds/${park}/import`, { headers: staff });
  const html = await res.text();
  assert.equal(res.status, 200, html);
  assert.match(html, /id="import-closed">只有区域双选会轮次才能导入名单</);
  assert.doesNotMatch(html, /type="file"/);
  assert.equal((await post(park, good, 'all_or_nothing')).status, 409);

  const region = await round('第二场区域双选会', 'region');
  const before = written();
  res = await fetch(`${srv.url}/selection/rounds/${region}`, { headers: firm });
  assert.equal(res.status, 200);
  assert.doesNotMatch(await res.text(), /导入名单/);
  assert.equal((await fetch(`${srv.url}/selection/rounds/${region}/import`, { headers: firm })).status, 403);
  assert.equal((await post(region, good, 'all_or_nothing', firm)).status, 403);
  assert.deepEqual(written(), before);
});
