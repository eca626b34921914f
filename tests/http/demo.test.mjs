// `jianggu demo` on the back end of the run (JIANGGU_TEST_DB: SQLite, or
// PostgreSQL in the scratch cluster): the demo park loads in full, a second
// run is refused and changes nothing, and the server then serves the park:
// a search for 九台 finds the Jiutai firms. The detailed checks of what the
// park holds are in tests/cli/demo.test.mjs (SQLite).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startServer, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';

let db, srv, token;

const count = (sql) => Number(dbRows(db.url, `SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const counts = () => ({
  org: count('org'),
  person: count('person'),
  affiliation: count('affiliation'),
  audit: count('audit_log'),
});

before(async () => {
  db = freshDatabase();
});

after(async () => {
  if (srv) await srv.stop();
  else db.dispose();
});

test('demo loads the park', async () => {
  const res = await runCli(['demo', '--db', db.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /organisations\s+152\n/);
  const byKind = Object.fromEntries(dbRows(db.url, 'SELECT kind, COUNT(*) AS n FROM org GROUP BY kind')
    .map((r) => [r.kind, Number(r.n)]));
  assert.deepEqual(byKind, {
    park: 4, enterprise: 60, startup: 62, university: 18,
    vocational_college: 5, institute: 3,
  });
  assert.equal(count(`org WHERE kind = 'enterprise' AND address LIKE '%九台经济开发区%'`), 20);
  assert.equal(count(`org WHERE credit_code IS NOT NULL`), 115);
  for (const name of ['华为技术有限公司', '京东物流', '中国科学院长春光学精密机械与物理研究所',
    '吉林龙航科技服务有限公司', '九台大学生创业园'])
    assert.equal(count(`org WHERE name = '${name}' AND credit_code IS NULL`), 1, name);
  assert.equal(count(`affiliation WHERE role = 'expert'`), 7);
  const c = counts();
  // Every record made is audited as made (one employment also ended: the
  // trainee who left to found a startup).
  assert.equal(count(`audit_log WHERE actor_name = 'system' AND action = 'create'
    AND entity IN ('org', 'person', 'affiliation')`), c.org + c.person + c.affiliation);
  // The incubation history (src/demo/incubation.c): every startup admitted, 25 graduated.
  assert.equal(count('incubation'), 62);
  assert.equal(count(`incubation_event WHERE kind = 'graduated'`), 25);
  assert.equal(count('inc_expert'), 7);
  const mobiles = dbRows(db.url, 'SELECT COUNT(DISTINCT mobile) AS n, COUNT(*) AS total FROM person')[0];
  assert.equal(Number(mobiles.n), Number(mobiles.total));
});

test('a second run is refused and changes nothing', async () => {
  const before = counts();
  const res = await runCli(['demo', '--db', db.url]);
  assert.equal(res.status, 1);
  assert.match(res.stderr, /already holds 152 organisations and \d+ people/);
  assert.deepEqual(counts(), before);
});

test('the server serves the park: 九台 finds the Jiutai firms', async () => {
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'root', '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  token = tok.stdout.trim();
  srv = await startServer({ db: db.url });
  const get = async (path) => {
    const res = await fetch(srv.url + path, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return res.json();
  };
  const firms = await get(`/api/v1/orgs?kind=enterprise&q=${encodeURIComponent('九台')}&limit=50`);
  assert.equal(firms.total, 20);
  for (const f of firms.items) assert.match(f.name, /^长春九台/);
  const startups = await get('/api/v1/orgs?kind=startup&limit=1');
  assert.equal(startups.total, 62);
  const one = await get(`/api/v1/orgs?q=${encodeURIComponent('龙航')}`);
  assert.equal(one.total, 1);
  assert.equal(one.items[0].credit_code, null);
});

test('a person\'s page shows the path the modules know of it, section by section', async () => {
  const page = async (id) => {
    const res = await fetch(`${srv.url}/people/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const html = await res.text();
    const sections = {};
    for (const m of html.matchAll(/<section class="card" aria-labelledby="path-(\w+)">([\s\S]*?)<\/section>/g))
      sections[m[1]] = [...m[2].matchAll(/<li>([\s\S]*?)<\/li>/g)]
        .map((li) => li[1].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());
    return sections;
  };
  // A trainee with a completion certificate: training only.
  let path;
  const [cert] = dbRows(db.url, `SELECT t.person_id, t.number, t.issued_on, g.name FROM training_certificate t
    JOIN training_programme g ON g.id = t.programme_id
    WHERE NOT EXISTS (SELECT 1 FROM affiliation a WHERE a.person_id = t.person_id AND a.role = 'founder')
    ORDER BY t.id LIMIT 1`);
  path = await page(cert.person_id);
  assert.deepEqual(Object.keys(path), ['training']);
  const lines = path.training;
  assert.ok(lines.some((l) => l.startsWith(cert.issued_on) && l.includes(cert.name) && l.includes('结业证书') &&
    l.includes(cert.number)), lines.join('\n'));
  assert.ok(lines.some((l) => / · 报名/.test(l)), 'the enrolment');
  assert.deepEqual([...lines].map((l) => l.slice(0, 10)), [...lines].map((l) => l.slice(0, 10)).sort(), 'in date order');
  // The demo's trainee who was hired through its class's selection and
  // later left to found a startup of the park: every section.
  const [tf] = dbRows(db.url, `SELECT a.person_id, o.name FROM affiliation a JOIN org o ON o.id = a.org_id
    WHERE a.role = 'founder' AND EXISTS (SELECT 1 FROM selection_candidate c JOIN selection_offer f
      ON f.candidate_id = c.id AND f.status = 'accepted' WHERE c.person_id = a.person_id)`);
  path = await page(tf.person_id);
  assert.deepEqual(Object.keys(path), ['training', 'selection', 'incubation']);
  assert.ok(path.training.some((l) => l.includes('结业证书')), path.training.join('\n'));
  assert.ok(path.selection.some((l) => l.includes('匹配成功')) && path.selection.some((l) => l.includes('已接受')),
    path.selection.join('\n'));
  assert.ok(path.incubation.some((l) => l.endsWith(`${tf.name} · 创办`)), path.incubation.join('\n'));
  assert.ok(path.incubation.some((l) => / · 报告从业人员 \d+ 人$/.test(l)), path.incubation.join('\n'));
  // Their timeline says why the employment ended.
  const html = await (await fetch(`${srv.url}/people/${tf.person_id}`,
    { headers: { authorization: `Bearer ${token}` } })).text();
  assert.match(html.replace(/<[^>]*>/g, ''), /员工 [^·\n]*· 离职原因：辞职/);
  // A founder of a startup that reported: incubation only, ending in the
  // jobs of its latest accepted report.
  const [f] = dbRows(db.url, `SELECT a.person_id, o.name, i.admitted_on FROM affiliation a
    JOIN org o ON o.id = a.org_id JOIN incubation i ON i.org_id = a.org_id
    WHERE a.role = 'founder' AND EXISTS (SELECT 1 FROM inc_report r WHERE r.org_id = a.org_id
      AND r.status = 'accepted' AND r.employees IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM training_enrolment e WHERE e.person_id = a.person_id) ORDER BY a.id LIMIT 1`);
  path = await page(f.person_id);
  assert.deepEqual(Object.keys(path), ['incubation']);
  assert.match(path.incubation[0], new RegExp(`${f.name} · 创办$`));
  assert.ok(path.incubation.includes(`${f.admitted_on} ${f.name} · 入孵`), path.incubation.join('\n'));
  assert.ok(path.incubation.some((l) => / · 报告从业人员 \d+ 人$/.test(l)), path.incubation.join('\n'));
});

test('the park\'s talent path: the trained, those hired through selection, those who founded startups and their jobs', async () => {
  const asOf = '2019-11-18';
  // Two trainees found startups of the park together: A two of them, B
  // one of A's. Each startup, and its jobs, counts once.
  const [a, b] = dbRows(db.url, `SELECT DISTINCT person_id FROM training_enrolment WHERE status = 'completed'
    AND status_on <= '2018-01-01' ORDER BY person_id LIMIT 2`).map((r) => r.person_id);
  const [s1, s2] = dbRows(db.url, `SELECT i.org_id FROM incubation i WHERE i.admitted_on <= '${asOf}'
    AND EXISTS (SELECT 1 FROM inc_report r WHERE r.org_id = i.org_id AND r.status = 'accepted' AND r.employees > 0)
    ORDER BY i.org_id LIMIT 2`).map((r) => r.org_id);
  for (const [person, org] of [[a, s1], [a, s2], [b, s1]]) {
    const done = dbTryExec(db.url, `INSERT INTO affiliation (person_id, org_id, role, title, since, created_at, updated_at)
      VALUES (${person}, ${org}, 'founder', '联合创始人', '2018-06-01', '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z')`);
    assert.ok(done.ok, done.error);
  }
  const res = await fetch(`${srv.url}/api/v1/figures/path?as_of=${asOf}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const f = await res.json();
  // The same counts straight from the tables, independently of the code.
  const trained = `SELECT DISTINCT person_id FROM training_enrolment WHERE status = 'completed'
    AND status_on <= '${asOf}' AND archived_at IS NULL`;
  assert.equal(f.trained, count(`(${trained}) t`));
  assert.equal(f.hired, count(`(SELECT DISTINCT c.person_id FROM selection_offer o
    JOIN selection_candidate c ON c.id = o.candidate_id WHERE o.status = 'accepted'
    AND o.decided_on <= '${asOf}' AND c.person_id IN (${trained})) h`));
  const founders = `SELECT a.person_id, a.org_id FROM affiliation a JOIN incubation i ON i.org_id = a.org_id
    WHERE a.role = 'founder' AND a.archived_at IS NULL AND a.since <= '${asOf}'
    AND i.admitted_on <= '${asOf}' AND a.person_id IN (${trained})`;
  assert.equal(f.founders, count(`(SELECT DISTINCT person_id FROM (${founders}) x) y`));
  assert.equal(f.startups, count(`(SELECT DISTINCT org_id FROM (${founders}) x) y`));
  assert.equal(f.founded.length, count(`(${founders}) x`));
  assert.ok(f.startups >= 2 && f.founders >= 2);
  const latest = (org) => `(SELECT r.employees FROM inc_report r JOIN inc_report_period p ON p.id = r.period_id
    WHERE r.org_id = ${org} AND r.status = 'accepted' AND r.employees IS NOT NULL AND p.ends_on <= '${asOf}'
    ORDER BY p.ends_on DESC, r.id DESC LIMIT 1)`;
  const orgs = dbRows(db.url, `SELECT DISTINCT org_id FROM (${founders}) x`).map((r) => r.org_id);
  const jobs = orgs.reduce((sum, org) => sum + Number(dbRows(db.url, `SELECT ${latest(org)} AS n`)[0].n || 0), 0);
  assert.equal(f.jobs, jobs, 'each startup\'s jobs once');
  // Figures for everyone who may read them; the founders behind them for staff only.
  await runCli(['user', 'add', 'watch', '--role', 'viewer', '--db', db.url], { input: 'Root-pass-2026\n' });
  const viewer = (await runCli(['user', 'token', 'watch', '--db', db.url])).stdout.trim();
  const seen = await (await fetch(`${srv.url}/api/v1/figures/path?as_of=${asOf}`,
    { headers: { authorization: `Bearer ${viewer}` } })).json();
  assert.equal(seen.founders, f.founders);
  assert.equal(seen.founded, undefined);
  assert.ok(f.trained > 1000, `${f.trained} trained`);
  const bad = await fetch(`${srv.url}/api/v1/figures/path?as_of=2019-13-01`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.field, 'as_of');
});
