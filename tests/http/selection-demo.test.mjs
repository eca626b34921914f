// The demo park's two-way selection (src/demo/selection.c): the order
// classes' hires of 2017-2019 come out of selection rounds — every hire
// training's order-class figure counts is the affiliation of an accepted
// offer — and the training figures as of 2019-11-18 are the article's
// still (1,500 / 20 / 1,800 / 900 / 53, 446 order-class hires); the
// park-wide round of 2019 fills in its second round the seats declined;
// some hires left in 2018-2019, which the retention figures show; the
// regional fair of autumn 2019 (src/demo/fair.c) was imported from the
// CSV files of `jianggu match`, run from its committed seed and published,
// its matching stable and its offers open on the demo's date.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, auth;
const rows = (sql) => dbRows(db.url, sql);
const num = (sql) => Number(rows(sql)[0].n);

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'staff', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'staff', '--db', db.url]);
  auth = { headers: { authorization: 'Bearer ' + res.stdout.trim() } };
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

const get = async (p) => {
  const res = await api.request('GET', p, auth);
  assert.equal(res.status, 200, res.text);
  return res.json;
};

// The hires training counts for an order class, by its own rule, that are
// no accepted offer's affiliation.
const HIRES_OUTSIDE = `SELECT COUNT(*) AS n FROM training_programme g
  JOIN training_cohort c ON c.programme_id = g.id
  JOIN training_enrolment e ON e.cohort_id = c.id AND e.status = 'completed'
  JOIN affiliation a ON a.person_id = e.person_id AND a.org_id = g.firm_org_id
   AND a.role = 'employee' AND a.since >= e.status_on
  WHERE g.kind = 'order_class' AND NOT EXISTS (SELECT 1 FROM selection_offer o
   WHERE o.status = 'accepted' AND o.affiliation_id = a.id)`;

test('as of 2019-11-18 the training figures are the article\'s, their hires out of selection records', async () => {
  const f = await get('/api/v1/training/figures?as_of=2019-11-18');
  assert.deepEqual([f.trained_for_firms.people, f.trained_for_firms.firms, f.enterprise_practice.people,
    f.college_intake.people, f.senior_technicians.firms], [1500, 20, 1800, 900, 53]);
  assert.equal(f.order_classes.length, 20);
  assert.equal(f.order_classes.reduce((a, o) => a + o.hired, 0), 446);
  assert.equal(num(HIRES_OUTSIDE), 0);
  // Each class's hires, at several dates, are its rounds' accepted offers
  // whose employment had begun.
  for (const asOf of ['2017-07-08', '2018-07-05', '2018-12-31', '2019-11-18']) {
    const fig = await get(`/api/v1/training/figures?as_of=${asOf}`);
    const offers = new Map(rows(`SELECT r.programme_id, COUNT(*) AS n FROM selection_offer o
      JOIN selection_round r ON r.id = o.round_id JOIN affiliation a ON a.id = o.affiliation_id
      WHERE r.scope = 'order_class' AND o.status = 'accepted' AND a.since <= '${asOf}'
      GROUP BY r.programme_id`).map((r) => [Number(r.programme_id), Number(r.n)]));
    for (const o of fig.order_classes)
      assert.equal(o.hired, offers.get(o.programme_id) ?? 0, `${asOf} ${o.name}`);
  }
  // 60 order-class rounds (20 classes, 3 years), published, each run from
  // its committed seed.
  const rounds = rows(`SELECT status, seed, seed_hash FROM selection_round WHERE scope = 'order_class'`);
  assert.equal(rounds.length, 60);
  assert.ok(rounds.every((r) => r.status === 'published' && r.seed && r.seed_hash.length === 64));
});

test('the park\'s round of 2019: two seats declined, filled in its second round', async () => {
  const [first] = rows(`SELECT id FROM selection_round WHERE scope = 'park' AND parent_id IS NULL`);
  const [second] = rows(`SELECT id, status FROM selection_round WHERE parent_id = ${first.id}`);
  assert.equal(second.status, 'published');
  const offers = (id) => rows(`SELECT o.status, p.title, p.origin_id, o.position_id FROM selection_offer o
    JOIN selection_position p ON p.id = o.position_id WHERE o.round_id = ${id} ORDER BY o.id`);
  const one = offers(first.id);
  assert.deepEqual(one.map((o) => o.status).sort(), ['accepted', 'accepted', 'accepted', 'declined', 'declined']);
  const declined = one.filter((o) => o.status === 'declined').map((o) => Number(o.position_id)).sort();
  const two = offers(second.id);
  assert.ok(two.every((o) => o.status === 'accepted'));
  assert.deepEqual(two.map((o) => Number(o.origin_id)).sort(), declined);
  // The round's figures and lists, as staff see them.
  const fig = await get(`/api/v1/selection/rounds/${first.id}/figures`);
  assert.deepEqual([fig.candidates, fig.matched, fig.offers.accepted, fig.offers.declined], [8, 5, 3, 2]);
  const lists = await api.request('GET', `/api/v1/selection/rounds/${second.id}/lists/matching.csv`, auth);
  assert.equal(lists.status, 200);
  // Those who still list a seat: the three left unmatched (the two who
  // declined listed nothing else that had a seat).
  assert.equal(lists.text.trim().split('\n').length - 1, 3);
});

test('some of selection\'s hires left in 2018-2019: retention at 6 and 12 months shows them', async () => {
  // The departures of the demo (src/demo/selection.c) and the trainee who
  // left to found a startup (demo.c): each an accepted offer's employment
  // that ended before the as-of date, with its reason.
  const left = rows(`SELECT a.leave_reason AS why, COUNT(*) AS n FROM selection_offer o
    JOIN affiliation a ON a.id = o.affiliation_id WHERE o.status = 'accepted' AND a.until IS NOT NULL
    GROUP BY a.leave_reason ORDER BY a.leave_reason`).map((r) => [r.why, Number(r.n)]);
  assert.deepEqual(left, [['contract_ended', 1], ['dismissed', 3], ['resigned', 22]]);
  assert.ok(rows(`SELECT a.until FROM selection_offer o JOIN affiliation a ON a.id = o.affiliation_id
    WHERE o.status = 'accepted' AND a.until IS NOT NULL`).every((x) => x.until >= '2018-01-01' && x.until < '2019-11-18'));
  // As of the demo's date: 305 hires are six months in, 6 of whom had left
  // before their sixth month; 298 are a year in, 10 of whom had left.
  const r = await get('/api/v1/selection/retention?as_of=2019-11-18');
  assert.deepEqual([r.m6.hires, r.m6.retained, r.m12.hires, r.m12.retained], [305, 299, 298, 288]);
});

test('the regional fair of autumn 2019: imported, run from its committed seed, stable, its offers open', async () => {
  const fairs = rows(`SELECT id, name, status, seed, seed_hash, list_cap FROM selection_round WHERE scope = 'region'`);
  assert.equal(fairs.length, 1);
  const [fair] = fairs;
  assert.deepEqual([fair.name, fair.status, Number(fair.list_cap)], ['2019年九台区秋季区域双选会', 'published', 5]);
  assert.equal(createHash('sha256').update(fair.seed).digest('hex'), fair.seed_hash);
  // Its lists came in through the fair's import, one audited action.
  assert.equal(num(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import' AND entity = 'selection_round'
    AND entity_id = ${fair.id}`), 1);
  // 52 firms' positions, 356 apprentices of 2019, 144 matched, each
  // offered a seat to answer by 29 November: no employment yet.
  const fig = await get(`/api/v1/selection/rounds/${fair.id}/figures`);
  assert.deepEqual([num(`SELECT COUNT(*) AS n FROM selection_position WHERE round_id = ${fair.id}`),
    fig.candidates, fig.matched, fig.offers.offered], [52, 356, 144, 144]);
  assert.equal(num(`SELECT COUNT(*) AS n FROM selection_offer WHERE round_id = ${fair.id}
    AND (status <> 'offered' OR deadline <> '2019-11-29' OR affiliation_id IS NOT NULL)`), 0);
  // The firms hold credit codes; the candidates completed an
  // apprenticeship on 2019-10-31 and nobody employs them; each listed 1
  // to 5 positions of the occupation it trained for; seats 1 to 5.
  assert.equal(num(`SELECT COUNT(*) AS n FROM selection_position p JOIN org o ON o.id = p.firm_id
    WHERE p.round_id = ${fair.id} AND (o.credit_code IS NULL OR p.headcount NOT BETWEEN 1 AND 5)`), 0);
  assert.equal(num(`SELECT COUNT(*) AS n FROM selection_candidate c WHERE c.round_id = ${fair.id}
    AND (c.basis <> 'listed' OR NOT EXISTS (SELECT 1 FROM training_enrolment e JOIN training_cohort k
      ON k.id = e.cohort_id JOIN training_programme g ON g.id = k.programme_id WHERE e.person_id = c.person_id
      AND g.kind = 'apprenticeship' AND e.status = 'completed' AND e.status_on = '2019-10-31')
    OR EXISTS (SELECT 1 FROM affiliation a WHERE a.person_id = c.person_id AND a.role = 'employee'))`), 0);
  const lists = rows(`SELECT COUNT(*) AS n, MIN(p.occupation) AS lo, MAX(p.occupation) AS hi, MAX(g.occupation) AS own
    FROM selection_candidate c JOIN selection_choice h ON h.candidate_id = c.id
    JOIN selection_position p ON p.id = h.position_id JOIN training_enrolment e ON e.person_id = c.person_id
    JOIN training_cohort k ON k.id = e.cohort_id JOIN training_programme g ON g.id = k.programme_id
    WHERE c.round_id = ${fair.id} AND g.kind = 'apprenticeship' GROUP BY c.id`);
  assert.equal(lists.length, 356);
  assert.ok(lists.every((l) => Number(l.n) >= 1 && Number(l.n) <= 5 && l.lo === l.hi && l.hi === l.own));
  // Firms left some applicants unranked; two lost a seat to the lottery,
  // tied with one who listed that position alone as they did.
  assert.ok(num(`SELECT COUNT(*) AS n FROM selection_reason r JOIN selection_candidate c ON c.id = r.candidate_id
    WHERE c.round_id = ${fair.id} AND r.why = 'unranked'`) > 0);
  assert.equal(num(`SELECT COUNT(*) AS n FROM selection_reason r JOIN selection_candidate c ON c.id = r.candidate_id
    WHERE c.round_id = ${fair.id} AND r.why = 'lottery'`), 2);

  // The stored matching is stable on the downloaded lists, and the
  // revealed seed gives it again byte for byte.
  const files = {};
  for (const name of ['positions.csv', 'candidate_prefs.csv', 'position_prefs.csv', 'matching.csv']) {
    const res = await api.request('GET', `/api/v1/selection/rounds/${fair.id}/lists/${name}`, auth);
    assert.equal(res.status, 200, res.text);
    files[name] = res.text;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-demo-fair-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const lists3 = ['positions.csv', 'candidate_prefs.csv', 'position_prefs.csv'].map((n) => path.join(dir, n));
    let r = await runCli(['match', 'verify', ...lists3, path.join(dir, 'matching.csv')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    r = await runCli(['match', ...lists3, '--seed', fair.seed, '--out', path.join(dir, 'out.csv')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path.join(dir, 'out.csv'), 'utf8'), files['matching.csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The what-if (staff): only the four of those two ties owe their
  // outcome to luck, each listing that one position alone.
  const w = await get(`/api/v1/selection/rounds/${fair.id}/whatif`);
  assert.equal(w.candidates.length, 356);
  for (const c of w.candidates)
    assert.ok(Math.abs(c.outcomes.reduce((a, o) => a + o.share, 0) - 1) < 1e-9);
  assert.equal(w.luck.length, 4);
  assert.equal(num(`SELECT COUNT(*) AS n FROM selection_choice WHERE candidate_id IN (${w.luck.join(',')})`), 4);

  // The round's page lists the first 20 of its 52 positions, counts them
  // all, and links the positions' list of the round, which has them all.
  let page = await api.request('GET', `/selection/rounds/${fair.id}`, auth);
  assert.equal(page.status, 200);
  const listed = /<section class="card" aria-labelledby="positions-heading">([\s\S]*?)<\/section>/.exec(page.text)[1];
  assert.match(listed, /开放岗位 <span class="muted">52<\/span>/);
  assert.equal([...listed.matchAll(/href="\/selection\/positions\/\d+"/g)].length, 20);
  assert.match(listed, new RegExp(`href="/selection/positions\\?round_id=${fair.id}&amp;status=open">查看本轮全部开放岗位`));
  page = await api.request('GET', `/api/v1/selection/positions?round_id=${fair.id}&status=open&limit=1`, auth);
  assert.equal(page.json.total, 52);

  // A matched candidate's path shows the fair: registered, then matched.
  const [one] = rows(`SELECT c.person_id, o.name FROM selection_result s JOIN selection_candidate c
    ON c.id = s.candidate_id JOIN selection_position p ON p.id = s.position_id JOIN org o ON o.id = p.firm_id
    WHERE s.round_id = ${fair.id} ORDER BY c.id LIMIT 1`);
  const res = await api.request('GET', `/people/${one.person_id}`, auth);
  assert.equal(res.status, 200);
  const section = /<section class="card" aria-labelledby="path-selection">([\s\S]*?)<\/section>/.exec(res.text);
  assert.ok(section, 'the selection section');
  const items = [...section[1].matchAll(/<li>([\s\S]*?)<\/li>/g)]
    .map((li) => li[1].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());
  assert.ok(items.some((l) => l.startsWith('2019-11-01 2019年九台区秋季区域双选会') && l.includes('报名参加')),
    items.join('\n'));
  assert.ok(items.some((l) => l.startsWith('2019-11-12') && l.includes(one.name) && l.includes('匹配成功')),
    items.join('\n'));
});
