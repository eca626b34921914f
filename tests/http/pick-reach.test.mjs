// Whom a person picker offers (party.h, "Whom a picker of people offers";
// docs/PRIVACY.md), on the demo park: a firm's account finds by name the
// people its work involves — its trainees, the people placed on its slots —
// and no one else, not by mobile either; typed without JavaScript into its
// slot's form, an outsider's exact name is refused naming the field with
// nothing written, its own trainee's is assigned; staff find everyone; the
// people's directory stays staff's; a trainee's account picks itself, a
// firm's organisation picker offers its own firm. Runs on SQLite and on
// PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';

let db, srv, adminTok, firmTok, firm, placed, trainee, outsider, slot;

const rows = (sql) => dbRows(db.url, sql);

async function token(name, args) {
  const add = await runCli(['user', 'add', name, ...args, '--db', db.url], { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

async function request(method, path, token, { json, form } = {}) {
  const headers = { authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(srv.url + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, text, location: res.headers.get('location'),
    json: (res.headers.get('content-type') || '').startsWith('application/json') ? JSON.parse(text) : null };
}

const pick = async (q, tok) => {
  const res = await request('GET', '/api/v1/pick/person?q=' + encodeURIComponent(q), tok);
  assert.equal(res.status, 200, res.text);
  return res.json.items.map((i) => Number(i.id));
};

// Whether training or an affiliation ties person column `col` to firm `f`:
// the test's own oracle of the reach, written apart from the server's.
const tied = (f, col) => `(EXISTS (SELECT 1 FROM affiliation a WHERE a.org_id = ${f} AND a.person_id = ${col})
  OR EXISTS (SELECT 1 FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id
    JOIN training_programme g ON g.id = c.programme_id WHERE e.person_id = ${col}
    AND (g.firm_org_id = ${f} OR e.source_org_id = ${f}))
  OR EXISTS (SELECT 1 FROM training_mentor m JOIN training_enrolment e ON e.id = m.enrolment_id
    WHERE m.master_org_id = ${f} AND ${col} IN (e.person_id, m.master_person_id))
  OR EXISTS (SELECT 1 FROM placement l WHERE l.firm_id = ${f} AND l.person_id = ${col})
  OR EXISTS (SELECT 1 FROM placement_slot s WHERE s.firm_id = ${f} AND s.master_id = ${col}))`;
// A person whose name no one else has.
const unique = (col) => `(SELECT COUNT(*) FROM person q WHERE q.name = (SELECT name FROM person
  WHERE id = ${col})) = 1`;

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
  adminTok = await token('root', ['--role', 'admin']);
  firm = Number(rows('SELECT firm_id FROM placement_slot ORDER BY id LIMIT 1')[0].firm_id);
  firmTok = await token('firm', ['--role', 'enterprise', '--org', String(firm)]);
  placed = rows(`SELECT p.id, p.name, p.mobile FROM placement l JOIN person p ON p.id = l.person_id
    WHERE l.firm_id = ${firm} AND p.mobile IS NOT NULL AND ${unique('p.id')} ORDER BY p.id LIMIT 1`)[0];
  trainee = rows(`SELECT p.id, p.name FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id
    JOIN training_programme g ON g.id = c.programme_id JOIN person p ON p.id = e.person_id
    WHERE g.firm_org_id = ${firm} AND e.archived_at IS NULL AND ${unique('p.id')}
    AND NOT EXISTS (SELECT 1 FROM placement l WHERE l.person_id = p.id) ORDER BY p.id LIMIT 1`)[0];
  outsider = rows(`SELECT p.id, p.name FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id
    JOIN training_programme g ON g.id = c.programme_id JOIN person p ON p.id = e.person_id
    WHERE g.firm_org_id <> ${firm} AND NOT ${tied(firm, 'p.id')} AND ${unique('p.id')}
    ORDER BY p.id LIMIT 1`)[0];
  for (const p of [placed, trainee, outsider]) {
    assert.ok(p, 'the demo has the people this test needs');
    p.id = Number(p.id);
  }
  srv = await startServer({ db: db.url });
  // A slot of the firm with room (the demo's are full).
  const res = await request('POST', '/api/v1/training/slots', adminTok, { json: { firm_id: firm,
    title: '装配实习岗', workshop: '一号装配车间', starts_on: '2019-09-02', ends_on: '2019-12-27', places: 2 } });
  assert.equal(res.status, 201, res.text);
  slot = res.json.id;
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

test("a firm's picker finds its trainees and the people on its slots, no one else", async () => {
  assert.ok((await pick(placed.name, firmTok)).includes(placed.id), placed.name);
  assert.ok((await pick(trainee.name, firmTok)).includes(trainee.id), trainee.name);
  assert.deepEqual(await pick(outsider.name, firmTok), []);
  // Part of a name: every match is in reach.
  const some = await pick(placed.name.slice(0, 1), firmTok);
  assert.ok(some.length > 0);
  const out = rows(`SELECT p.id FROM person p WHERE p.id IN (${some.join(',')}) AND NOT ${tied(firm, 'p.id')}`);
  assert.deepEqual(out, [], 'nobody out of reach is offered');
  // The mobile, masked from the firm, finds nobody; staff find by it.
  assert.deepEqual(await pick(placed.mobile, firmTok), []);
  assert.ok((await pick(placed.mobile, adminTok)).includes(placed.id));
  // Staff find everyone.
  assert.ok((await pick(outsider.name, adminTok)).includes(outsider.id));
  // The people's directory stays staff's.
  assert.equal((await request('GET', '/api/v1/people?q=' + encodeURIComponent(placed.name), firmTok)).status, 403);
  assert.equal((await request('GET', '/people', firmTok)).status, 403);
});

test("a trainee's picker offers itself; a firm's organisation picker its own firm", async () => {
  const own = await token('trainee', ['--role', 'trainee', '--person', String(trainee.id)]);
  assert.deepEqual(await pick(trainee.name, own), [trainee.id]);
  assert.deepEqual(await pick(placed.name, own), []);
  const names = rows(`SELECT o.id, o.name FROM org o WHERE o.id = ${firm}
    OR o.id = (SELECT MIN(firm_id) FROM placement_slot WHERE firm_id <> ${firm}) ORDER BY o.id = ${firm} DESC`);
  const orgs = async (q) => (await request('GET', '/api/v1/pick/org?q=' + encodeURIComponent(q), firmTok))
    .json.items.map((i) => Number(i.id));
  assert.deepEqual(await orgs(names[0].name), [firm]);
  assert.deepEqual(await orgs(names[1].name), []);
});

test("the slot's form without JavaScript: an outsider's name is refused, its trainee's assigned", async () => {
  const count = () => Number(rows(`SELECT COUNT(*) AS n FROM placement WHERE slot_id = ${slot}`)[0].n);
  const form = (name) => ({ csrf: '', person_id: '', person_id_text: name, on: '2019-09-09', note: '' });
  let res = await request('POST', `/training/slots/${slot}/placements`, firmTok, { form: form(outsider.name) });
  assert.equal(res.status, 400, res.text.slice(0, 300));
  assert.match(res.text, /id="f-person_id-error"/);
  assert.ok(!res.text.includes(`value="${outsider.id}"`), 'no id is told for a name out of reach');
  assert.equal(count(), 0);
  res = await request('POST', `/training/slots/${slot}/placements`, firmTok, { form: form(trainee.name) });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.deepEqual(rows(`SELECT person_id FROM placement WHERE slot_id = ${slot}`).map((r) => Number(r.person_id)),
    [trainee.id]);
});
