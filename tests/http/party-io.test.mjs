// Importing organisations from CSV (UTF-8 and GBK, the three modes) and
// exporting the list as CSV and XLSX, read back with a spreadsheet reader.
// Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { startServer, freshDatabase, runCli, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, auth;

// A valid unified social credit code for the 17 characters given.
function creditCode(first17) {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0, w = 1;
  for (const ch of first17) { sum += A.indexOf(ch) * w; w = (w * 3) % 31; }
  return first17 + A[(31 - (sum % 31)) % 31];
}

before(async () => {
  db = freshDatabase();
  let res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

const orgCount = () => Number(dbRows(db.url, 'SELECT COUNT(*) AS n FROM org')[0].n);
const auditCount = () => Number(dbRows(db.url, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'org'")[0].n);

function importCsv(text, mode, encoding = 'utf8') {
  const body = typeof text === 'string' ? Buffer.from(text, encoding) : text;
  return api.request('POST', '/api/v1/orgs/import' + (mode ? `?mode=${mode}` : ''), {
    raw: body, headers: { ...auth, 'content-type': 'text/csv' },
  });
}

const good = creditCode('91220113MA0000001');
const bad = good.slice(0, 17) + (good[17] === 'X' ? 'Y' : 'X');
const oneBadRow = `名称,类别,统一社会信用代码\r\n长春九台甲有限公司,enterprise,${good}\r\n长春九台乙有限公司,enterprise,${bad}\r\n`;

test('a CSV with one bad row imports nothing and names the row and field', async () => {
  const before = [orgCount(), auditCount()];
  const res = await importCsv(oneBadRow);
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'invalid');
  assert.equal(res.json.error.field, 'credit_code');
  assert.match(res.json.error.message, /^line 3: /);
  assert.deepEqual([orgCount(), auditCount()], before, 'nothing written, nothing audited');
});

test('a dry run reports every row and writes nothing', async () => {
  const res = await importCsv(oneBadRow, 'dry_run');
  assert.equal(res.status, 200);
  assert.equal(res.json.mode, 'dry_run');
  assert.deepEqual([res.json.rows, res.json.valid, res.json.invalid, res.json.applied], [2, 1, 1, 0]);
  assert.deepEqual(res.json.errors.map((e) => [e.line, e.column]), [[3, 'credit_code']]);
  assert.equal(orgCount(), 0);
});

test('valid_only writes the good rows and reports the rest', async () => {
  const res = await importCsv(oneBadRow, 'valid_only');
  assert.equal(res.status, 200);
  assert.equal(res.json.applied, 1);
  assert.deepEqual(dbRows(db.url, 'SELECT name, credit_code FROM org ORDER BY id'),
    [{ name: '长春九台甲有限公司', credit_code: good }]);
  assert.equal(auditCount(), 1, 'the written row is audited');
});

test('a GBK file imports its Chinese names intact', async () => {
  const text = 'Name,Kind,Address\n吉林龙航科技服务有限公司,startup,长春市九台区卡伦湖大街\n九台区示范农业科技有限公司,startup,九台经济开发区\n';
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
  assert.notDeepEqual(gbk, Buffer.from(text), 'the file really is GBK');
  const res = await importCsv(gbk);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(res.json.applied, 2);
  const rows = dbRows(db.url, "SELECT name, address FROM org WHERE kind = 'startup' ORDER BY name");
  assert.deepEqual(rows.map((r) => r.name).sort(), ['九台区示范农业科技有限公司', '吉林龙航科技服务有限公司'].sort());
  assert.ok(rows.some((r) => r.address === '长春市九台区卡伦湖大街'));
});

test('a file that is not a CSV of organisations is refused whole', async () => {
  let res = await importCsv('名称,颜色\n甲,红\n');
  assert.equal(res.status, 400);
  res = await importCsv(Buffer.from([0xff, 0xfe, 0x41, 0x00]));
  assert.equal(res.status, 400);
  res = await importCsv(oneBadRow, 'sometimes');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'mode');
});

test('an XLSX export read back by a spreadsheet reader has the rows of the list', async () => {
  const list = await api.request('GET', '/api/v1/orgs?limit=200', { headers: auth });
  assert.equal(list.status, 200);
  const res = await fetch(srv.url + '/orgs/export?format=xlsx', { headers: auth });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()));
  const sheet = book.worksheets[0];
  const header = sheet.getRow(1).values.slice(1);
  assert.deepEqual(header.slice(0, 5), ['编号', '名称', '类别', '英文名称', '统一社会信用代码']);
  const rows = [];
  sheet.eachRow((row, n) => { if (n > 1) rows.push(row.values.slice(1)); });
  assert.equal(rows.length, list.json.total);
  const byId = new Map(rows.map((r) => [r[0], r]));
  for (const org of list.json.items) {
    const row = byId.get(org.id);
    assert.ok(row, `org ${org.id} is in the export`);
    assert.equal(row[1], org.name);
    assert.equal(row[2], { enterprise: '企业', startup: '在孵企业' }[org.kind]);
  }
});

test('a CSV export keeps the list\'s filters and opens in Excel (BOM)', async () => {
  const res = await fetch(srv.url + '/orgs/export?format=csv&q=' + encodeURIComponent('龙航'), { headers: auth });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM');
  const lines = bytes.toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines.length, 2, 'header and the one match');
  assert.match(lines[1], /吉林龙航科技服务有限公司/);
});

test('the import template has the headers in the reader\'s language', async () => {
  // Read as bytes: fetch's text() would drop the byte order mark.
  const text = async (res) => Buffer.from(await res.arrayBuffer()).toString('utf8');
  let res = await fetch(srv.url + '/orgs/import/template', { headers: auth });
  assert.equal(res.status, 200);
  assert.match(await text(res), /^\ufeff名称,类别,/);
  res = await fetch(srv.url + '/orgs/import/template', { headers: { ...auth, 'accept-language': 'en-GB,en' } });
  assert.match(await text(res), /^\ufeffName,Kind,/);
});
