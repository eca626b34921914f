// Entering and reading what people read, through the kit (record/entry.h,
// record/pick.c), on the demo park:
//  - no form the router serves has a plain input for a reference column:
//    every form is walked, and each picker, typed two characters of a
//    demo record's name, offers at least one record;
//  - no list, detail page or export shows a bare id for a reference
//    column (a column headed by a reference's label holds no bare number,
//    no link to another record reads as a number);
//  - money is typed in yuan ("20.5", "1,234.56", "¥20"; "20.505" and text
//    refused naming the field, nothing written), pickers resolve what was
//    typed without JavaScript (one match, or a select of several), and a
//    picker offers only what the caller may list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, freshDatabase, runCli, dbRows, loadDemo, ROOT } from '../lib/server.mjs';

let db, srv, tok, routes, startupTok, startupOrg;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  tok = (await runCli(['user', 'token', 'admin', '--db', db.url])).stdout.trim();
  startupOrg = dbRows(db.url, `SELECT id FROM org WHERE name = '长春鹿鸣新材料科技有限公司'`)[0].id;
  res = await runCli(['user', 'add', 'luming', '--role', 'enterprise', '--org', String(startupOrg), '--db', db.url],
    { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  startupTok = (await runCli(['user', 'token', 'luming', '--db', db.url])).stdout.trim();
  routes = JSON.parse((await runCli(['routes', '--json'])).stdout);
  srv = await startServer({ db: db.url });
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

async function get(p, token = tok) {
  const res = await fetch(srv.url + p, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') || '', text: await res.text(),
    location: res.headers.get('location') };
}

async function post(p, fields, token = tok) {
  const res = await fetch(srv.url + p, {
    method: 'POST', redirect: 'manual',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const unescape = (s) => s.replace(/<[^>]*>/g, '').replaceAll('&amp;', '&').replaceAll('&lt;', '<')
  .replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").trim();

// The GET pages of the router, with their :id from the list they belong to.
let pagesCache;
async function pages() {
  if (pagesCache) return pagesCache;
  const out = [];
  const firstId = new Map();
  for (const rt of routes) {
    if (!rt.flags.includes('page') || !rt.methods.includes('GET')) continue;
    if (/export|template|\/logout|^\/login$/.test(rt.pattern)) continue;
    const segs = rt.pattern.split('/');
    const k = segs.indexOf(':id');
    if (segs.some((s, i) => s.startsWith(':') && i !== k)) continue;
    if (k < 0) { out.push(rt.pattern); continue; }
    const base = segs.slice(0, k).join('/');
    if (!firstId.has(base)) {
      const list = await get(base);
      const m = list.status === 200 && list.text.match(new RegExp(`href="${base}/(\\d+)"`));
      firstId.set(base, m ? m[1] : null);
    }
    if (firstId.get(base)) out.push(rt.pattern.replace(':id', firstId.get(base)));
  }
  return (pagesCache = out);
}

// The labels of the reference columns (catalog keys ending in _id) in
// both catalogs: a column headed so holds names, never bare numbers.
function referenceLabels() {
  const labels = new Set();
  const numbers = new Set();	// the labels of records' own numbers
  const walk = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && /_id$/.test(k)) labels.add(v);
      else if (typeof v === 'string' && k === 'id') numbers.add(v);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  for (const lang of ['zh-CN', 'en']) {
    walk(JSON.parse(readFileSync(path.join(ROOT, 'web/i18n', `${lang}.json`), 'utf8')));
    const dir = path.join(ROOT, 'web/i18n', lang);
    for (const f of readdirSync(dir)) walk(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  }
  for (const n of numbers) labels.delete(n);
  return labels;
}

test('no form has a plain input for a reference; every picker finds a demo record by two characters', async (t) => {
  const plain = [];
  const sources = new Map();
  let forms = 0;
  for (const p of await pages()) {
    const res = await get(p);
    if (res.status !== 200 || !res.type.includes('text/html')) continue;
    for (const form of res.text.match(/<form[\s\S]*?<\/form>/g) || []) {
      if (/action="\/(lang|logout)"/.test(form)) continue;
      forms++;
      for (const input of form.match(/<input\b[^>]*>/g) || []) {
        const name = (input.match(/\bname="([^"]*)"/) || [])[1] || '';
        const type = (input.match(/\btype="([^"]*)"/) || [])[1] || 'text';
        if (/_id$/.test(name) && type !== 'hidden') plain.push(`${p}: <input name="${name}">`);
        const source = (input.match(/\bdata-picker="([^"]*)"/) || [])[1];
        if (source) sources.set(source, p);
      }
    }
  }
  assert.ok(forms > 50, `walked ${forms} forms`);
  assert.deepEqual(plain, []);
  assert.ok(sources.size >= 10, `pickers of ${[...sources.keys()]}`);
  const empty = [];
  for (const [source, where] of sources) {
    const first = JSON.parse((await get(source)).text).items;
    // A table the demo park keeps no record of has no name to type.
    if (first.length === 0 && !Number(dbRows(db.url,
      `SELECT COUNT(*) AS n FROM ${source.split('/').pop()}`)[0].n)) {
      empty.push(source);
      continue;
    }
    assert.ok(first.length > 0, `${source} (on ${where}) offers nothing`);
    // Two characters as a person would type them: from within one word.
    const title = [...first[0].title.split(/\s+/).reduce((a, b) => ([...b].length > [...a].length ? b : a))];
    const two = title.slice(Math.max(0, Math.floor(title.length / 2) - 1)).slice(0, 2).join('');
    const res = await get(`${source}?q=${encodeURIComponent(two)}`);
    assert.equal(res.status, 200);
    const found = JSON.parse(res.text).items;
    assert.ok(found.length >= 1, `${source}?q=${two} (on ${where}) found nothing`);
    for (const f of found) assert.ok(Number.isInteger(f.id) && typeof f.title === 'string' && f.title);
  }
  if (empty.length) t.diagnostic(`pickers of tables the demo park leaves empty: ${empty.join(', ')}`);
  assert.ok(empty.length < sources.size / 4, `${empty.length} of ${sources.size} pickers have nothing to find`);
});

test('no list, detail page or export shows a bare id for a reference column', async () => {
  const labels = referenceLabels();
  const bare = [];
  const isRef = (head) => labels.has(head.replace(/[（(].*$/, '').trim());
  const exports = new Set();
  let tables = 0;
  for (const p of await pages()) {
    const res = await get(p);
    if (res.status !== 200 || !res.type.includes('text/html')) continue;
    // A link to another record reads as its name.
    for (const m of res.text.matchAll(/<(td|dd)>\s*<a href="(\/[^"?]*?)\/(\d+)">(\d+)<\/a>/g)) {
      const own = p.split('?')[0];
      if (m[3] === m[4] && m[2] !== own && !own.startsWith(m[2]))
        bare.push(`${p}: a link to ${m[2]}/${m[3]} reads ${m[4]}`);
    }
    for (const table of res.text.match(/<table class="table">[\s\S]*?<\/table>/g) || []) {
      tables++;
      const heads = [...table.matchAll(/<th scope="col">([\s\S]*?)<\/th>/g)].map((h) => unescape(h[1]));
      for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g) || []) {
        const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescape(c[1]));
        cells.forEach((c, i) => {
          if (heads[i] && isRef(heads[i]) && /^\d+$/.test(c)) bare.push(`${p}: ${heads[i]} shows ${c}`);
        });
      }
    }
    for (const m of res.text.matchAll(/<dt>([^<]*)<\/dt><dd>([\s\S]*?)<\/dd>/g))
      if (isRef(unescape(m[1])) && /^\d+$/.test(unescape(m[2]))) bare.push(`${p}: ${unescape(m[1])} shows ${unescape(m[2])}`);
    for (const m of res.text.matchAll(/href="([^"]*\/export\?format=csv[^"]*)"/g)) exports.add(m[1].replaceAll('&amp;', '&'));
  }
  assert.ok(tables > 20, `${tables} tables`);
  assert.ok(exports.size > 20, `${exports.size} exports`);
  for (const e of exports) {
    const res = await get(e);
    assert.equal(res.status, 200, e);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => l.split(','));
    const heads = lines[0] || [];
    for (const line of lines.slice(1, 200))
      line.forEach((c, i) => {
        if (heads[i] && isRef(heads[i]) && /^\d+$/.test(c)) bare.push(`${e}: ${heads[i]} holds ${c}`);
      });
  }
  // One line per page and column.
  const kinds = [...new Set(bare.map((b) => b.replace(/ (shows|holds|reads) \d+$/, '').replace(/\/\d+$/, '')))];
  assert.deepEqual(kinds, []);
});

test('durations are exported in hours, as they are typed and imported', async () => {
  const res = await get('/incubation/sessions/export?format=csv');
  assert.equal(res.status, 200);
  const lines = res.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => l.split(','));
  const col = lines[0].indexOf('时长（小时）');
  assert.ok(col >= 0, lines[0].join(','));
  const minutes = dbRows(db.url, 'SELECT minutes FROM inc_session ORDER BY on_date DESC, id DESC LIMIT 20').map((r) => Number(r.minutes));
  lines.slice(1, 21).forEach((line, i) => {
    assert.match(line[col], /^\d+\.\d\d?$/);
    assert.equal(Math.round(Number(line[col]) * 60), minutes[i]);
  });
});

test('money typed in yuan: 20.5, 1,234.56 and ¥20 read, 20.505 and text refused naming the field', async () => {
  const before = dbRows(db.url, 'SELECT COUNT(*) AS n FROM investment')[0].n;
  const investor = dbRows(db.url, `SELECT o.id, o.name FROM org o JOIN investment i ON i.investor_id = o.id
    ORDER BY o.id LIMIT 1`)[0];
  const base = { csrf: '', on_date: '2019-10-01', investor_id: '', investor_id_text: investor.name,
    target_id: String(startupOrg), kind: 'equity' };
  for (const [typed, fen] of [['20.5', 2050], ['1,234.56', 123456], ['¥20', 2000]]) {
    const res = await post('/incubation/investments', { ...base, amount: typed });
    assert.equal(res.status, 303, typed + ' ' + res.text.slice(0, 200));
    const id = Number(res.location.split('/').pop());
    const api = JSON.parse((await get(`/api/v1/incubation/investments/${id}`)).text);
    assert.equal(api.amount, fen, typed);
    assert.equal(api.investor_id, investor.id);
    const page = (await get(`/incubation/investments/${id}`)).text;
    assert.ok(page.includes(investor.name), 'the detail names the investor');
  }
  for (const typed of ['20.505', '二十元', '20 yuan']) {
    const res = await post('/incubation/investments', { ...base, amount: typed });
    assert.equal(res.status, 400, typed);
    assert.match(res.text, /id="f-amount-error">请输入以元为单位的金额，最多两位小数/);
    assert.ok(res.text.includes(`value="${typed}"`), 'what was typed is shown again');
  }
  assert.equal(dbRows(db.url, 'SELECT COUNT(*) AS n FROM investment')[0].n, before + 3);
  // The form shows yuan back, and the list with separators.
  const id = dbRows(db.url, 'SELECT id FROM investment WHERE amount = 123456 ORDER BY id DESC LIMIT 1')[0].id;
  assert.match((await get(`/incubation/investments/${id}/edit`)).text, /name="amount" type="text" value="1234\.56"/);
  assert.match((await get(`/incubation/investments/${id}`)).text, /1,234\.56/);
});

test('a picker without JavaScript: the text typed is found, several matches offer a select', async () => {
  const before = dbRows(db.url, 'SELECT COUNT(*) AS n FROM lease')[0].n;
  const unit = dbRows(db.url, `SELECT u.id, u.code FROM unit u ORDER BY u.id LIMIT 1`)[0];
  const lease = { starts_on: '2031-01-01', ends_on: '2031-06-30', rent_per_m2_fen: '20.50', unit_id: '',
    org_id: '', org_id_text: '鹿鸣' };
  // "创业" names several units: the form comes back with a select of them.
  let res = await post('/incubation/leases', { ...lease, unit_id_text: '创业' });
  assert.equal(res.status, 400);
  assert.match(res.text, /有多条记录与输入匹配，请选择一条/);
  assert.match(res.text, /<select id="f-unit_id" name="unit_id"[^>]*>[\s\S]*<option value="\d+">/);
  // Nothing named so.
  res = await post('/incubation/leases', { ...lease, unit_id_text: '不存在的房间' });
  assert.equal(res.status, 400);
  assert.match(res.text, /没有记录与输入匹配/);
  assert.equal(dbRows(db.url, 'SELECT COUNT(*) AS n FROM lease')[0].n, before);
  // Chosen from the select (the id alone), the tenant by part of its name.
  res = await post('/incubation/leases', { ...lease, unit_id: String(unit.id) });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const id = Number(res.location.split('/').pop());
  const stored = JSON.parse((await get(`/api/v1/incubation/leases/${id}`)).text);
  assert.deepEqual([stored.unit_id, stored.org_id, stored.rent_per_m2_fen], [unit.id, startupOrg, 2050]);
  // An id the picker chose stands while its title is shown; a changed text wins.
  const edit = (await get(`/incubation/leases/${id}/edit`)).text;
  const shown = edit.match(/name="unit_id_text" type="text" value="([^"]*)"/)[1];
  assert.ok(shown.endsWith(unit.code), shown);
  // The list filter takes a name too.
  const list = (await get(`/incubation/leases?org_id=&org_id_text=${encodeURIComponent('鹿鸣')}`)).text;
  assert.ok(list.includes(`/incubation/leases/${id}"`));
  const none = (await get(`/incubation/leases?org_id=&org_id_text=${encodeURIComponent('不存在的公司')}`)).text;
  assert.ok(!/<a href="\/incubation\/leases\/\d+">/.test(none), 'a name of nothing lists nothing');
});

test('a picker offers only what the caller may list', async () => {
  let res = await get('/api/v1/pick/org?q=' + encodeURIComponent('科技'));
  assert.equal(res.status, 200);
  assert.ok(JSON.parse(res.text).items.length > 1);
  // A startup's account picks the people of its own organisation, not
  // the people of the park (pick-reach.test.mjs has a firm's trainees).
  res = await get('/api/v1/pick/person?q=' + encodeURIComponent('王'), startupTok);
  assert.equal(res.status, 200, res.text);
  for (const { id } of JSON.parse(res.text).items)
    assert.ok(dbRows(db.url, `SELECT 1 AS y FROM affiliation WHERE org_id = ${startupOrg} AND person_id = ${id}`)
      .length, `person ${id} is the startup's`);
  res = await get('/api/v1/pick/no_such_table?q=ab');
  assert.equal(res.status, 404);
  res = await fetch(srv.url + '/api/v1/pick/org?q=ab');
  assert.equal(res.status, 401);
});

test('a notice is sent to an organisation picked by its name, reaching its accounts', async () => {
  const account = dbRows(db.url, `SELECT id FROM account WHERE name = 'luming'`)[0].id;
  const before = Number(dbRows(db.url, 'SELECT COUNT(*) AS n FROM notification')[0].n);
  let res = await post('/admin/notifications', { csrf: '', to: 'org', org_id: '', org_id_text: '长春鹿鸣新材料',
    title: '请于月底前提交季度报表', body: '', link: '' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const sent = dbRows(db.url, `SELECT account_id FROM notification WHERE title = '请于月底前提交季度报表'`);
  assert.deepEqual(sent.map((n) => Number(n.account_id)), [Number(account)]);
  // An organisation nobody acts for: refused on its field, nothing sent.
  const lonely = dbRows(db.url, `SELECT o.id, o.name FROM org o WHERE NOT EXISTS
    (SELECT 1 FROM account a WHERE a.org_id = o.id) ORDER BY o.id LIMIT 1`)[0];
  res = await post('/admin/notifications', { csrf: '', to: 'org', org_id: String(lonely.id), org_id_text: lonely.name,
    title: '无人接收', body: '', link: '' });
  assert.equal(res.status, 400);
  assert.match(res.text, /id="f-org_id-error">该组织没有可用的账户/);
  assert.ok(res.text.includes(lonely.name), 'what was chosen is kept');
  assert.equal(Number(dbRows(db.url, 'SELECT COUNT(*) AS n FROM notification')[0].n), before + 1);
});
