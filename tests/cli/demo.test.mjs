// `jianggu demo`: the demo park on a fresh SQLite database — what it loads
// (counts, the named organisations without credit codes, valid generated
// codes and mobile numbers, dates as of 2019-11-18), that it is the same on
// every run, that a second run is refused and changes nothing, and that a
// load failing half-way leaves nothing behind. The same load on PostgreSQL
// is in tests/http/demo.test.mjs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, dbRows } from '../lib/server.mjs';

const AS_OF = '2019-11-18';
const dirs = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function freshPath() {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-demo-'));
  dirs.push(dir);
  return path.join(dir, 'demo.db');
}

// GB 32100-2015: weights 3^i mod 31 over the first 17 characters.
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCodeValid(code) {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0, w = 1;
  for (let i = 0; i < 17; i++) {
    sum += CODE_ALPHABET.indexOf(code[i]) * w;
    w = (w * 3) % 31;
  }
  return CODE_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

// GB 11714-1997: the organisation code inside it, characters 9 to 17.
function orgCodeValid(code9) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code9[i], 36) * w[i];
  const c = 11 - (sum % 11);
  return code9[8] === (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

test('GB 32100 and GB 11714 checks of this file know right from wrong', () => {
  assert.ok(orgCodeValid('D2143569X'));  // the standard's own example
  assert.ok(!orgCodeValid('D21435691'));
  assert.ok(creditCodeValid('91350100M000100Y43'));
  assert.ok(!creditCodeValid('91350100M000100Y44'));
});

const count = (db, sql) => Number(dbRows(db, `SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const counts = (db) => ({
  org: count(db, 'org'),
  person: count(db, 'person'),
  affiliation: count(db, 'affiliation'),
  audit: count(db, 'audit_log'),
});

// Everything the demo wrote but the times of writing.
const dump = (db) => JSON.stringify([
  dbRows(db, `SELECT id, kind, name, name_en, credit_code, parent_id, founded_on,
    address, contact_name, contact_phone FROM org ORDER BY id`),
  dbRows(db, 'SELECT id, name, mobile, email FROM person ORDER BY id'),
  dbRows(db, `SELECT id, person_id, org_id, role, title, since, until
    FROM affiliation ORDER BY id`),
]);

const db = freshPath();
let first;

test('demo loads the park into a fresh database and prints a summary', async () => {
  first = await runCli(['demo', '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /organisations\s+152\n/);
  assert.match(first.stdout, /park 4, enterprise 60, startup 62, university 18, vocational_college 5, institute 3/);
  assert.match(first.stdout, /people\s+\d+\n/);
  assert.match(first.stdout, /founder 62/);
  assert.match(first.stdout, /expert 7/);
});

test('the organisations: kinds and counts as modelled', () => {
  const byKind = Object.fromEntries(dbRows(db, 'SELECT kind, COUNT(*) AS n FROM org GROUP BY kind')
    .map((r) => [r.kind, Number(r.n)]));
  assert.deepEqual(byKind, {
    park: 4, enterprise: 60, startup: 62, university: 18,
    vocational_college: 5, institute: 3,
  });
  // The 22 partner universities and colleges: all but the technician college.
  assert.equal(count(db, `org WHERE kind IN ('university', 'vocational_college')
    AND name <> '吉林省中工技师学院'`), 22);
  // The 20 firms of the Jiutai Economic Development Zone.
  const firms = dbRows(db, `SELECT name, credit_code FROM org
    WHERE kind = 'enterprise' AND address LIKE '%九台经济开发区%'`);
  assert.equal(firms.length, 20);
  for (const f of firms) {
    assert.match(f.name, /^长春九台.+有限公司$/);
    assert.ok(f.credit_code, `${f.name} has a credit code`);
  }
});

test('the organisations the article names keep their names and have no credit code', () => {
  const named = [
    '九台大学生创业园', '吉林九台人力资源服务产业园', '国家级高技能人才公共培训基地',
    '吉林省中工技师学院', '吉林省职业能力训练院', '吉林省中工职业教育研究院',
    '哈工大机器人集团', '广东智通人才连锁股份有限公司', '上海景格科技股份有限公司',
    '华为技术有限公司', '北京交控科技股份有限公司', '京东物流', '中工集团',
    '中国科学院长春光学精密机械与物理研究所', '吉林龙航科技服务有限公司',
  ];
  for (const name of named) {
    const rows = dbRows(db, `SELECT kind, credit_code FROM org WHERE name = '${name}'`);
    assert.equal(rows.length, 1, name);
    assert.equal(rows[0].credit_code, null, `${name} has no credit code`);
  }
  const kind = (name) => dbRows(db, `SELECT kind FROM org WHERE name = '${name}'`)[0].kind;
  assert.equal(kind('吉林省中工技师学院'), 'vocational_college');
  assert.equal(kind('中国科学院长春光学精密机械与物理研究所'), 'institute');
  assert.equal(kind('吉林龙航科技服务有限公司'), 'startup');
  // Both parks are units of the operator; the base is a unit of the park.
  const parent = (name) => dbRows(db, `SELECT p.name FROM org o JOIN org p
    ON p.id = o.parent_id WHERE o.name = '${name}'`)[0]?.name;
  assert.equal(parent('九台大学生创业园'), '九台区大学生创业园运营管理中心');
  assert.equal(parent('吉林九台人力资源服务产业园'), '九台区大学生创业园运营管理中心');
  assert.equal(parent('国家级高技能人才公共培训基地'), '九台大学生创业园');
});

test('the training institute is planned: it opens after the as-of date, nobody works there yet', () => {
  const [row] = dbRows(db, `SELECT id, founded_on FROM org WHERE name = '吉林省职业能力训练院'`);
  assert.equal(row.founded_on, '2021-11-01');
  assert.ok(row.founded_on > AS_OF);
  assert.equal(count(db, `affiliation WHERE org_id = ${row.id}`), 0);
});

test('every credit code is valid (GB 32100 and its GB 11714 part), unique, and registered in Jiutai or nearby', () => {
  const codes = dbRows(db, 'SELECT name, credit_code FROM org WHERE credit_code IS NOT NULL');
  // operator, firms, invented startups; the 33 nearby firms (training.c)
  assert.equal(codes.length, 1 + 20 + 61 + 33);
  for (const { name, credit_code: code } of codes) {
    assert.ok(creditCodeValid(code), `${name}: ${code}`);
    assert.ok(orgCodeValid(code.slice(8, 17)), `${name}: ${code} organisation code`);
    assert.match(code, /^(91|12)2201(13|00)/, `${name}: ${code}`);
  }
  assert.equal(codes.filter((c) => /^(91|12)220113/.test(c.credit_code)).length, 1 + 20 + 61);
  assert.equal(new Set(codes.map((c) => c.credit_code)).size, codes.length);
  assert.equal(count(db, `org WHERE kind = 'startup' AND credit_code IS NULL`), 1);
});

test('startups: 62, founded 2014-2019, the drone firm with its general manager and a team of 30', () => {
  const startups = dbRows(db, `SELECT name, founded_on FROM org WHERE kind = 'startup'`);
  assert.equal(startups.length, 62);
  assert.equal(new Set(startups.map((s) => s.name)).size, 62);
  for (const s of startups) {
    assert.ok(s.founded_on >= '2014-01-01' && s.founded_on <= AS_OF, `${s.name} ${s.founded_on}`);
    assert.match(s.name, /有限公司$/);
  }
  const years = new Set(startups.map((s) => s.founded_on.slice(0, 4)));
  assert.deepEqual([...years].sort(), ['2014', '2015', '2016', '2017', '2018', '2019']);
  const founder = dbRows(db, `SELECT p.name, a.title FROM affiliation a
    JOIN person p ON p.id = a.person_id JOIN org o ON o.id = a.org_id
    WHERE o.name = '吉林龙航科技服务有限公司' AND a.role = 'founder'`);
  assert.deepEqual(founder, [{ name: '吴琼', title: '总经理' }]);
  assert.equal(count(db, `affiliation a JOIN org o ON o.id = a.org_id
    WHERE o.name = '吉林龙航科技服务有限公司'`), 30);
  // Every startup has one founder; founders and staff make the 424 jobs.
  assert.equal(count(db, `affiliation WHERE role = 'founder'`), 62);
  assert.equal(count(db, `(SELECT DISTINCT a.org_id FROM affiliation a
    JOIN org o ON o.id = a.org_id WHERE o.kind = 'startup' AND a.role = 'founder')`), 62);
  assert.equal(count(db, `affiliation a JOIN org o ON o.id = a.org_id
    WHERE o.kind = 'startup' AND a.role IN ('founder', 'employee')`), 424);
});

test('people: the seven CAS experts, teachers, students and trainees, with their roles', () => {
  assert.equal(count(db, `affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.role = 'expert' AND o.name = '中国科学院长春光学精密机械与物理研究所'`), 7);
  assert.equal(count(db, 'affiliation WHERE role = \'expert\''), 7);
  assert.ok(count(db, `affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.role = 'teacher' AND o.name = '吉林省中工技师学院'`) >= 10);
  assert.ok(count(db, `affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.role = 'student' AND o.kind IN ('university', 'vocational_college')`) >= 200);
  assert.ok(count(db, `affiliation WHERE role = 'trainee'`) >= 200);
  assert.ok(count(db, `affiliation WHERE role = 'mentor'`) >= 7);
  // Each of the 20 firms, 8 co-builders and 33 nearby firms has a contact.
  assert.equal(count(db, `(SELECT DISTINCT a.org_id FROM affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.role = 'contact' AND o.kind IN ('enterprise', 'institute'))`), 61);
});

test('people: valid, unique mobile numbers; Chinese names; dates as of 2019-11-18', () => {
  const people = dbRows(db, 'SELECT name, mobile FROM person');
  // With the training history (training.c): 1,500 trained for firms,
  // 1,800 apprentices, the college's 900 students, 60 senior technicians.
  assert.ok(people.length >= 5000 && people.length <= 5500, `${people.length} people`);
  for (const p of people) {
    assert.match(p.mobile, /^1[3-9]\d{9}$/);
    assert.match(p.name, /^[\u4e00-\u9fff]{2,3}$/);
  }
  assert.equal(new Set(people.map((p) => p.mobile)).size, people.length);
  assert.equal(count(db, `affiliation WHERE since > '${AS_OF}' OR until > '${AS_OF}'
    OR until < since`), 0);
  assert.equal(count(db, 'person p WHERE NOT EXISTS (SELECT 1 FROM affiliation a WHERE a.person_id = p.id)'), 0);
});

test('every record is audited as the system', () => {
  const c = counts(db);
  assert.equal(count(db, `audit_log WHERE actor_name = 'system' AND action = 'create'
    AND entity IN ('org', 'person', 'affiliation')`), c.org + c.person + c.affiliation);
  // The incubation history writes through the same audited rules.
  assert.equal(count(db, `audit_log WHERE actor_name = 'system' AND entity = 'incubation'`), 62);
  // The training history's records too (training.c).
  assert.equal(count(db, `audit_log WHERE actor_name <> 'system'`), 0);
});

test('a second run is refused with exit 1, names what is there, and changes nothing', async () => {
  const before = counts(db);
  const again = await runCli(['demo', '--db', db]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^jianggu demo: the database already holds 152 organisations and \d+ people/);
  assert.match(again.stderr, /empty ledger/);
  assert.equal(again.stdout, '');
  assert.deepEqual(counts(db), before);
});

test('every run loads the same park', async () => {
  const other = freshPath();
  const res = await runCli(['demo', '--db', other]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.replace(other, ''), first.stdout.replace(db, ''));
  assert.equal(dump(other), dump(db));
});

test('a load that fails half-way leaves nothing behind', async () => {
  const other = freshPath();
  const mig = await runCli(['migrate', '--db', other]);
  assert.equal(mig.status, 0, mig.stderr);
  // Make the database refuse one of the startups, late in the load.
  execFileSync('sqlite3', [other, `CREATE TRIGGER refuse BEFORE INSERT ON org
    WHEN new.name = '吉林龙航科技服务有限公司'
    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`]);
  const res = await runCli(['demo', '--db', other]);
  assert.equal(res.status, 1);
  assert.match(res.stderr, /organisation '吉林龙航科技服务有限公司'/);
  assert.deepEqual(counts(other), { org: 0, person: 0, affiliation: 0, audit: 0 });
  execFileSync('sqlite3', [other, 'DROP TRIGGER refuse']);
  const ok = await runCli(['demo', '--db', other]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(dump(other), dump(db));
});

test('demo refuses stray arguments with its usage', async () => {
  const res = await runCli(['demo', 'extra']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /usage: jianggu demo \[--db URL\]/);
});
