// Lists as people page through them: `sort` by a column of the
// description (ascending, "-" descending, a reference by the name of the
// record it names, empty values last, ties by id), refused with 400
// naming `sort` for anything else; `limit` (the page size) and `page`
// (from 1) with the total; the list page's headers that sort, its pager
// (共 N 条, 每页, 跳至) and its search by the names a row refers to; the
// startups' search by name, and the audit log's order.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, auth;
const orgs = {};
const made = [];

before(async () => {
  db = freshDatabase();
  let res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url],
    { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { headers: { authorization: `Bearer ${res.stdout.trim()}` } };
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  // Investors named so that their order is the same in every collation.
  for (const name of ['Fund C', 'Fund A', 'Fund B', 'Startup X']) {
    const r = await api.request('POST', '/api/v1/orgs', { ...auth, body: { kind: 'enterprise', name } });
    assert.equal(r.status, 201, r.text);
    orgs[name] = r.json.id;
  }
  const rows = [
    ['2019-03-01', 'Fund C', 300000, 'equity', 'first'],
    ['2019-01-15', 'Fund A', 100000, 'grant', null],
    ['2019-03-01', 'Fund B', 200000, 'loan', 'tie on the date'],
    ['2018-12-31', 'Fund A', 500000, 'equity', 'largest'],
    ['2019-02-10', 'Fund B', 100000, 'grant', 'tie on the amount'],
  ];
  for (const [on_date, investor, amount, kind, note] of rows) {
    const body = { on_date, investor_id: orgs[investor], target_id: orgs['Startup X'], amount, kind };
    if (note) body.note = note;
    const r = await api.request('POST', '/api/v1/incubation/investments', { ...auth, body });
    assert.equal(r.status, 201, r.text);
    made.push(r.json);
  }
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

const list = async (query) => {
  const res = await api.request('GET', `/api/v1/incubation/investments?${query}`, auth);
  assert.equal(res.status, 200, res.text);
  return res.json;
};
const ids = (json) => json.items.map((i) => i.id);
const byId = (...k) => k.map((i) => made[i].id);

test('sort by a column, ascending and descending, ties by id in the same direction', async () => {
  let got = await list('sort=amount');
  assert.deepEqual(got.items.map((i) => i.amount), [100000, 100000, 200000, 300000, 500000]);
  assert.deepEqual(ids(got), byId(1, 4, 2, 0, 3));
  got = await list('sort=-amount');
  assert.deepEqual(ids(got), byId(3, 0, 2, 4, 1));
  got = await list('sort=-on_date');
  assert.deepEqual(got.items.map((i) => i.on_date),
    ['2019-03-01', '2019-03-01', '2019-02-10', '2019-01-15', '2018-12-31']);
  assert.deepEqual(ids(got).slice(0, 2), byId(2, 0));
  got = await list('sort=id');
  assert.deepEqual(ids(got), byId(0, 1, 2, 3, 4));
});

test('a reference sorts by the name of the record it names; empty values come last', async () => {
  let got = await list('sort=investor_id');
  assert.deepEqual(got.items.map((i) => i.investor_id),
    [orgs['Fund A'], orgs['Fund A'], orgs['Fund B'], orgs['Fund B'], orgs['Fund C']]);
  got = await list('sort=-investor_id');
  assert.equal(got.items[0].investor_id, orgs['Fund C']);
  for (const dir of ['', '-']) {
    got = await list(`sort=${dir}note`);
    assert.equal(got.items.at(-1).id, made[1].id, `${dir}note: the one without a note last: ${JSON.stringify(got.items.map((i) => [i.id, i.note]))}`);
  }
});

test('an unknown sort column is refused with 400 naming the field', async () => {
  for (const bad of ['bogus', '-bogus', 'amount;DROP TABLE investment', '', '-']) {
    if (bad === '') continue;
    const res = await api.request('GET', `/api/v1/incubation/investments?sort=${encodeURIComponent(bad)}`, auth);
    assert.equal(res.status, 400, `${bad}: ${res.text}`);
    assert.equal(res.json.error.field, 'sort', res.text);
  }
  // A reference to a table of the same kind cannot be sorted by its name.
  const res = await api.request('GET', '/api/v1/orgs?sort=parent_id', auth);
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.field, 'sort');
  // Nothing was written or lost on the way.
  assert.equal((await list('')).total, 5);
});

test('page size, page and total', async () => {
  let got = await list('sort=id&limit=2&page=2');
  assert.deepEqual(ids(got), byId(2, 3));
  assert.equal(got.total, 5);
  assert.equal(got.limit, 2);
  assert.equal(got.offset, 2);
  got = await list('sort=id&limit=2&page=3');
  assert.deepEqual(ids(got), byId(4));
  got = await list('sort=id&limit=2&page=9');
  assert.deepEqual(got.items, []);
  assert.equal(got.total, 5);
  for (const [q, field] of [['page=0', 'page'], ['page=x', 'page'], ['limit=201', 'limit'], ['limit=0', 'limit']]) {
    const res = await api.request('GET', `/api/v1/incubation/investments?${q}`, auth);
    assert.equal(res.status, 400, `${q}: ${res.text}`);
    assert.equal(res.json.error.field, field, res.text);
  }
  // Lists of their own handlers take `page` too.
  const res = await api.request('GET', '/api/v1/audit?limit=1&page=2', auth);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.offset, 1);
});

test('the audit log: newest first, or oldest first by its time', async () => {
  const order = async (q) => {
    const res = await api.request('GET', `/api/v1/audit?limit=200${q}`, auth);
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((i) => i.id);
  };
  const newest = await order('');
  assert.ok(newest.length >= 9);
  assert.deepEqual(await order('&sort=-at'), newest);
  assert.deepEqual(await order('&sort=at'), [...newest].reverse());
  const bad = await api.request('GET', '/api/v1/audit?sort=actor', auth);
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.field, 'sort');
  const html = await (await fetch(`${srv.url}/admin/audit?sort=at&limit=10`, auth)).text();
  assert.match(html, /<th scope="col" aria-sort="ascending"><a href="\/admin\/audit\?limit=10&amp;sort=-at"/);
});

test('the list page: sorting headers, the pager, search by the names a row refers to', async () => {
  const page = async (query) => {
    const res = await fetch(`${srv.url}/incubation/investments?${query}`, auth);
    assert.equal(res.status, 200);
    return res.text();
  };
  let html = await page('sort=-amount&limit=2');
  assert.match(html, /共 5 条/);
  assert.match(html, /<span>1 \/ 3<\/span>/);
  assert.match(html, /<th scope="col" aria-sort="descending"><a href="[^"]*sort=amount"/);
  assert.match(html, /<option value="2" selected>2<\/option><option value="10">/);
  assert.match(html, /<input type="hidden" name="sort" value="-amount">/);
  assert.match(html, /name="page" type="number"[^>]*max="3"/);
  assert.match(html, /href="[^"]*sort=-amount&amp;limit=2&amp;offset=2" rel="next"/);
  html = await page('q=Fund%20B');
  assert.match(html, /共 2 条/);
  const res = await fetch(`${srv.url}/incubation/investments?sort=bogus`, auth);
  assert.equal(res.status, 400);
});

test('the startups are searched by name, % and _ read as themselves', async () => {
  for (const name of ['Alpha 100% Robotics', 'Beta_1 Foods', 'Beta21 Foods']) {
    const org = await api.request('POST', '/api/v1/orgs', { ...auth, body: { kind: 'startup', name } });
    assert.equal(org.status, 201, org.text);
    const res = await api.request('POST', '/api/v1/incubation/startups',
      { ...auth, body: { org_id: org.json.id, admitted_on: '2019-06-01' } });
    assert.equal(res.status, 201, res.text);
  }
  const names = async (q) => {
    const res = await api.request('GET', `/api/v1/incubation/startups?as_of=2019-11-18&q=${encodeURIComponent(q)}`, auth);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.total, res.json.items.length);
    return res.json.items.map((i) => i.name).sort();
  };
  assert.deepEqual(await names('alpha'), ['Alpha 100% Robotics']);
  assert.deepEqual(await names('100%'), ['Alpha 100% Robotics']);
  assert.deepEqual(await names('0% R'), ['Alpha 100% Robotics']);
  assert.deepEqual(await names('Beta_'), ['Beta_1 Foods']);
  assert.deepEqual(await names('foods'), ['Beta21 Foods', 'Beta_1 Foods']);
  assert.deepEqual(await names('Gamma'), []);
  const res = await api.request('GET', `/api/v1/incubation/startups?q=${'x'.repeat(201)}`, auth);
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'q');
  const html = await (await fetch(`${srv.url}/incubation/startups?as_of=2019-11-18&q=Beta_`, auth)).text();
  assert.match(html, /Beta_1 Foods/);
  assert.doesNotMatch(html, /Beta21 Foods|Alpha 100%/);
  assert.match(html, /export\?format=csv&amp;as_of=2019-11-18&amp;q=Beta_/);
});
