// Refused forms speak the reader's language and name the field by its
// label (docs/STYLE.md, Messages): the organisation form of the record kit
// and the affiliation step of a person's page, submitted with bad values
// in zh-CN and in en — an empty required name, a name too long, a credit
// code with a wrong check character, a date that does not exist, a
// reference to no record and one that is no id, no kind chosen, an end
// before the start — show the exact message beside the field, and nothing
// is written; an import's report says each refused cell the same way. The
// API keeps its English message and field and adds the message's key and
// numbers.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const PASSWORD = 'Root-pass-2026';
let db, srv, api, token, cookie, csrf, personId, orgId;

const count = (table) => Number(dbRows(db.url, `SELECT COUNT(*) AS n FROM ${table}`)[0].n);
const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url], { input: PASSWORD + '\n' });
  assert.equal(add.status, 0, add.stderr);
  token = (await runCli(['user', 'token', 'root', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  const login = await api.request('POST', '/api/v1/sessions', { body: { name: 'root', password: PASSWORD } });
  assert.equal(login.status, 201, login.text);
  cookie = login.headers.getSetCookie().find((c) => c.startsWith('jg_session=')).split(';')[0];
  csrf = login.json.csrf_token;
  const headers = { authorization: `Bearer ${token}` };
  const person = await api.request('POST', '/api/v1/people', { headers, body: { name: '张伟' } });
  assert.equal(person.status, 201, person.text);
  personId = person.json.id;
  const org = await api.request('POST', '/api/v1/orgs', { headers, body: { name: '长春九台示例科技有限公司', kind: 'enterprise' } });
  assert.equal(org.status, 201, org.text);
  orgId = org.json.id;
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

// POST a form as the admin reading `lang`; the status and the message
// shown beside each field that has one.
async function submit(lang, pathname, fields) {
  const res = await fetch(srv.url + pathname, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `${cookie}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }),
  });
  const html = await res.text();
  const errors = {};
  for (const m of html.matchAll(/<div class="field has-error">[\s\S]*?name="([a-z_]+)"[\s\S]*?<p class="field-error"[^>]*>([^<]*)<\/p>/g))
    errors[m[1]] = unescape(m[2]);
  return { status: res.status, errors };
}

const ORG = { name: '长春九台乙有限公司', kind: 'enterprise' };
const CASES = [
  ['an empty required name', { ...ORG, name: '' }, 'name',
    '请输入名称', 'Name is required'],
  ['a name longer than 100 characters', { ...ORG, name: '长'.repeat(101) }, 'name',
    '名称最多 100 个字', 'Name must be at most 100 characters'],
  ['no kind chosen', { ...ORG, kind: '' }, 'kind',
    '请选择类别', 'Kind: choose one'],
  ['a credit code with a wrong check character', { ...ORG, credit_code: '91220113MA0000001X' }, 'credit_code',
    '统一社会信用代码校验位不正确', 'Unified social credit code has a wrong check character'],
  ['a credit code of the wrong length', { ...ORG, credit_code: '9122011' }, 'credit_code',
    '统一社会信用代码应为 18 位', 'Unified social credit code must be 18 characters'],
  ['a date that does not exist', { ...ORG, founded_on: '2023-02-30' }, 'founded_on',
    '成立日期格式不正确，应为 YYYY-MM-DD', 'Founded must be a date such as 2024-03-01'],
  ['a reference to no record', { ...ORG, parent_id: '999999' }, 'parent_id',
    '所选上级机构不存在或已归档', 'Parent organisation: the record chosen does not exist or is archived'],
  // Without JavaScript the picker is a text field resolved on the server.
  ['a name that no record has', { ...ORG, parent_id_text: '没有这样的机构' }, 'parent_id',
    '没有记录与输入匹配，请输入其名称或编号的一部分', 'No record matches what was typed: type part of its name or code'],
];

for (const [what, fields, field, zh, en] of CASES) {
  test(`the organisation form refuses ${what}, in zh-CN and en, beside the field`, async () => {
    const before = count('org');
    for (const [lang, text] of [['zh-CN', zh], ['en', en]]) {
      const res = await submit(lang, '/orgs', fields);
      assert.equal(res.status, 400);
      assert.deepEqual(res.errors, { [field]: text }, lang);
    }
    assert.equal(count('org'), before, 'nothing was written');
  });
}

test('a check of the whole record (an affiliation ending before it began) names its field on the step\'s page', async () => {
  const before = count('affiliation');
  const fields = { org_id: String(orgId), role: 'employee', since: '2024-03-01', until: '2024-02-01' };
  for (const [lang, text] of [['zh-CN', '结束日期不能早于开始日期'], ['en', 'Until must not be before the start date']]) {
    const res = await submit(lang, `/people/${personId}/affiliations`, fields);
    assert.equal(res.status, 400);
    assert.deepEqual(res.errors, { until: text }, lang);
  }
  const res = await submit('zh-CN', `/people/${personId}/affiliations`, { ...fields, until: '', role: '' });
  assert.deepEqual(res.errors, { role: '请选择身份' });
  assert.equal(count('affiliation'), before, 'nothing was written');
});

test('an import\'s report says each refused cell in the reader\'s language, by its label', async () => {
  const before = count('org');
  const csv = '名称,类别,统一社会信用代码,成立日期\r\n长春九台丙有限公司,enterprise,91220113MA0000001X,2023-02-30\r\n'
    + `${'长'.repeat(101)},enterprise,,\r\n`;
  for (const [lang, texts] of [
    ['zh-CN', ['统一社会信用代码校验位不正确', '名称最多 100 个字']],
    ['en', ['Unified social credit code has a wrong check character', 'Name must be at most 100 characters']]]) {
    const form = new FormData();
    form.append('csrf', csrf);
    form.append('mode', 'dry_run');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'orgs.csv');
    const res = await fetch(`${srv.url}/orgs/import`, { method: 'POST', headers: { cookie: `${cookie}; lang=${lang}` }, body: form });
    const html = await res.text();
    const cells = [...html.matchAll(/<tr><td>(\d+)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2]]);
    assert.deepEqual(cells, [[2, texts[0]], [3, texts[1]]], lang);
  }
  assert.equal(count('org'), before, 'nothing was written');
});

test('the API keeps its English message and field, and adds the key and numbers', async () => {
  const headers = { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' };
  const before = count('org');
  let res = await api.request('POST', '/api/v1/orgs', { headers, body: { ...ORG, credit_code: '91220113MA0000001X' } });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.json.error, { code: 'invalid', field: 'credit_code',
    message: 'credit_code has a wrong check character', key: 'party.err.credit_code_check' });
  res = await api.request('POST', '/api/v1/orgs', { headers, body: { ...ORG, name: 'x'.repeat(101) } });
  assert.deepEqual(res.json.error, { code: 'invalid', field: 'name',
    message: 'name must be at most 100 characters', key: 'err.too_long', min: 0, max: 100 });
  res = await api.request('POST', '/api/v1/orgs', { headers, body: { ...ORG, parent_id: 999999 } });
  assert.deepEqual(res.json.error, { code: 'invalid', field: 'parent_id',
    message: 'parent_id refers to no such record', key: 'err.ref_gone' });
  assert.equal(count('org'), before, 'nothing was written');
});
