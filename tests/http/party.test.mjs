// The party ledger's JSON API over HTTP: organisations, people and
// affiliations — validation (credit codes, mobile numbers, dates,
// references, unknown fields), conflicts, search (one-, two- and
// three-character Chinese queries, Latin case, literal % and _), create,
// read, update, archive, permissions and paging.
// Every JSON answer is checked against web/api/openapi.json (apiClient), and
// the database is read directly where the claim is about what was written.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken, traineeToken;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const as = (token) => ({ headers: bearer(token) });
const admin = (body) => ({ ...as(adminToken), ...(body === undefined ? {} : { body }) });

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

// ---- unified social credit codes (GB 32100-2015) ------------------------

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// The 18-character code for 17 characters: the check character appended.
function withCheck(first17) {
  let sum = 0, weight = 1;
  for (const c of first17) {
    sum += ALPHABET.indexOf(c) * weight;
    weight = weight * 3 % 31;
  }
  return first17 + ALPHABET[(31 - sum % 31) % 31];
}

let serial = 0;
// A new valid code (registration authority 9, enterprise 1, Changchun).
const newCode = () => withCheck('91220101MA' + String(++serial).padStart(7, '0'));

// The same code with a different (wrong) check character.
function wrongCheck(code) {
  const good = code[17];
  const bad = ALPHABET[(ALPHABET.indexOf(good) + 7) % 31];
  return code.slice(0, 17) + bad;
}

// ---- record helpers ---------------------------------------------------

async function createOrg(fields) {
  const res = await api.request('POST', '/api/v1/orgs', admin({ kind: 'enterprise', ...fields }));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function createPerson(fields) {
  const res = await api.request('POST', '/api/v1/people', admin(fields));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function list(path, token = adminToken) {
  const res = await api.request('GET', path, as(token));
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const ids = (page) => page.items.map((o) => o.id);
const names = (page) => page.items.map((o) => o.name).sort();

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'root', '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  adminToken = tok.stdout.trim();
  const add2 = await runCli(['user', 'add', 'xueyuan', '--role', 'trainee', '--db', db.url],
    { input: 'Trainee-pass-1\n' });
  assert.equal(add2.status, 0, add2.stderr);
  const tok2 = await runCli(['user', 'token', 'xueyuan', '--db', db.url]);
  assert.equal(tok2.status, 0, tok2.stderr);
  traineeToken = tok2.stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- organisations: credit codes ----------------------------------------

test('a wrong check character in credit_code is 400 credit_code and writes nothing', async () => {
  const code = newCode();
  const orgsBefore = count('org');
  const auditBefore = count('audit_log');
  const res = await api.request('POST', '/api/v1/orgs',
    admin({ kind: 'enterprise', name: '错码科技有限公司', credit_code: wrongCheck(code) }));
  assertError(res, 400, 'invalid', 'credit_code');
  assert.match(res.json.error.message, /check character/);
  assert.equal(count('org'), orgsBefore, 'no org row');
  assert.equal(count('audit_log'), auditBefore, 'no audit row');
  assert.equal(count(`org WHERE name = '错码科技有限公司'`), 0);

  // Other malformed codes are refused the same way, with nothing written.
  for (const bad of [code.slice(0, 17), code + '0', 'I' + code.slice(1), code.slice(0, 16) + 'O' + code[17],
    code.slice(0, 17) + 'Z', '９' + code.slice(1)]) {
    const r = await api.request('POST', '/api/v1/orgs', admin({ kind: 'enterprise', name: '坏码', credit_code: bad }));
    assertError(r, 400, 'invalid', 'credit_code');
  }
  assert.equal(count('org'), orgsBefore);
  assert.equal(count('audit_log'), auditBefore);
});

test('a lower-case credit code is stored upper-cased; a duplicate is 409 credit_code', async () => {
  const code = withCheck('91220101MA17Y0A0B'); // letters, so case matters
  assert.match(code, /[A-Z]/);
  const org = await createOrg({ name: '大写代码测试有限公司', credit_code: code.toLowerCase() });
  assert.equal(org.credit_code, code);
  assert.equal(rows(`SELECT credit_code FROM org WHERE id = ${org.id}`)[0].credit_code, code);
  assert.equal(count(`audit_log WHERE entity = 'org' AND entity_id = ${org.id} AND action = 'create'`), 1);

  const orgsBefore = count('org');
  const auditBefore = count('audit_log');
  for (const dup of [code, code.toLowerCase()]) {
    const res = await api.request('POST', '/api/v1/orgs', admin({ kind: 'startup', name: '重复代码', credit_code: dup }));
    assertError(res, 409, 'conflict', 'credit_code');
  }
  assert.equal(count('org'), orgsBefore, 'no org row for a duplicate');
  assert.equal(count('audit_log'), auditBefore, 'no audit row for a duplicate');

  // Changing another organisation to the same code is a conflict too.
  const other = await createOrg({ name: '另一家', credit_code: newCode() });
  const res = await api.request('PATCH', `/api/v1/orgs/${other.id}`, admin({ credit_code: code.toLowerCase() }));
  assertError(res, 409, 'conflict', 'credit_code');
  assert.notEqual((await api.request('GET', `/api/v1/orgs/${other.id}`, admin())).json.credit_code, code);

  // An empty code is no code: several organisations may have none.
  const a = await createOrg({ name: '无代码甲', credit_code: '' });
  const b = await createOrg({ name: '无代码乙', credit_code: '' });
  assert.equal(a.credit_code, null);
  assert.equal(b.credit_code, null);
});

// ---- search -------------------------------------------------------------

test('search: 九台 finds the Jiutai firms; one-, three-character and English queries; % and _ are literal', async () => {
  const jiutai = [
    { name: '九台智造科技有限公司', name_en: 'Jiutai Smart Manufacturing Co., Ltd.' },
    { name: '吉林九台新材料有限公司', name_en: 'Jilin Jiutai New Materials' },
    { name: '长春九台物流园', address: '长春市九台区卡伦湖大街' },
  ];
  for (const f of jiutai) await createOrg({ ...f, credit_code: newCode() });
  await createOrg({ name: '飞鹰无人机科技有限公司', name_en: 'Flying Eagle UAV' });
  await createOrg({ name: '中科院长春光机所', kind: 'institute' });
  await createOrg({ name: '百分之百%利润咨询' });
  await createOrg({ name: '下划线_数据科技' });
  await createOrg({ name: 'abc实验室' });
  const q = (s, extra = '') => list(`/api/v1/orgs?q=${encodeURIComponent(s)}${extra}`);

  // Two characters: a substring scan (a trigram cannot match it).
  let page = await q('九台');
  assert.deepEqual(names(page), jiutai.map((f) => f.name).sort());
  assert.equal(page.total, 3);
  // One character.
  page = await q('鹰');
  assert.deepEqual(names(page), ['飞鹰无人机科技有限公司']);
  page = await q('园');
  assert.deepEqual(names(page), ['长春九台物流园']);
  // Three characters and more: the trigram index.
  page = await q('新材料');
  assert.deepEqual(names(page), ['吉林九台新材料有限公司']);
  page = await q('长春光机所');
  assert.deepEqual(names(page), ['中科院长春光机所']);
  page = await q('卡伦湖');
  assert.deepEqual(names(page), ['长春九台物流园'], 'the address is searched');
  // English names, any case, short and long.
  page = await q('jiutai');
  assert.deepEqual(names(page), ['九台智造科技有限公司', '吉林九台新材料有限公司']);
  page = await q('SMART manufacturing');
  assert.deepEqual(names(page), ['九台智造科技有限公司']);
  page = await q('uA');
  assert.deepEqual(names(page), ['飞鹰无人机科技有限公司']);
  page = await q('ABC');
  assert.deepEqual(names(page), ['abc实验室']);
  // % and _ are characters, not wildcards, at every length.
  page = await q('%');
  assert.deepEqual(names(page), ['百分之百%利润咨询']);
  page = await q('_');
  assert.deepEqual(names(page), ['下划线_数据科技']);
  page = await q('百%利');
  assert.deepEqual(names(page), ['百分之百%利润咨询']);
  page = await q('线_数据');
  assert.deepEqual(names(page), ['下划线_数据科技']);
  for (const none of ['a_c', 'a%c', '%%', '__', '九_', '九%台', '"九台"', "九台'"]) {
    page = await q(none);
    assert.equal(page.total, 0, `q=${none}: ${JSON.stringify(names(page))}`);
  }
  // The credit code is searched too.
  const org = await createOrg({ name: '代码搜索测试', credit_code: newCode() });
  page = await q(org.credit_code.slice(8).toLowerCase());
  assert.deepEqual(names(page), ['代码搜索测试']);
  // A search that finds a record only shows it while it is live.
  await api.request('DELETE', `/api/v1/orgs/${org.id}`, admin());
  assert.equal((await q('代码搜索')).total, 0);
  assert.equal((await q('代码搜索', '&archived=1')).total, 1);
  // Too long a query is refused.
  const res = await api.request('GET', `/api/v1/orgs?q=${'九'.repeat(100)}`, admin());
  assertError(res, 400, 'invalid', 'q');

  // People: one and two characters, digits of a mobile number, email.
  await createPerson({ name: '张伟', mobile: '13900001111', email: 'zhang.wei@jiutai.cn' });
  await createPerson({ name: '王芳', mobile: '13900002222' });
  assert.deepEqual(names(await list('/api/v1/people?q=张')), ['张伟']);
  assert.deepEqual(names(await list('/api/v1/people?q=王芳')), ['王芳']);
  assert.deepEqual(names(await list('/api/v1/people?q=0002222')), ['王芳']);
  assert.deepEqual(names(await list('/api/v1/people?q=ZHANG.WEI')), ['张伟']);
});

// ---- organisations: create, read, update, archive -------------------------

test('organisations: create, read, update, archive; archived ones leave lists and cannot be changed', async () => {
  const park = await createOrg({ kind: 'park', name: '匠谷经济开发区' });
  const input = {
    kind: 'enterprise', name: '吉林匠谷示范企业', name_en: 'Jianggu Demo Co.', credit_code: newCode(),
    parent_id: park.id, founded_on: '2016-02-29', address: '长春市九台区', contact_name: '李明',
    contact_phone: '0431-82345678',
  };
  let res = await api.request('POST', '/api/v1/orgs', admin(input));
  assert.equal(res.status, 201, res.text);
  const org = res.json;
  for (const [k, v] of Object.entries(input)) assert.equal(org[k], v, k);
  assert.equal(org.archived_at, null);

  res = await api.request('GET', `/api/v1/orgs/${org.id}`, admin());
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, org);

  res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ name: '吉林匠谷示范企业（改）', name_en: null, address: '长春市' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, '吉林匠谷示范企业（改）');
  assert.equal(res.json.name_en, null);
  assert.equal(res.json.address, '长春市');
  assert.equal(res.json.credit_code, org.credit_code, 'fields not sent stay');
  assert.equal(rows(`SELECT name FROM org WHERE id = ${org.id}`)[0].name, '吉林匠谷示范企业（改）');
  assert.equal(count(`audit_log WHERE entity = 'org' AND entity_id = ${org.id} AND action = 'update'`), 1);

  assert.ok(ids(await list(`/api/v1/orgs?parent_id=${park.id}`)).includes(org.id));

  res = await api.request('DELETE', `/api/v1/orgs/${org.id}`, admin());
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.id, org.id);
  assert.ok(res.json.archived_at, 'the archived record is answered');
  assert.equal(count(`org WHERE id = ${org.id}`), 1, 'archived, not deleted');
  assert.equal(count(`audit_log WHERE entity = 'org' AND entity_id = ${org.id} AND action = 'archive'`), 1);

  assert.ok(!ids(await list(`/api/v1/orgs?parent_id=${park.id}`)).includes(org.id), 'archived leaves the list');
  assert.ok(!ids(await list('/api/v1/orgs?limit=200')).includes(org.id));
  assert.ok(ids(await list(`/api/v1/orgs?parent_id=${park.id}&archived=1`)).includes(org.id), 'unless asked for');
  res = await api.request('GET', `/api/v1/orgs/${org.id}`, admin());
  assert.equal(res.status, 200);
  assert.ok(res.json.archived_at);

  const auditBefore = count('audit_log');
  res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ name: '复活' }));
  assertError(res, 409, 'conflict');
  assert.equal(rows(`SELECT name FROM org WHERE id = ${org.id}`)[0].name, '吉林匠谷示范企业（改）');
  // Archiving again changes nothing and answers the record.
  res = await api.request('DELETE', `/api/v1/orgs/${org.id}`, admin());
  assert.equal(res.status, 200);
  assert.equal(count('audit_log'), auditBefore);
  // An archived organisation cannot be pointed at.
  res = await api.request('POST', '/api/v1/orgs', admin({ kind: 'startup', name: '子公司', parent_id: org.id }));
  assertError(res, 400, 'invalid', 'parent_id');
});

test('organisations: bad input is 400 naming the field, and writes nothing', async () => {
  const orgsBefore = count('org');
  const auditBefore = count('audit_log');
  const cases = [
    [{ kind: 'enterprise', name: '甲', colour: 'red' }, 'colour'],
    [{ kind: 'spaceship', name: '甲' }, 'kind'],
    [{ name: '甲' }, 'kind'],
    [{ kind: 'enterprise' }, 'name'],
    [{ kind: 'enterprise', name: '' }, 'name'],
    [{ kind: 'enterprise', name: '长'.repeat(101) }, 'name'],
    [{ kind: 'enterprise', name: 42 }, 'name'],
    [{ kind: 'enterprise', name: '甲', founded_on: '2019-02-30' }, 'founded_on'],
    [{ kind: 'enterprise', name: '甲', founded_on: '2019/01/01' }, 'founded_on'],
    [{ kind: 'enterprise', name: '甲', parent_id: 99999999 }, 'parent_id'],
    [{ kind: 'enterprise', name: '甲', parent_id: 'one' }, 'parent_id'],
    [{ kind: 'enterprise', name: '甲', address: '路'.repeat(201) }, 'address'],
  ];
  for (const [body, field] of cases) {
    const res = await api.request('POST', '/api/v1/orgs', admin(body));
    assertError(res, 400, 'invalid', field);
    if (field === 'colour') assert.match(res.json.error.message, /colour/);
  }
  assert.equal(count('org'), orgsBefore);
  assert.equal(count('audit_log'), auditBefore);

  const org = await createOrg({ name: '字段测试' });
  let res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ name: '字段测试', id: 5 }));
  assertError(res, 400, 'invalid', 'id');
  res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ archived_at: null }));
  assertError(res, 400, 'invalid', 'archived_at');
  res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ kind: null }));
  assertError(res, 400, 'invalid', 'kind');
  res = await api.request('PATCH', `/api/v1/orgs/${org.id}`, admin({ parent_id: org.id + 1000 }));
  assertError(res, 400, 'invalid', 'parent_id');

  for (const [method, path] of [['GET', '/api/v1/orgs/99999999'], ['PATCH', '/api/v1/orgs/99999999'],
    ['DELETE', '/api/v1/orgs/99999999']]) {
    res = await api.request(method, path, admin(method === 'PATCH' ? { name: '无' } : undefined));
    assertError(res, 404, 'not_found');
  }
  for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
    res = await api.request('GET', `/api/v1/orgs/${bad}`, admin());
    assertError(res, 400, 'invalid', 'id');
  }
});

// ---- people ---------------------------------------------------------------

test('people: mobile numbers normalised and unique; create, read, update, archive', async () => {
  let res = await api.request('POST', '/api/v1/people', admin({ name: '赵敏', mobile: '+86 138-0000-1234', email: 'zhao.min@example.cn' }));
  assert.equal(res.status, 201, res.text);
  const p = res.json;
  assert.equal(p.mobile, '13800001234');
  assert.equal(rows(`SELECT mobile FROM person WHERE id = ${p.id}`)[0].mobile, '13800001234');

  const peopleBefore = count('person');
  const auditBefore = count('audit_log');
  for (const dup of ['13800001234', '138 0000 1234', '8613800001234', '+8613800001234']) {
    res = await api.request('POST', '/api/v1/people', admin({ name: '重复号码', mobile: dup }));
    assertError(res, 409, 'conflict', 'mobile');
  }
  for (const bad of ['12800001234', '1380000123', '138000012345', '138-0000-123a', '+1 415 555 0100', '１３８００００１２３４']) {
    res = await api.request('POST', '/api/v1/people', admin({ name: '坏号码', mobile: bad }));
    assertError(res, 400, 'invalid', 'mobile');
  }
  for (const bad of ['zhao', '@example.cn', 'a@b', 'a b@c.cn', 'a@b@c.cn', 'a@.cn']) {
    res = await api.request('POST', '/api/v1/people', admin({ name: '坏邮箱', email: bad }));
    assertError(res, 400, 'invalid', 'email');
  }
  res = await api.request('POST', '/api/v1/people', admin({ name: '赵', nickname: '小赵' }));
  assertError(res, 400, 'invalid', 'nickname');
  res = await api.request('POST', '/api/v1/people', admin({ mobile: '13800009999' }));
  assertError(res, 400, 'invalid', 'name');
  assert.equal(count('person'), peopleBefore);
  assert.equal(count('audit_log'), auditBefore);

  res = await api.request('GET', `/api/v1/people/${p.id}`, admin());
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, p);

  const q = await createPerson({ name: '周芷若', mobile: '' });
  assert.equal(q.mobile, null, 'an empty mobile is none');
  res = await api.request('PATCH', `/api/v1/people/${q.id}`, admin({ mobile: '138 0000 1234' }));
  assertError(res, 409, 'conflict', 'mobile');
  res = await api.request('PATCH', `/api/v1/people/${q.id}`, admin({ mobile: '+86 139-1234-5678', email: 'zhou@example.cn' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.mobile, '13912345678');
  assert.equal(res.json.name, '周芷若');

  res = await api.request('DELETE', `/api/v1/people/${q.id}`, admin());
  assert.equal(res.status, 200);
  assert.ok(res.json.archived_at);
  assert.ok(!ids(await list('/api/v1/people?limit=200')).includes(q.id));
  assert.ok(ids(await list('/api/v1/people?limit=200&archived=1')).includes(q.id));
  res = await api.request('PATCH', `/api/v1/people/${q.id}`, admin({ name: '周' }));
  assertError(res, 409, 'conflict');
  assert.equal(count(`audit_log WHERE entity = 'person' AND entity_id = ${q.id}`), 3, 'create, update, archive');
});

// ---- affiliations -----------------------------------------------------------

test('affiliations: references, dates, filters; create, read, update, archive', async (t) => {
  const org = await createOrg({ name: '匠谷实训中心', kind: 'institute' });
  const org2 = await createOrg({ name: '长春职业技术学院', kind: 'vocational_college' });
  const person = await createPerson({ name: '孙悟空', mobile: '13700000001' });
  const person2 = await createPerson({ name: '猪八戒' });

  let res = await api.request('POST', '/api/v1/affiliations',
    admin({ person_id: person.id, org_id: org.id, role: 'trainee', title: '学员', since: '2019-09-01' }));
  assert.equal(res.status, 201, res.text);
  const a = res.json;
  assert.equal(a.until, null);
  assert.equal(a.title, '学员');

  const before = { aff: count('affiliation'), audit: count('audit_log') };
  const base = { person_id: person.id, org_id: org.id, role: 'employee', since: '2020-01-01' };
  const bad = [
    [{ ...base, since: '2019-02-30' }, 'since'],
    [{ ...base, since: '2019-13-01' }, 'since'],
    [{ ...base, since: '20190101' }, 'since'],
    [{ ...base, until: '2019-02-29' }, 'until'],
    [{ ...base, org_id: 99999999 }, 'org_id'],
    [{ ...base, person_id: 99999999 }, 'person_id'],
    [{ ...base, role: 'emperor' }, 'role'],
    [{ ...base, shoe_size: 42 }, 'shoe_size'],
    [{ person_id: person.id, org_id: org.id, role: 'employee' }, 'since'],
  ];
  for (const [body, field] of bad) {
    res = await api.request('POST', '/api/v1/affiliations', admin(body));
    assertError(res, 400, 'invalid', field);
  }
  // until before since: the database's CHECK refuses it.
  res = await api.request('POST', '/api/v1/affiliations', admin({ ...base, until: '2019-12-31' }));
  assertError(res, 400, 'invalid');
  t.diagnostic(`until before since → 400, field: ${res.json.error.field ?? '(none)'}, message: ${res.json.error.message}`);
  assert.equal(count('affiliation'), before.aff, 'nothing written');
  assert.equal(count('audit_log'), before.audit, 'no audit row');

  res = await api.request('GET', `/api/v1/affiliations/${a.id}`, admin());
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, a);

  res = await api.request('PATCH', `/api/v1/affiliations/${a.id}`, admin({ until: '2019-08-31' }));
  assertError(res, 400, 'invalid');
  res = await api.request('PATCH', `/api/v1/affiliations/${a.id}`, admin({ org_id: org2.id }));
  assertError(res, 400, 'invalid', 'org_id');
  res = await api.request('PATCH', `/api/v1/affiliations/${a.id}`, admin({ person_id: person2.id }));
  assertError(res, 400, 'invalid', 'person_id');
  res = await api.request('PATCH', `/api/v1/affiliations/${a.id}`, admin({ until: '2020-07-15', title: '结业学员' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.until, '2020-07-15');
  assert.equal(res.json.since, '2019-09-01');

  const b = (await api.request('POST', '/api/v1/affiliations',
    admin({ person_id: person.id, org_id: org2.id, role: 'student', since: '2020-09-01' }))).json;
  const c = (await api.request('POST', '/api/v1/affiliations',
    admin({ person_id: person2.id, org_id: org.id, role: 'mentor', since: '2018-03-01' }))).json;
  assert.deepEqual(ids(await list(`/api/v1/affiliations?person_id=${person.id}`)).sort(), [a.id, b.id].sort());
  assert.deepEqual(ids(await list(`/api/v1/affiliations?org_id=${org.id}`)).sort(), [a.id, c.id].sort());
  assert.deepEqual(ids(await list(`/api/v1/affiliations?org_id=${org.id}&role=mentor`)), [c.id]);
  assert.deepEqual(ids(await list(`/api/v1/affiliations?person_id=${person.id}&org_id=${org2.id}&role=student`)), [b.id]);

  res = await api.request('DELETE', `/api/v1/affiliations/${c.id}`, admin());
  assert.equal(res.status, 200);
  assert.ok(res.json.archived_at);
  assert.deepEqual(ids(await list(`/api/v1/affiliations?org_id=${org.id}`)), [a.id]);
  assert.deepEqual(ids(await list(`/api/v1/affiliations?org_id=${org.id}&archived=1`)).sort(), [a.id, c.id].sort());
  res = await api.request('PATCH', `/api/v1/affiliations/${c.id}`, admin({ title: '导师' }));
  assertError(res, 409, 'conflict');

  // An archived person or organisation cannot be given a new role.
  await api.request('DELETE', `/api/v1/people/${person2.id}`, admin());
  res = await api.request('POST', '/api/v1/affiliations', admin({ ...base, person_id: person2.id }));
  assertError(res, 400, 'invalid', 'person_id');
});

// ---- permissions ------------------------------------------------------------

test('a trainee does not browse the directory of organisations, changes nothing, reads no people', async () => {
  const org = await createOrg({ name: '权限测试企业' });
  const person = await createPerson({ name: '权限测试人' });
  const aff = (await api.request('POST', '/api/v1/affiliations',
    admin({ person_id: person.id, org_id: org.id, role: 'contact', since: '2019-11-18' }))).json;
  const tr = as(traineeToken);
  const auditBefore = count('audit_log');
  const orgsBefore = count('org');

  // An account tied to no organisation lists none (docs/PRIVACY.md), and
  // one it may not list is not found.
  let res = await api.request('GET', '/api/v1/orgs', tr);
  assert.equal(res.status, 200);
  assert.equal(res.json.total, 0);
  res = await api.request('GET', `/api/v1/orgs/${org.id}`, tr);
  assert.equal(res.status, 404);

  const refused = [
    ['POST', '/api/v1/orgs', { kind: 'startup', name: '学员公司' }],
    ['PATCH', `/api/v1/orgs/${org.id}`, { name: '被改了' }],
    ['DELETE', `/api/v1/orgs/${org.id}`],
    ['GET', '/api/v1/people'],
    ['GET', `/api/v1/people/${person.id}`],
    ['POST', '/api/v1/people', { name: '学员' }],
    ['PATCH', `/api/v1/people/${person.id}`, { name: '被改了' }],
    ['DELETE', `/api/v1/people/${person.id}`],
    ['GET', '/api/v1/affiliations'],
    ['GET', `/api/v1/affiliations/${aff.id}`],
    ['POST', '/api/v1/affiliations', { person_id: person.id, org_id: org.id, role: 'trainee', since: '2020-01-01' }],
    ['PATCH', `/api/v1/affiliations/${aff.id}`, { title: '被改了' }],
    ['DELETE', `/api/v1/affiliations/${aff.id}`],
  ];
  for (const [method, path, body] of refused) {
    res = await api.request(method, path, { ...tr, ...(body ? { body } : {}) });
    assertError(res, 403, 'forbidden');
    // Without credentials: 401.
    res = await api.request(method, path, body ? { body } : {});
    assertError(res, 401, 'unauthenticated');
  }
  res = await api.request('GET', '/api/v1/orgs');
  assertError(res, 401, 'unauthenticated');
  assert.equal(count('audit_log'), auditBefore, 'nothing audited: nothing changed');
  assert.equal(count('org'), orgsBefore);
  assert.equal(rows(`SELECT name FROM org WHERE id = ${org.id}`)[0].name, '权限测试企业');
  assert.equal(rows(`SELECT archived_at FROM org WHERE id = ${org.id}`)[0].archived_at, null);
});

// ---- paging and filters -------------------------------------------------------

test('paging over 45 organisations: total, limit, offset; filters kind and parent_id', async () => {
  const parent = await createOrg({ kind: 'park', name: '匠谷产业园（分页）' });
  const other = await createOrg({ kind: 'park', name: '另一个园区（分页）' });
  const made = [];
  for (let i = 0; i < 45; i++) {
    made.push((await createOrg({ kind: i % 3 ? 'investor' : 'government', name: `分页机构${String(i).padStart(2, '0')}`,
      parent_id: parent.id })).id);
  }
  await createOrg({ kind: 'investor', name: '别处的投资机构', parent_id: other.id });

  let page = await list(`/api/v1/orgs?parent_id=${parent.id}`);
  assert.equal(page.total, 45);
  assert.equal(page.limit, 20, 'the default limit');
  assert.equal(page.offset, 0);
  assert.equal(page.items.length, 20);

  const seen = [];
  for (const offset of [0, 20, 40]) {
    page = await list(`/api/v1/orgs?parent_id=${parent.id}&limit=20&offset=${offset}`);
    assert.equal(page.total, 45);
    assert.equal(page.limit, 20);
    assert.equal(page.offset, offset);
    assert.equal(page.items.length, offset === 40 ? 5 : 20);
    seen.push(...ids(page));
  }
  assert.deepEqual(seen, [...made].reverse(), 'newest first, each once');
  page = await list(`/api/v1/orgs?parent_id=${parent.id}&limit=7&offset=45`);
  assert.equal(page.items.length, 0);
  assert.equal(page.total, 45);
  page = await list(`/api/v1/orgs?parent_id=${parent.id}&limit=200`);
  assert.equal(page.items.length, 45);
  assert.ok(page.items.every((o) => o.parent_id === parent.id));

  page = await list(`/api/v1/orgs?parent_id=${parent.id}&kind=investor&limit=200`);
  assert.equal(page.total, 30);
  assert.ok(page.items.every((o) => o.kind === 'investor'));
  page = await list(`/api/v1/orgs?parent_id=${parent.id}&kind=government&limit=5&offset=10`);
  assert.equal(page.total, 15);
  assert.equal(page.items.length, 5);
  page = await list(`/api/v1/orgs?kind=investor&limit=200`);
  assert.equal(page.total, 31);
  page = await list(`/api/v1/orgs?parent_id=${parent.id}&kind=park`);
  assert.equal(page.total, 0);
  page = await list(`/api/v1/orgs?parent_id=${parent.id}&q=${encodeURIComponent('分页机构0')}`);
  assert.equal(page.total, 10);

  await api.request('DELETE', `/api/v1/orgs/${made[0]}`, admin());
  assert.equal((await list(`/api/v1/orgs?parent_id=${parent.id}`)).total, 44);
  assert.equal((await list(`/api/v1/orgs?parent_id=${parent.id}&archived=1`)).total, 45);
  assert.equal((await list(`/api/v1/orgs?parent_id=${parent.id}&archived=0`)).total, 44);

  for (const [arg, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=ten', 'limit'],
    ['offset=-1', 'offset'], ['archived=yes', 'archived']]) {
    const res = await api.request('GET', `/api/v1/orgs?${arg}`, admin());
    assertError(res, 400, 'invalid', field);
  }
});

test('a filter that is not a number is 400 naming it, on both back ends', async () => {
  for (const [path, field] of [['/api/v1/orgs?parent_id=abc', 'parent_id'],
    ['/api/v1/affiliations?person_id=1x', 'person_id'], ['/api/v1/affiliations?org_id=abc', 'org_id']]) {
    const res = await api.request('GET', path, admin());
    assertError(res, 400, 'invalid', field);
  }
});
