// Excel in: an XLSX (or CSV) file exported from every list that takes an
// import goes back through it, and workbooks written by another program
// (exceljs) are read as people write them: kinds by label, references by
// name, money in yuan. A reference no record or several records have
// refuses the file, naming the row and the column, and writes nothing.
// Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startServer, freshDatabase, runCli, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let db, srv, api, auth;
const orgIds = {};

// A valid unified social credit code for the 17 characters given.
function creditCode(first17) {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0, w = 1;
  for (const ch of first17) { sum += A.indexOf(ch) * w; w = (w * 3) % 31; }
  return first17 + A[(31 - (sum % 31)) % 31];
}

async function create(path, body) {
  const res = await api.request('POST', path, { body, headers: auth });
  assert.equal(res.status, 201, `${path}: ${res.text}`);
  return res.json.id;
}

before(async () => {
  db = freshDatabase();
  let res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);

  orgIds.group = await create('/api/v1/orgs', { name: '中工集团', kind: 'enterprise',
    credit_code: creditCode('91220113MA0000001') });
  orgIds.drone = await create('/api/v1/orgs', { name: '吉林龙航科技服务有限公司', kind: 'startup',
    parent_id: orgIds.group, founded_on: '2016-05-01', address: '长春市九台区卡伦湖大街' });
  orgIds.twinA = await create('/api/v1/orgs', { name: '同名投资有限公司', kind: 'investor' });
  orgIds.twinB = await create('/api/v1/orgs', { name: '同名投资有限公司', kind: 'investor' });
  await create('/api/v1/people', { name: '王思霖', mobile: '13800001234', email: 'wang@example.cn' });
  await create('/api/v1/people', { name: '李娜' });
  await create('/api/v1/incubation/investments', { on_date: '2019-06-01', investor_id: orgIds.group,
    target_id: orgIds.drone, kind: 'equity', amount: 150000000, note: '首轮' });
  // Exports name references by title: the list's records refer to
  // organisations whose names are their own (not the twins').
  await create('/api/v1/incubation/investments', { on_date: '2019-09-01', investor_id: orgIds.drone,
    target_id: orgIds.group, kind: 'grant', amount: 2050 });
  // The shared facilities' lists that import: a resource, its hours, a
  // holiday, a term, a partner's agreement.
  const univ = await create('/api/v1/orgs', { name: '长春工业大学', kind: 'university' });
  const cell = await create('/api/v1/facility/resources', { name: '机器人工作站1号', kind: 'cell', seats: 1,
    place: '实训楼二层', approval: 'staff' });
  // Its opening hours, and a day of the holiday calendar.
  await create('/api/v1/facility/hours', { resource_id: cell, weekday: 1, opens_at: '08:00', closes_at: '18:00' });
  await create('/api/v1/facility/calendar', { on_date: '2019-10-01', kind: 'holiday', name: '国庆节' });
  await create('/api/v1/facility/terms', { name: '2019 秋季学期', starts_on: '2019-09-01', ends_on: '2020-01-15' });
  await create('/api/v1/facility/agreements', { org_id: univ, title: '共建共享技术技能实训设施合作协议',
    signed_on: '2017-06-01', starts_on: '2017-09-01', ends_on: '2022-08-31', kinds: 'room,cell' });
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

const count = (table) => Number(dbRows(db.url, `SELECT COUNT(*) AS n FROM ${table}`)[0].n);

function importFile(path, bytes, mode, type = XLSX) {
  return api.request('POST', path + (mode ? `?mode=${mode}` : ''), {
    raw: bytes, headers: { ...auth, 'content-type': type },
  });
}

// Every import route of the API whose table takes an import (its page
// offers the template), with the page whose list it exports.
async function importableLists() {
  const res = await runCli(['routes', '--json']);
  assert.equal(res.status, 0, res.stderr);
  const out = [];
  for (const rt of JSON.parse(res.stdout)) {
    const m = rt.pattern.match(/^\/api\/v1(\/.*)\/import$/);
    if (!m || !rt.methods.includes('POST')) continue;
    const template = await fetch(srv.url + m[1] + '/import/template', { headers: auth });
    await template.arrayBuffer();
    if (template.status === 200) out.push({ api: rt.pattern, page: m[1] });
  }
  return out;
}

test('an XLSX or CSV file exported from each list imports back (dry run) with zero errors', async () => {
  const lists = await importableLists();
  assert.deepEqual(lists.map((l) => l.page).sort(), ['/facility/agreements', '/facility/calendar', '/facility/hours',
    '/facility/resources', '/facility/terms', '/incubation/investments', '/orgs', '/people'],
    'the lists that take an import');
  for (const { api: path, page } of lists) {
    const list = await api.request('GET', '/api/v1' + page + '?limit=1', { headers: auth });
    assert.ok(list.json.total > 0, `${page} has records to export`);
    for (const [format, type] of [['xlsx', XLSX], ['csv', 'text/csv']]) {
      const exported = await fetch(`${srv.url}${page}/export?format=${format}`, { headers: auth });
      assert.equal(exported.status, 200);
      const bytes = Buffer.from(await exported.arrayBuffer());
      for (const sent of [type, 'application/octet-stream']) {
        if (format === 'csv' && sent !== type) continue;	// a CSV is told by its type
        const res = await importFile(path, bytes, 'dry_run', sent);
        assert.equal(res.status, 200, `${page} ${format} as ${sent}: ${res.text}`);
        assert.deepEqual(res.json.errors, [], `${page} ${format}: no errors`);
        assert.equal(res.json.rows, list.json.total, `${page} ${format}: every record is a row`);
        assert.equal(res.json.valid, list.json.total);
      }
    }
  }
});

// A workbook as another program writes it: rows of cells, the header first.
async function workbook(rows) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('投资台账');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEAD = ['日期', '出资方', '被投方', '类型', '金额（元）', '备注'];

test('money "20.50" arrives as 2050 fen; kinds by label, references by name', async () => {
  const before = count('investment');
  const bytes = await workbook([
    HEAD,
    ['2019-10-08', '中工集团', '吉林龙航科技服务有限公司', '股权投资', '20.50', '文本金额'],
    [new Date(Date.UTC(2019, 9, 9)), '中工集团', String(orgIds.drone), 'Grant', 1234.56, '数字金额'],
    [],
    ['2019-10-10', '中工集团', '吉林龙航科技服务有限公司', 'loan', '1,000', null],
  ]);
  const res = await importFile('/api/v1/incubation/investments/import', bytes);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual([res.json.rows, res.json.applied, res.json.errors.length], [3, 3, 0]);
  assert.equal(count('investment'), before + 3);
  const rows = dbRows(db.url, 'SELECT on_date, investor_id, target_id, kind, amount, note FROM investment ' +
    "WHERE on_date >= '2019-10-08' ORDER BY on_date");
  assert.deepEqual(rows.map((r) => [r.on_date, Number(r.investor_id), Number(r.target_id), r.kind,
    Number(r.amount), r.note]), [
    ['2019-10-08', orgIds.group, orgIds.drone, 'equity', 2050, '文本金额'],
    ['2019-10-09', orgIds.group, orgIds.drone, 'grant', 123456, '数字金额'],
    ['2019-10-10', orgIds.group, orgIds.drone, 'loan', 100000, ''],
  ]);
});

test('a file with an unknown reference is refused naming the row and column; nothing is written', async () => {
  const before = [count('investment'), count('audit_log')];
  const bytes = await workbook([
    HEAD,
    ['2019-11-01', '中工集团', '吉林龙航科技服务有限公司', '股权投资', '10.00'],
    ['2019-11-02', '不存在的公司', '吉林龙航科技服务有限公司', '股权投资', '10.00'],
  ]);
  let res = await importFile('/api/v1/incubation/investments/import', bytes);
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'invalid');
  assert.equal(res.json.error.field, 'investor_id');
  assert.equal(res.json.error.message, 'line 3: no record has this name or code');
  assert.deepEqual([count('investment'), count('audit_log')], before, 'nothing written, nothing audited');
  res = await importFile('/api/v1/incubation/investments/import', bytes, 'dry_run');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.errors, [{ line: 3, column: 'investor_id', message: 'no record has this name or code',
    key: 'import.err.no_match' }]);
});

test('an ambiguous reference is refused naming the row and column; nothing is written', async () => {
  const before = [count('investment'), count('audit_log')];
  const bytes = await workbook([
    HEAD,
    ['2019-11-03', '中工集团', '吉林龙航科技服务有限公司', '股权投资', '10.00'],
    ['2019-11-04', '中工集团', '吉林龙航科技服务有限公司', '股权投资', '10.00'],
    ['2019-11-05', '同名投资有限公司', '吉林龙航科技服务有限公司', '股权投资', '10.00'],
  ]);
  const res = await importFile('/api/v1/incubation/investments/import', bytes);
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'investor_id');
  assert.equal(res.json.error.message, 'line 4: several records have this name or code');
  assert.deepEqual([count('investment'), count('audit_log')], before, 'nothing written, nothing audited');
});

test('a workbook that is not one, or past the reader\'s limits, is refused whole', async () => {
  let res = await importFile('/api/v1/orgs/import', Buffer.from('PK\x03\x04 not really a package'), 'dry_run');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.message, 'line 1: the file is not an XLSX workbook');
  // A header the import does not know, in a workbook as in a CSV file.
  res = await importFile('/api/v1/orgs/import', await workbook([['名称', '颜色'], ['甲', '红']]), 'dry_run');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, '颜色');
  const cols = Array.from({ length: 300 }, (_, i) => (i === 299 ? 'x' : null));
  res = await importFile('/api/v1/orgs/import', await workbook([['名称'], cols]), 'dry_run');
  assert.equal(res.status, 413);
  assert.equal(res.json.error.code, 'too_large');
  assert.equal(res.json.error.message, 'line 2: too many columns');
});

test('the import page offers XLSX and takes a workbook', async () => {
  const form = await fetch(srv.url + '/orgs/import', { headers: auth });
  assert.equal(form.status, 200);
  assert.match(await form.text(), /<input id="file" name="file" type="file" accept="\.csv,\.xlsx,/);
  const exported = await fetch(srv.url + '/orgs/export?format=xlsx', { headers: auth });
  const body = new FormData();
  body.append('mode', 'dry_run');
  body.append('file', new Blob([await exported.arrayBuffer()], { type: XLSX }), '机构.xlsx');
  const res = await fetch(srv.url + '/orgs/import', { method: 'POST', headers: auth, body });
  const html = await res.text();
  assert.equal(res.status, 200, html);
  assert.match(html, new RegExp(`id="import-rows">${count('org')}<`));
  assert.match(html, /id="import-invalid">0</);
});
