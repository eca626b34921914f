// Two-way selection over HTTP (issue 19): 300 candidates and 40 firms
// entered through the API, both sides' lists with ties, the lock that
// commits a lottery seed (409 and nothing written afterwards), the run,
// publication with each candidate's explanation, and who may see what.
// The published matching is checked stable by a checker written here,
// independent of src/match (it recomputes the lottery from the revealed
// seed and the pseudonyms), and the downloaded lists re-run with
// `jianggu match --seed` give the downloaded matching byte for byte.
// Every JSON answer is checked against the served OpenAPI document.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });

async function call(method, p, body, token = adminToken) {
  return api.request(method, p, as(token, body));
}
async function post(p, body, token = adminToken, status = 201) {
  const res = await call('POST', p, body, token);
  assert.equal(res.status, status, `${p}: ${res.text}`);
  return res.json;
}
async function get(p, token = adminToken) {
  const res = await call('GET', p, undefined, token);
  assert.equal(res.status, 200, `${p}: ${res.text}`);
  return res.json;
}
function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

let accounts = 0;
async function account(role, { org, person } = {}) {
  const name = `sel${++accounts}${role}`;
  const args = ['user', 'add', name, '--role', role, '--db', db.url];
  if (org) args.push('--org', String(org));
  if (person) args.push('--person', String(person));
  const add = await runCli(args, { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

// A fixed-seed generator, so that a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// ---- the independent checker ------------------------------------------

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
function mix(x) {
  x ^= x >> 30n; x = (x * 0xbf58476d1ce4e5b9n) & M64;
  x ^= x >> 27n; x = (x * 0x94d049bb133111ebn) & M64;
  x ^= x >> 31n;
  return x;
}
// The draw of docs/internals/match.md, recomputed here.
function draw(seed, id) {
  const b = Buffer.from(id, 'utf8');
  let h = mix((seed + (BigInt(b.length) + 1n) * GOLDEN) & M64);
  for (let i = 0; i < b.length; i += 8) {
    let w = 0n;
    for (let j = 0; j < 8 && i + j < b.length; j++) w |= BigInt(b[i + j]) << BigInt(8 * j);
    h = (mix(h ^ w) + GOLDEN) & M64;
  }
  return mix(h ^ BigInt(b.length));
}
const csv = (text) => text.trim().split('\n').slice(1).map((l) => l.split(','));

// Every violation of the matching against the lists, ties broken by the
// lottery of `seed`: over capacity, unacceptable pairs, blocking pairs.
function violations(files, seed) {
  const cap = new Map(csv(files['positions.csv']).map(([p, c]) => [p, Number(c)]));
  const cpref = new Map();
  for (const [c, p, r] of csv(files['candidate_prefs.csv'])) {
    if (!cpref.has(c)) cpref.set(c, new Map());
    cpref.get(c).set(p, Number(r));
  }
  const ppref = new Map();
  for (const [p, c, r] of csv(files['position_prefs.csv'])) {
    if (!ppref.has(p)) ppref.set(p, new Map());
    ppref.get(p).set(c, Number(r));
  }
  const place = new Map([...cpref.keys()]
    .map((c) => [c, draw(seed, c)])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1))
    .map(([c], i) => [c, i]));
  const key = (p, c) => [ppref.get(p).get(c), place.get(c)];
  const better = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const got = new Map(csv(files['matching.csv']).map(([c, p]) => [c, p || null]));
  const held = new Map([...cap.keys()].map((p) => [p, []]));
  const bad = [];
  for (const [c, p] of got) {
    if (!p) continue;
    held.get(p).push(c);
    if (!cpref.get(c)?.has(p) || !ppref.get(p)?.has(c)) bad.push(`unacceptable ${c} ${p}`);
  }
  for (const [p, cs] of held) if (cs.length > cap.get(p)) bad.push(`over capacity ${p}`);
  for (const [c, list] of cpref) {
    const mine = got.get(c) ? list.get(got.get(c)) : Infinity;
    for (const [p, r] of list) {
      if (r >= mine || !ppref.get(p)?.has(c)) continue;
      const hs = held.get(p);
      if (hs.length < cap.get(p) || hs.some((h) => better(key(p, c), key(p, h))))
        bad.push(`blocking ${c} ${p}`);
    }
  }
  return { bad, matched: [...got.values()].filter(Boolean).length };
}

// ---- the park ------------------------------------------------------------

const FIRMS = 40;
const CANDIDATES = 300;
const state = {};

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'boss', '--role', 'admin', '--db', db.url],
    { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  adminToken = (await runCli(['user', 'token', 'boss', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('a round, 40 firms\' positions, 300 eligible candidates, both sides\' lists', async () => {
  const rnd = rng(19);
  state.round = await post('/api/v1/selection/rounds', {
    name: '2026年园区双向选择', year: 2026, scope: 'park', opens_on: '2026-06-01',
    lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20',
  });
  assert.equal(state.round.status, 'open');
  assert.equal(state.round.seed_hash, null);
  // Bad input names its field and writes nothing.
  assertError(await call('POST', '/api/v1/selection/rounds', {
    name: 'x', year: 2026, scope: 'order_class', opens_on: '2026-06-01',
    lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20',
  }), 400, 'invalid', 'programme_id');
  assertError(await call('POST', '/api/v1/selection/rounds', {
    name: 'x', year: 2026, scope: 'park', opens_on: '2026-06-01',
    lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-01',
  }), 400, 'invalid', 'offer_deadline');
  assert.equal(count('selection_round'), 1);

  state.firms = [];
  for (let i = 0; i < FIRMS; i++)
    state.firms.push((await post('/api/v1/orgs', { kind: 'enterprise', name: `双选测试企业${i}有限公司` })).id);
  state.firmTokens = [await account('enterprise', { org: state.firms[0] }),
    await account('enterprise', { org: state.firms[1] })];

  // A firm posts for itself; its post waits for vetting.
  const posted = await post('/api/v1/selection/positions', {
    round_id: state.round.id, title: '工业机器人运维', occupation: '工业机器人系统运维员',
    headcount: 3, place: '长春市九台区', pay_min: 450000, pay_max: 650000, shifts: '两班倒',
  }, state.firmTokens[0]);
  assert.equal(posted.status, 'proposed');
  assert.equal(posted.firm_id, state.firms[0]);
  // Another firm cannot post in its name.
  assertError(await call('POST', '/api/v1/selection/positions', {
    round_id: state.round.id, firm_id: state.firms[0], title: 'x', occupation: 'x',
    headcount: 1, place: 'x', pay_min: 1, pay_max: 2,
  }, state.firmTokens[1]), 400, 'invalid', 'firm_id');
  assert.equal((await post(`/api/v1/selection/positions/${posted.id}/vet`, { decision: 'open' }, adminToken, 200)).status, 'open');
  state.positions = [posted.id];
  for (let f = 0; f < FIRMS; f++) {
    const n = f === 0 ? 1 : 1 + Math.floor(rnd() * 2);
    for (let k = 0; k < n; k++) {
      const p = await post('/api/v1/selection/positions', {
        round_id: state.round.id, firm_id: state.firms[f], title: `岗位${f}-${k}`,
        occupation: '城市轨道交通运营', headcount: 1 + Math.floor(rnd() * 6), place: '长春',
        pay_min: 400000, pay_max: 800000,
      });
      assert.equal(p.status, 'open');
      state.positions.push(p.id);
    }
  }
  // A withdrawn position closes.
  const gone = await post('/api/v1/selection/positions', {
    round_id: state.round.id, firm_id: state.firms[5], title: '撤回岗位', occupation: 'x',
    headcount: 2, place: '长春', pay_min: 1, pay_max: 2,
  });
  assert.equal((await post(`/api/v1/selection/positions/${gone.id}/withdraw`, {}, adminToken, 200)).status, 'withdrawn');
  state.gone = gone.id;

  // People, each eligible by a skill certificate; one with none is refused.
  const nobody = await post('/api/v1/people', { name: '未结业者' });
  // Registration waits for its calendar.
  const later = await post('/api/v1/selection/rounds', { name: '未开放轮次', year: 2099, scope: 'park',
    opens_on: '2099-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  const certified = await post('/api/v1/people', { name: '持证者' });
  await post('/api/v1/training/skill-certificates', { person_id: certified.id, occupation: '焊工', level: 3,
    number: 'SEL-LATER', issuer: '吉林省职业技能鉴定中心', issued_on: '2026-05-01' });
  assertError(await call('POST', `/api/v1/selection/rounds/${later.id}/candidates`,
    { person_id: certified.id }), 409, 'conflict', 'status');
  assert.equal(count(`selection_candidate WHERE round_id = ${later.id}`), 0);
  assertError(await call('POST', `/api/v1/selection/rounds/${state.round.id}/candidates`,
    { person_id: nobody.id }), 400, 'invalid', 'person_id');
  state.cands = [];
  for (let i = 0; i < CANDIDATES; i++) {
    const person = await post('/api/v1/people', { name: `学员${i}` });
    await post('/api/v1/training/skill-certificates', {
      person_id: person.id, occupation: '电工', level: 4, number: `SEL-${i}`,
      issuer: '吉林省职业技能鉴定中心', issued_on: '2026-05-01',
    });
    const c = await post(`/api/v1/selection/rounds/${state.round.id}/candidates`,
      { person_id: person.id, consent: i % 3 === 0 ? 0 : 1 });
    assert.match(c.pseudonym, /^C[0-9A-Z]{10}$/);
    assert.equal(c.basis, 'certificate');
    state.cands.push({ ...c, name: `学员${i}` });
  }
  // A round created without a cap takes the setting's, and keeps it; a
  // capped round refuses a longer list and writes nothing.
  assert.equal(state.round.list_cap, 0);
  const setCap = async (value) => assert.equal((await call('PUT', '/api/v1/settings/selection.list_cap',
    { value })).status, 200);
  await setCap('2');
  const capped = await post('/api/v1/selection/rounds', { name: '限志愿轮次', year: 2026, scope: 'park',
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  assert.equal(capped.list_cap, 2);
  assert.equal((await post('/api/v1/selection/rounds', { name: '不限志愿轮次', year: 2026, scope: 'park', list_cap: 0,
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' })).list_cap, 0);
  await setCap('0');
  assert.equal((await get(`/api/v1/selection/rounds/${capped.id}`)).list_cap, 2);
  const three = [];
  for (let k = 0; k < 3; k++)
    three.push((await post('/api/v1/selection/positions', { round_id: capped.id, firm_id: state.firms[k],
      title: `限额岗位${k}`, occupation: '电工', headcount: 1, place: '长春', pay_min: 1, pay_max: 2 })).id);
  const capCand = await post(`/api/v1/selection/rounds/${capped.id}/candidates`, { person_id: state.cands[2].person_id });
  assertError(await call('POST', `/api/v1/selection/candidates/${capCand.id}/list`, { positions: three, submit: true }),
    400, 'invalid', 'positions');
  assert.equal(count(`selection_choice WHERE candidate_id = ${capCand.id}`), 0);
  assert.equal((await post(`/api/v1/selection/candidates/${capCand.id}/list`,
    { positions: three.slice(0, 2), submit: true }, adminToken, 200)).items.length, 2);

  // The first two candidates sign in as themselves.
  state.traineeTokens = [await account('trainee', { person: state.cands[0].person_id }),
    await account('trainee', { person: state.cands[1].person_id })];

  // Candidates' lists: 1-6 positions; the first one also lists the
  // withdrawn position at the top, which must be refused.
  assertError(await call('POST', `/api/v1/selection/candidates/${state.cands[0].id}/list`,
    { positions: [state.gone, state.positions[0]], submit: true }, state.traineeTokens[0]),
  400, 'invalid', 'positions');
  for (const [i, c] of state.cands.entries()) {
    const want = new Set();
    const n = 1 + Math.floor(rnd() * 6);
    if (i === 0) want.add(posted.id);
    while (want.size < n) want.add(state.positions[Math.floor(rnd() * state.positions.length)]);
    const token = i < 2 ? state.traineeTokens[i] : adminToken;
    const list = await post(`/api/v1/selection/candidates/${c.id}/list`,
      { positions: [...want], submit: i !== 7 }, token, 200);
    assert.deepEqual(list.items.map((e) => e.position_id), [...want]);
    c.list = [...want];
  }
  // Candidate 7 kept a draft: it does not enter the run.
  assert.equal((await get(`/api/v1/selection/candidates/${state.cands[7].id}/list`)).submitted_at, null);

  // Firms' lists: every applicant, in tiers of one to three (ties).
  for (const pid of state.positions) {
    const token = pid === posted.id ? state.firmTokens[0] : adminToken;
    const apps = (await get(`/api/v1/selection/positions/${pid}/applicants`, token)).items;
    const ranks = [];
    let rank = 0;
    for (let i = 0; i < apps.length;) {
      rank++;
      const tier = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < tier && i < apps.length; k++, i++)
        if (rnd() < 0.9) ranks.push({ candidate_id: apps[i].candidate_id, rank });
    }
    const list = await post(`/api/v1/selection/positions/${pid}/list`, { ranks }, token, 200);
    assert.equal(list.items.length, ranks.length);
  }
  // Ranking someone who did not apply is refused.
  const stranger = state.cands.find((c) => !c.list.includes(posted.id));
  assertError(await call('POST', `/api/v1/selection/positions/${posted.id}/list`,
    { ranks: [{ candidate_id: stranger.id, rank: 1 }] }, state.firmTokens[0]), 400, 'invalid', 'ranks');
});

test('a firm sees only its own applicants and lists, and nothing without consent', async () => {
  const [mineTok, otherTok] = state.firmTokens;
  const mine = state.positions[0];
  assert.equal((await call('GET', `/api/v1/selection/positions/${mine}/applicants`, undefined, otherTok)).status, 404);
  assert.equal((await call('GET', `/api/v1/selection/positions/${mine}/list`, undefined, otherTok)).status, 404);
  assert.equal((await call('POST', `/api/v1/selection/positions/${mine}/list`, { ranks: [] }, otherTok)).status, 404);
  const apps = (await get(`/api/v1/selection/positions/${mine}/applicants`, mineTok)).items;
  assert.ok(apps.length > 0);
  for (const a of apps) {
    const c = state.cands.find((x) => x.id === a.candidate_id);
    assert.equal(a.pseudonym, c.pseudonym);
    if (a.consent) {
      assert.equal(a.person_name, c.name);
      assert.equal(a.certificates.skill.length, 1);
      assert.deepEqual(a.assessments, []);
    } else {
      assert.deepEqual(Object.keys(a).sort(),
        ['basis', 'candidate_id', 'choice_rank', 'consent', 'firm_rank', 'pseudonym']);
    }
  }
  // A firm's list of positions: the open ones and its own.
  const seen = (await get('/api/v1/selection/positions?limit=200&archived=1', otherTok)).items;
  assert.ok(seen.every((p) => p.status === 'open' || p.firm_id === state.firms[1]));
  assert.ok(!seen.some((p) => p.id === state.gone));
});

test('a candidate cannot read another\'s list or candidacy', async () => {
  const [t0] = state.traineeTokens;
  const other = state.cands[1].id;
  assert.equal((await call('GET', `/api/v1/selection/candidates/${other}/list`, undefined, t0)).status, 404);
  assert.equal((await call('GET', `/api/v1/selection/candidates/${other}`, undefined, t0)).status, 404);
  assert.equal((await call('POST', `/api/v1/selection/candidates/${other}/list`, { positions: [] }, t0)).status, 404);
  const mine = await get('/api/v1/selection/candidates', t0);
  assert.deepEqual(mine.items.map((c) => c.id), [state.cands[0].id]);
  // Nor a firm the candidates at all.
  assert.equal((await call('GET', '/api/v1/selection/candidates', undefined, state.firmTokens[0])).status, 403);
});

test('the what-if of a round with ties: shares sum to 1, exactly the lucky listed, staff only, nothing written', async () => {
  // A and B tie at P (one seat); C is P's second choice and Q's first.
  const round = await post('/api/v1/selection/rounds', { name: '抽签模拟轮次', year: 2026, scope: 'park',
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  const pos = async (title) => (await post('/api/v1/selection/positions', { round_id: round.id, firm_id: state.firms[0],
    title, occupation: '电工', headcount: 1, place: '长春', pay_min: 1, pay_max: 2 })).id;
  const [P, Q] = [await pos('模拟岗位P'), await pos('模拟岗位Q')];
  const cand = [];
  for (const i of [3, 4, 5])
    cand.push((await post(`/api/v1/selection/rounds/${round.id}/candidates`, { person_id: state.cands[i].person_id })).id);
  const lists = [[P], [P], [P, Q]];
  for (const [i, c] of cand.entries())
    await post(`/api/v1/selection/candidates/${c}/list`, { positions: lists[i], submit: true }, adminToken, 200);
  await post(`/api/v1/selection/positions/${P}/list`, { ranks: [{ candidate_id: cand[0], rank: 1 },
    { candidate_id: cand[1], rank: 1 }, { candidate_id: cand[2], rank: 2 }] }, adminToken, 200);
  await post(`/api/v1/selection/positions/${Q}/list`, { ranks: [{ candidate_id: cand[2], rank: 1 }] }, adminToken, 200);
  const whatif = `/api/v1/selection/rounds/${round.id}/whatif`;
  assertError(await call('GET', whatif), 409, 'conflict', 'status');
  await post(`/api/v1/selection/rounds/${round.id}/lock`, {}, adminToken, 200);

  const snapshot = () => JSON.stringify([rows(`SELECT * FROM selection_round WHERE id = ${round.id}`),
    rows(`SELECT * FROM selection_seed WHERE round_id = ${round.id}`),
    rows(`SELECT id, filled, cutoff, updated_at FROM selection_position WHERE round_id = ${round.id} ORDER BY id`),
    count(`selection_result WHERE round_id = ${round.id}`), count('audit_log')]);
  const before = snapshot();
  const w = await get(whatif);
  assert.equal(w.draws, 100);
  assert.equal(w.candidates.length, 3);
  for (const c of w.candidates) {
    assert.ok(Math.abs(c.outcomes.reduce((a, o) => a + o.share, 0) - 1) < 1e-9, JSON.stringify(c));
    assert.equal(c.outcomes.reduce((a, o) => a + o.n, 0), 100);
    assert.equal(c.luck, c.outcomes.length > 1);
  }
  // A and B each won P in some draws and lost it in others (all 100
  // alike has odds of 2^-99); C always got Q.
  assert.deepEqual([...w.luck].sort((a, b) => a - b), [cand[0], cand[1]]);
  const of = (id) => w.candidates.find((c) => c.candidate_id === id);
  assert.deepEqual(of(cand[0]).outcomes.map((o) => o.position_id), [P, null]);
  assert.equal(of(cand[0]).outcomes[0].n + of(cand[1]).outcomes[0].n, 100);
  assert.deepEqual(of(cand[2]).outcomes, [{ position_id: Q, n: 100, share: 1 }]);
  assert.deepEqual(w.positions.find((p) => p.position_id === P),
    { position_id: P, headcount: 1, full: 100, filled_min: 1, filled_max: 1, cutoff_min: 1, cutoff_max: 1 });
  // Candidates and firms never see it; it wrote nothing.
  for (const token of [state.traineeTokens[0], state.firmTokens[0]])
    assert.equal((await call('GET', whatif, undefined, token)).status, 403);
  assert.equal(snapshot(), before);
});

test('the lock commits a seed; afterwards every edit is 409 and writes nothing', async (t) => {
  const locked = await post(`/api/v1/selection/rounds/${state.round.id}/lock`, {}, adminToken, 200);
  assert.equal(locked.status, 'locked');
  assert.match(locked.seed_hash, /^[0-9a-f]{64}$/);
  assert.equal(locked.seed, null);
  state.hash = locked.seed_hash;
  const before = JSON.stringify(rows(`SELECT * FROM selection_choice ORDER BY candidate_id, rank`)) +
    JSON.stringify(rows(`SELECT * FROM selection_ranking ORDER BY position_id, candidate_id`)) +
    JSON.stringify(rows(`SELECT id, status, consent, updated_at FROM selection_candidate ORDER BY id`)) +
    JSON.stringify(rows(`SELECT id, status, updated_at FROM selection_position ORDER BY id`));
  const audits = count('audit_log');
  const c0 = state.cands[0];
  const edits = [
    ['POST', `/api/v1/selection/candidates/${c0.id}/list`, { positions: [state.positions[1]], submit: true }, state.traineeTokens[0]],
    ['POST', `/api/v1/selection/candidates/${c0.id}/withdraw`, {}, state.traineeTokens[0]],
    ['POST', `/api/v1/selection/candidates/${c0.id}/consent`, { consent: 0 }, state.traineeTokens[0]],
    ['POST', `/api/v1/selection/positions/${state.positions[0]}/list`, { ranks: [] }, state.firmTokens[0]],
    ['POST', `/api/v1/selection/positions/${state.positions[0]}/withdraw`, {}, state.firmTokens[0]],
    ['PATCH', `/api/v1/selection/positions/${state.positions[0]}`, { headcount: 9 }, state.firmTokens[0]],
    ['POST', '/api/v1/selection/positions', { round_id: state.round.id, title: 'x', occupation: 'x', headcount: 1, place: 'x', pay_min: 1, pay_max: 2 }, state.firmTokens[0]],
    ['POST', `/api/v1/selection/rounds/${state.round.id}/candidates`, { consent: 1 }, state.traineeTokens[1]],
    ['POST', `/api/v1/selection/rounds/${state.round.id}/lock`, {}, adminToken],
  ];
  for (const [m, p, body, tok] of edits)
    assertError(await call(m, p, body, tok), 409, 'conflict');
  const after = JSON.stringify(rows(`SELECT * FROM selection_choice ORDER BY candidate_id, rank`)) +
    JSON.stringify(rows(`SELECT * FROM selection_ranking ORDER BY position_id, candidate_id`)) +
    JSON.stringify(rows(`SELECT id, status, consent, updated_at FROM selection_candidate ORDER BY id`)) +
    JSON.stringify(rows(`SELECT id, status, updated_at FROM selection_position ORDER BY id`));
  assert.equal(after, before);
  assert.equal(count('audit_log'), audits);
  // The what-if of the 300: each candidate's shares add up to 1; it
  // writes nothing either.
  const t0 = process.hrtime.bigint();
  const w = await get(`/api/v1/selection/rounds/${state.round.id}/whatif`);
  t.diagnostic(`what-if of ${w.candidates.length} candidates, ${w.draws} draws: ${Number(process.hrtime.bigint() - t0) / 1e6} ms`);
  for (const c of w.candidates)
    assert.ok(Math.abs(c.outcomes.reduce((a, o) => a + o.share, 0) - 1) < 1e-9);
  assert.deepEqual(w.luck, w.candidates.filter((c) => c.outcomes.length > 1).map((c) => c.candidate_id));
  assert.equal(count('audit_log'), audits);
  // Nothing to download or read before the run.
  assert.equal((await call('GET', `/api/v1/selection/rounds/${state.round.id}/lists/matching.csv`)).status, 404);
  assert.equal((await call('GET', `/api/v1/selection/candidates/${c0.id}/result`, undefined, state.traineeTokens[0])).status, 404);
});

test('the run reveals the committed seed and stores a stable matching the lists reproduce', async () => {
  const run = await post(`/api/v1/selection/rounds/${state.round.id}/run`, {}, adminToken, 200);
  assert.equal(run.status, 'run');
  assert.match(run.seed, /^\d{1,19}$/);
  assert.equal(createHash('sha256').update(run.seed).digest('hex'), state.hash);
  assert.equal(run.seed_hash, state.hash);
  state.seed = run.seed;
  const files = {};
  for (const name of ['positions.csv', 'candidate_prefs.csv', 'position_prefs.csv', 'matching.csv']) {
    const res = await call('GET', `/api/v1/selection/rounds/${state.round.id}/lists/${name}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    files[name] = res.text;
  }
  state.files = files;
  // Pseudonyms only: no name, no person id.
  assert.ok(!files['candidate_prefs.csv'].includes('学员'));
  // The draft and the withdrawn position are not in the lists.
  assert.ok(!files['candidate_prefs.csv'].includes(state.cands[7].pseudonym));
  assert.ok(!files['positions.csv'].includes(`P${state.gone},`));
  // Stable by the checker here, with the lottery of the revealed seed.
  const { bad, matched } = violations(files, BigInt(run.seed));
  assert.deepEqual(bad, []);
  assert.ok(matched > 100, `matched ${matched}`);
  assert.equal(matched, count(`selection_result WHERE position_id IS NOT NULL`));
  // jianggu match --seed on the downloaded lists: the same file, byte for byte.
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-selection-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const args = ['match', path.join(dir, 'positions.csv'), path.join(dir, 'candidate_prefs.csv'),
      path.join(dir, 'position_prefs.csv'), '--seed', run.seed, '--out', path.join(dir, 'out.csv')];
    const r = await runCli(args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path.join(dir, 'out.csv'), 'utf8'), files['matching.csv']);
    // The same seed gives the same matching; another seed another lottery.
    const again = await runCli([...args.slice(0, 4), '--seed', run.seed]);
    assert.equal(again.stdout, files['matching.csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Viewers download only once it is published.
  state.viewer = await account('viewer');
  assert.equal((await call('GET', `/api/v1/selection/rounds/${state.round.id}/lists/matching.csv`, undefined, state.viewer)).status, 404);
});

test('publication: each candidate sees its result and why not, notified; others see nothing', async () => {
  const [t0, t1] = state.traineeTokens;
  assert.equal((await call('GET', `/api/v1/selection/candidates/${state.cands[0].id}/result`, undefined, t0)).status, 404);
  const pub = await post(`/api/v1/selection/rounds/${state.round.id}/publish`, {}, adminToken, 200);
  assert.equal(pub.status, 'published');
  assertError(await call('POST', `/api/v1/selection/rounds/${state.round.id}/run`, {}), 409, 'conflict');
  const res = await get(`/api/v1/selection/candidates/${state.cands[0].id}/result`, t0);
  const mine = state.cands[0].list;
  const got = res.position_id ? mine.indexOf(res.position_id) : mine.length;
  // One reason for every position ranked above what it got.
  assert.deepEqual(res.reasons.map((r) => r.position_id), mine.slice(0, got));
  for (const r of res.reasons) assert.ok(['closed', 'unranked', 'outranked', 'lottery'].includes(r.why));
  assert.equal((await call('GET', `/api/v1/selection/candidates/${state.cands[1].id}/result`, undefined, t0)).status, 404);
  await get(`/api/v1/selection/candidates/${state.cands[1].id}/result`, t1);
  // Every reason agrees with the lists: an outranked one had a better cutoff.
  const all = rows(`SELECT why, firm_rank, cutoff FROM selection_reason`);
  for (const r of all) {
    if (r.why === 'outranked') assert.ok(Number(r.cutoff) < Number(r.firm_rank));
    if (r.why === 'lottery') assert.equal(Number(r.cutoff), Number(r.firm_rank));
    if (r.why === 'unranked') assert.equal(r.firm_rank, null);
  }
  // Everyone concerned is told: each enabled account of a registered
  // candidate or of a firm with an open position, once, audited as one
  // batch naming them.
  const link = `/selection/rounds/${state.round.id}`;
  const audience = rows(`SELECT a.id FROM account a WHERE a.disabled_at IS NULL AND (a.person_id IN
    (SELECT person_id FROM selection_candidate WHERE round_id = ${state.round.id} AND status = 'registered')
    OR a.org_id IN (SELECT firm_id FROM selection_position WHERE round_id = ${state.round.id} AND status = 'open'))
    ORDER BY a.id`).map((r) => Number(r.id));
  assert.ok(audience.length >= 4);
  assert.deepEqual(rows(`SELECT account_id FROM notification WHERE link = '${link}' ORDER BY account_id`)
    .map((r) => Number(r.account_id)), audience);
  const told = rows(`SELECT after_json FROM audit_log WHERE entity = 'notification' AND action = 'create'
    AND after_json LIKE '%${link}"%'`);
  assert.equal(told.length, 1);
  assert.deepEqual(JSON.parse(told[0].after_json).account_ids, audience);
  // The round's figures agree with its results.
  const f = await get(`/api/v1/selection/rounds/${state.round.id}/figures`, state.viewer);
  const res_ = rows(`SELECT choice_rank FROM selection_result WHERE round_id = ${state.round.id}`);
  const ranks = res_.filter((r) => r.choice_rank !== null).map((r) => Number(r.choice_rank));
  assert.equal(f.candidates, res_.length);
  assert.equal(f.matched, ranks.length);
  assert.equal(f.first_choice, ranks.filter((r) => r === 1).length);
  assert.ok(Math.abs(f.mean_rank - ranks.reduce((a, b) => a + b, 0) / ranks.length) < 1e-9);
  const byRank = [...new Set(ranks)].sort((a, b) => a - b).map((rank) => ({ rank, n: ranks.filter((r) => r === rank).length }));
  assert.deepEqual(f.by_rank, byRank);
  assert.equal(f.order_class, null);
  // Viewers may now download the lists.
  const v = await call('GET', `/api/v1/selection/rounds/${state.round.id}/lists/matching.csv`, undefined, state.viewer);
  assert.equal(v.status, 200);
  assert.equal(v.text, state.files['matching.csv']);
});

test('offers: a candidate accepts or declines its own, once, and an acceptance is an employee affiliation', async () => {
  const offers = new Map(rows(`SELECT f.candidate_id, p.firm_id FROM selection_offer f JOIN
    selection_position p ON p.id = f.position_id WHERE f.round_id = ${state.round.id}`)
    .map((r) => [Number(r.candidate_id), Number(r.firm_id)]));
  const withOffer = state.cands.filter((c) => offers.has(c.id)).map((c) => ({ c, firm: offers.get(c.id) }));
  assert.equal(withOffer.length, count(`selection_result WHERE position_id IS NOT NULL`));
  const mine = state.cands[0];
  const res = await get(`/api/v1/selection/candidates/${mine.id}/result`, state.traineeTokens[0]);
  if (res.position_id) {
    assert.equal(res.offer.status, 'offered');
    assert.equal(res.offer.deadline, '2099-07-20');
    // Another candidate cannot decide it.
    assert.equal((await call('POST', `/api/v1/selection/candidates/${mine.id}/offer/accept`, {}, state.traineeTokens[1])).status, 404);
    const acc = await post(`/api/v1/selection/candidates/${mine.id}/offer/accept`, {}, state.traineeTokens[0], 200);
    assert.equal(acc.offer.status, 'accepted');
    const aff = rows(`SELECT person_id, org_id, role, since FROM affiliation WHERE id = ${acc.offer.affiliation_id}`)[0];
    const firm = withOffer.find((x) => x.c.id === mine.id).firm;
    assert.deepEqual([Number(aff.person_id), Number(aff.org_id), aff.role], [mine.person_id, firm, 'employee']);
    assert.equal(aff.since, acc.offer.decided_on);
    assertError(await call('POST', `/api/v1/selection/candidates/${mine.id}/offer/decline`, {}, state.traineeTokens[0]), 409, 'conflict');
    assert.equal(count(`affiliation WHERE person_id = ${mine.person_id} AND role = 'employee'`), 1);
  }
  // Staff decline another's offer for it: no affiliation.
  const other = withOffer.find((x) => x.c.id !== mine.id);
  const dec = await post(`/api/v1/selection/candidates/${other.c.id}/offer/decline`, {}, adminToken, 200);
  assert.equal(dec.offer.status, 'declined');
  assert.equal(dec.offer.affiliation_id, null);
  assert.equal(count(`affiliation WHERE person_id = ${other.c.person_id}`), 0);
});

test('an accepted offer raises the order-class hires figure by one as of the acceptance date', async () => {
  const firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '长客订单班示例企业有限公司' });
  const centre = await post('/api/v1/training/centres', { name: '轨道交通实训中心', capacity: 100 });
  const prog = await post('/api/v1/training/programmes', { kind: 'order_class', name: '轨道车辆订单班',
    occupation: '轨道车辆检修工', firm_org_id: firm.id, seat_quota: 20, hiring_commitment: 15 });
  const teacher = await post('/api/v1/people', { name: '褚老师' });
  const cohort = await post('/api/v1/training/cohorts', { programme_id: prog.id, centre_id: centre.id,
    name: '订单一班', capacity: 20, starts_on: '2026-01-05', ends_on: '2026-06-30',
    teacher_person_id: teacher.id });
  const person = await post('/api/v1/people', { name: '冯学员' });
  const enr = await post('/api/v1/training/enrolments', { cohort_id: cohort.id, person_id: person.id,
    source: 'unemployed', enrolled_on: '2026-01-05' });
  const mod = await post('/api/v1/training/modules', { programme_id: prog.id, seq: 1, name: '转向架检修',
    classroom_hours: 8, workshop_hours: 16 });
  await post(`/api/v1/training/enrolments/${enr.id}/assessments`,
    { module_id: mod.id, score: 88, assessed_on: '2026-06-20' });
  await post(`/api/v1/training/enrolments/${enr.id}/complete`, { on_date: '2026-06-30' }, adminToken, 200);
  const token = await account('trainee', { person: person.id });

  const round = await post('/api/v1/selection/rounds', { name: '轨道车辆订单班双选', year: 2026,
    scope: 'order_class', programme_id: prog.id, opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z',
    publish_on: '2099-07-02', offer_deadline: '2099-07-20' });
  // The class's pledge: its firm, its hiring commitment, proposed; it
  // opens once the firm has stated place and pay.
  const pledge = (await get(`/api/v1/selection/positions?round_id=${round.id}`)).items[0];
  assert.deepEqual([pledge.firm_id, pledge.headcount, pledge.status, pledge.place, pledge.title],
    [firm.id, 15, 'proposed', null, '轨道车辆订单班']);
  assertError(await call('POST', `/api/v1/selection/positions/${pledge.id}/vet`, { decision: 'open' }),
    400, 'invalid', 'place');
  const firmToken = await account('enterprise', { org: firm.id });
  assertError(await call('PATCH', `/api/v1/selection/positions/${pledge.id}`, { pay_min: 9, pay_max: 1 }, firmToken),
    400, 'invalid', 'pay_max');
  const stated = await call('PATCH', `/api/v1/selection/positions/${pledge.id}`,
    { place: '长春市绿园区', pay_min: 550000, pay_max: 750000 }, firmToken);
  assert.equal(stated.status, 200, stated.text);
  assert.equal((await post(`/api/v1/selection/positions/${pledge.id}/vet`, { decision: 'open' }, adminToken, 200)).status, 'open');
  // Someone who did not complete this order class is not eligible.
  assertError(await call('POST', `/api/v1/selection/rounds/${round.id}/candidates`,
    { person_id: state.cands[2].person_id }), 400, 'invalid', 'person_id');
  const pos = await post('/api/v1/selection/positions', { round_id: round.id, firm_id: firm.id,
    title: '车辆检修', occupation: '轨道车辆检修工', headcount: 5, place: '长春', pay_min: 500000, pay_max: 700000 });
  // Someone still in the cohort, which ends in the round's year, is.
  const pupil = await post('/api/v1/people', { name: '卫学员' });
  await post('/api/v1/training/enrolments', { cohort_id: cohort.id, person_id: pupil.id,
    source: 'unemployed', enrolled_on: '2026-01-05' });
  const inCohort = await post(`/api/v1/selection/rounds/${round.id}/candidates`, { person_id: pupil.id });
  assert.equal(inCohort.basis, 'cohort');
  const cand = await post(`/api/v1/selection/rounds/${round.id}/candidates`, { consent: 1 }, token);
  assert.equal(cand.basis, 'completed');
  await post(`/api/v1/selection/candidates/${cand.id}/list`, { positions: [pos.id], submit: true }, token, 200);
  // With consent its firm sees the candidate's assessment scores.
  const seen = (await get(`/api/v1/selection/positions/${pos.id}/applicants`, firmToken)).items;
  assert.deepEqual(seen.map((x) => [x.person_name, x.assessments.map((m) => [m.module_name, m.score])]),
    [['冯学员', [['转向架检修', 88]]]]);
  await post(`/api/v1/selection/positions/${pos.id}/list`, { ranks: [{ candidate_id: cand.id, rank: 1 }] }, adminToken, 200);
  for (const step of ['lock', 'run', 'publish'])
    await post(`/api/v1/selection/rounds/${round.id}/${step}`, {}, adminToken, 200);

  const figure = async (asOf) => (await get(`/api/v1/training/figures?as_of=${asOf}`)).order_classes
    .find((o) => o.programme_id === prog.id).hired;
  const acc = await post(`/api/v1/selection/candidates/${cand.id}/offer/accept`, {}, token, 200);
  const day = acc.offer.decided_on;
  // The round's figures, linked to the order class's pledge.
  const f = await get(`/api/v1/selection/rounds/${round.id}/figures`, token);
  // (the pupil ranked nothing, so is not in the run)
  assert.deepEqual([f.candidates, f.matched, f.matched_share, f.first_choice, f.mean_rank],
    [1, 1, 1, 1, 1]);
  assert.deepEqual(f.offers, { accepted: 1 });
  assert.deepEqual(f.by_rank, [{ rank: 1, n: 1 }]);
  assert.deepEqual(f.order_class, { programme_id: prog.id, hiring_commitment: 15, hired: 1 });
  const before = new Date(Date.parse(day) - 86400e3).toISOString().slice(0, 10);
  assert.equal(await figure(before), 0);
  assert.equal(await figure(day), 1);
  state.hire = { firm, firmToken, prog, round, cand, day, token };
});

// "YYYY-MM-DD" plus m months (the day kept, or the month's last), plus d days.
function later(day, m, d = 0) {
  const [y, mo, dd] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, mo - 1 + m + 1, 0)).getUTCDate();
  const t = new Date(Date.UTC(y, mo - 1 + m, Math.min(dd, last)) + d * 86400e3);
  return t.toISOString().slice(0, 10);
}

test('retention: a departure at 5 months counts against 6-month retention from the mark on, not before', async () => {
  const { firm, firmToken, prog, round, cand, day, token } = state.hire;
  const [{ affiliation_id: aff }] = rows(`SELECT affiliation_id FROM selection_offer WHERE candidate_id = ${cand.id}`);
  const retention = async (asOf, who = adminToken) =>
    get(`/api/v1/selection/retention?as_of=${asOf}&programme_id=${prog.id}`, who);
  const m6 = async (asOf) => (await retention(asOf)).m6;
  // Still employed: retained at the mark, not counted the day before.
  assert.deepEqual(await m6(later(day, 6)), { hires: 1, retained: 1, share: 1 });
  assert.deepEqual(await m6(later(day, 6, -1)), { hires: 0, retained: 0, share: null });

  // Who may record the departure, and bad input that writes nothing.
  const leave = `/api/v1/affiliations/${aff}/leave`;
  const untouched = () => JSON.stringify(rows(`SELECT until, leave_reason, updated_at FROM affiliation WHERE id = ${aff}`));
  const before = untouched();
  assert.equal((await call('POST', leave, { until: later(day, 5), leave_reason: 'resigned' }, state.firmTokens[1])).status, 404);
  assert.equal((await call('POST', leave, { until: later(day, 5), leave_reason: 'resigned' }, token)).status, 403);
  assertError(await call('POST', leave, { until: later(day, 5), leave_reason: 'retired' }, firmToken), 400, 'invalid', 'leave_reason');
  assertError(await call('POST', leave, { until: later(day, 0, -1), leave_reason: 'resigned' }, firmToken), 400, 'invalid', 'until');
  assert.equal(untouched(), before);
  // The firm records it: left at 5 months, resigned.
  const left = await post(leave, { until: later(day, 5), leave_reason: 'resigned' }, firmToken, 200);
  assert.deepEqual([left.until, left.leave_reason], [later(day, 5), 'resigned']);
  assertError(await call('POST', leave, { until: later(day, 5), leave_reason: 'dismissed' }, firmToken), 409, 'conflict');

  // Not before the mark, whatever the departure; against it from then on.
  assert.deepEqual(await m6(later(day, 5, 1)), { hires: 0, retained: 0, share: null });
  assert.deepEqual(await m6(later(day, 6, -1)), { hires: 0, retained: 0, share: null });
  const at = await retention(later(day, 6));
  assert.deepEqual(at.m6, { hires: 1, retained: 0, share: 0 });
  assert.deepEqual(at.m12, { hires: 0, retained: 0, share: null });
  assert.deepEqual(at.by_order_class.map((g) => [g.programme_id, g.name, g.m6.hires, g.m6.retained]),
    [[prog.id, prog.name, 1, 0]]);
  assert.deepEqual(at.by_firm.map((g) => [g.firm_id, g.m6.hires]), [[firm.id, 1]]);
  assert.deepEqual(at.by_round.map((g) => [g.round_id, g.m6.hires]), [[round.id, 1]]);
  assert.deepEqual((await retention(later(day, 12))).m12, { hires: 1, retained: 0, share: 0 });
  // The records behind it, as the firm sees them (its own only).
  const hires = await get(`/api/v1/selection/retention/hires?as_of=${later(day, 6)}`, firmToken);
  assert.deepEqual(hires.items.map((h) => [h.affiliation_id, h.until, h.leave_reason, h.retained_6, h.retained_12]),
    [[aff, later(day, 5), 'resigned', false, null]]);
  assert.equal((await get(`/api/v1/selection/retention/hires?as_of=${later(day, 6)}`, state.firmTokens[1])).items.length, 0);
  assert.equal((await call('GET', '/api/v1/selection/retention', undefined, token)).status, 403);
  assertError(await call('GET', '/api/v1/selection/retention?as_of=2027-02-30'), 400, 'invalid', 'as_of');
});

test('a declined offer\'s seat is filled in the second round', async () => {
  const firm = await post('/api/v1/orgs', { kind: 'enterprise', name: '二轮补录示例企业有限公司' });
  const round = await post('/api/v1/selection/rounds', { name: '二轮测试首轮', year: 2026, scope: 'park',
    opens_on: '2026-06-01', lock_at: '2099-07-01T02:00:00Z', publish_on: '2099-07-02',
    offer_deadline: '2099-07-20' });
  const pos = await post('/api/v1/selection/positions', { round_id: round.id, firm_id: firm.id,
    title: '唯一岗位', occupation: '钳工', headcount: 1, place: '长春', pay_min: 1, pay_max: 2 });
  const other = await post('/api/v1/selection/positions', { round_id: round.id, firm_id: firm.id,
    title: '不排序岗位', occupation: '钳工', headcount: 5, place: '长春', pay_min: 1, pay_max: 2 });
  const reg = async (i) => {
    const c = await post(`/api/v1/selection/rounds/${round.id}/candidates`,
      { person_id: state.cands[i].person_id, consent: 1 });
    await post(`/api/v1/selection/candidates/${c.id}/list`, { positions: [other.id, pos.id], submit: true }, adminToken, 200);
    return c;
  };
  const x = await reg(10), y = await reg(11);
  // The firm ranks both at the one seat, x first, and nobody at the other.
  await post(`/api/v1/selection/positions/${pos.id}/list`, { ranks: [
    { candidate_id: x.id, rank: 1 }, { candidate_id: y.id, rank: 2 }] }, adminToken, 200);
  // Before publication there is no second round.
  assertError(await call('POST', `/api/v1/selection/rounds/${round.id}/second`, {
    name: '二轮', lock_at: '2099-08-01T02:00:00Z', publish_on: '2099-08-02', offer_deadline: '2099-08-20' }),
  409, 'conflict');
  for (const step of ['lock', 'run', 'publish'])
    await post(`/api/v1/selection/rounds/${round.id}/${step}`, {}, adminToken, 200);
  assert.equal((await get(`/api/v1/selection/candidates/${x.id}/result`)).position_id, pos.id);
  assert.equal((await get(`/api/v1/selection/candidates/${y.id}/result`)).position_id, null);
  await post(`/api/v1/selection/candidates/${x.id}/offer/decline`, {}, adminToken, 200);

  const second = await post(`/api/v1/selection/rounds/${round.id}/second`, {
    name: '二轮测试补录', lock_at: '2099-08-01T02:00:00Z', publish_on: '2099-08-02', offer_deadline: '2099-08-20' });
  assert.equal(second.parent_id, round.id);
  assert.equal(second.status, 'open');
  assertError(await call('POST', `/api/v1/selection/rounds/${round.id}/second`, {
    name: '再来', lock_at: '2099-08-01T02:00:00Z', publish_on: '2099-08-02', offer_deadline: '2099-08-20' }),
  409, 'conflict');
  const seats = (await get(`/api/v1/selection/positions?round_id=${second.id}`)).items;
  const seat = seats.find((p) => p.origin_id === pos.id);
  assert.equal(seat.headcount, 1, 'the declined seat is free again');
  const cands = (await get(`/api/v1/selection/candidates?round_id=${second.id}`)).items;
  const y2 = cands.find((c) => c.origin_id === y.id);
  const x2 = cands.find((c) => c.origin_id === x.id);
  // y keeps its list minus the position that did not rank it; x minus
  // the one it declined (and the unranking one).
  assert.deepEqual((await get(`/api/v1/selection/candidates/${y2.id}/list`)).items.map((e) => e.position_id), [seat.id]);
  assert.deepEqual((await get(`/api/v1/selection/candidates/${x2.id}/list`)).items, []);
  assert.deepEqual((await get(`/api/v1/selection/positions/${seat.id}/list`)).items.map((e) => e.candidate_id).sort(),
    [x2.id, y2.id].sort());
  for (const step of ['lock', 'run', 'publish'])
    await post(`/api/v1/selection/rounds/${second.id}/${step}`, {}, adminToken, 200);
  const r = await get(`/api/v1/selection/candidates/${y2.id}/result`);
  assert.equal(r.position_id, seat.id);
  assert.equal(r.offer.status, 'offered');
});
