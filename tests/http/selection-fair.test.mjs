// A regional fair over HTTP (issue 20, item 2): a round scoped to a
// region whose lists are imported from the CSV files of `jianggu match`,
// positions named by their firm's credit code and candidates by their
// person's mobile number. A dry run writes nothing; a good file imports;
// a file naming an unknown code is refused with every row at fault
// (file, line, column, why) and writes nothing. A small fair is locked,
// run and published through the API and matches `jianggu match --seed`
// on its downloaded lists byte for byte. A 5,000 x 300 fair's run does
// not hold the portal, nor the one worker thread of a server that has
// one: a GET on a kept-alive connection answers before the run ends. People and firms are seeded with one SQL statement each.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { startServer, startOneServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, token;

const count = (sql) => Number(dbRows(db.url, `SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const auth = (body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });
const call = (method, p, body) => api.request(method, p, auth(body));
async function post(p, body, status = 200) {
  const res = await call('POST', p, body);
  assert.equal(res.status, status, `${p}: ${res.text}`);
  return res.json;
}

// Person i's mobile and firm j's credit code, as the seed below makes them.
const mobile = (i) => `139${String(i).padStart(8, '0')}`;
const credit = (j) => `91220100${String(j).padStart(10, '0')}`;

// `people` people and `firms` enterprises holding those codes, from `from`.
function seed(people, firms, from) {
  const now = "'2026-01-05T00:00:00Z'";
  for (const sql of [
    `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${from + people - 1}) ` +
    `INSERT INTO person (name, mobile, created_at, updated_at) SELECT '学员' || i, ` +
    `'139' || substr(CAST(100000000 + i AS TEXT), 2), ${now}, ${now} FROM n`,
    `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${from + firms - 1}) ` +
    `INSERT INTO org (kind, name, credit_code, address, created_at, updated_at) SELECT 'enterprise', ` +
    `'区域企业' || i, '91220100' || substr(CAST(10000000000 + i AS TEXT), 2), '', ${now}, ${now} FROM n`,
  ]) {
    const r = dbTryExec(db.url, sql);
    assert.ok(r.ok, r.error);
  }
}

function rng(seed0) {
  let s = seed0 >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// A fair of candidates [c0, c0 + nc) and firms [f0, f0 + nf): each
// candidate lists up to `len` firms, each firm ranks its applicants in
// tiers of two (ties for the lottery). The three files' texts.
function fair(c0, nc, f0, nf, len, seed0) {
  const rnd = rng(seed0);
  const positions = ['position,capacity'];
  const cand = ['candidate,position,rank'];
  const applicants = new Map();
  for (let j = 0; j < nf; j++) {
    positions.push(`${credit(f0 + j)},${1 + Math.floor(rnd() * Math.max(1, (nc / nf) * 0.9))}`);
    applicants.set(j, []);
  }
  for (let i = 0; i < nc; i++) {
    const picks = new Set();
    const n = 1 + Math.floor(rnd() * len);
    while (picks.size < Math.min(n, nf)) picks.add(Math.floor(rnd() * nf));
    [...picks].forEach((j, k) => {
      cand.push(`${mobile(c0 + i)},${credit(f0 + j)},${k + 1}`);
      applicants.get(j).push(i);
    });
  }
  const pos = ['position,candidate,rank'];
  for (const [j, list] of applicants) {
    list.sort((a, b) => ((a * 7919 + j) % 101) - ((b * 7919 + j) % 101) || a - b);
    list.forEach((i, k) => pos.push(`${credit(f0 + j)},${mobile(c0 + i)},${1 + (k >> 1)}`));
  }
  return { positions: positions.join('\n') + '\n', candidate_prefs: cand.join('\n') + '\n',
    position_prefs: pos.join('\n') + '\n' };
}

async function regionalRound(name) {
  return post('/api/v1/selection/rounds', {
    name, year: 2026, scope: 'region', opens_on: '2026-03-01',
    lock_at: '2099-03-20T00:00:00Z', publish_on: '2099-03-25', offer_deadline: '2099-04-10',
    list_cap: 10,
  }, 201);
}

const state = {};

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', 'fair', '--role', 'admin', '--db', db.url],
    { input: 'Some-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  token = (await runCli(['user', 'token', 'fair', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url, args: ['--max-body', String(32 << 20)] });
  api = await apiClient(srv.url);
  seed(5000, 300, 0);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('a regional fair\'s lists: a dry run writes nothing, a good file imports', async () => {
  state.round = await regionalRound('吉林省区域双选会');
  assert.equal(state.round.scope, 'region');
  state.files = fair(0, 60, 0, 8, 4, 20);
  const dry = await post(`/api/v1/selection/rounds/${state.round.id}/import`,
    { ...state.files, mode: 'dry_run' });
  assert.equal(dry.applied, false);
  assert.equal(dry.positions, 8);
  assert.equal(dry.candidates, 60);
  assert.deepEqual(dry.errors, []);
  assert.equal(count(`selection_candidate WHERE round_id = ${state.round.id}`), 0);
  assert.equal(count(`selection_position WHERE round_id = ${state.round.id}`), 0);

  const done = await post(`/api/v1/selection/rounds/${state.round.id}/import`, state.files);
  assert.equal(done.applied, true);
  assert.equal(done.mode, 'all_or_nothing');
  const lines = (t) => t.trim().split('\n').length - 1;
  assert.equal(done.choices, lines(state.files.candidate_prefs));
  assert.equal(done.rankings, lines(state.files.position_prefs));
  assert.equal(count(`selection_candidate WHERE round_id = ${state.round.id} AND basis = 'listed' ` +
    'AND submitted_at IS NOT NULL'), 60);
  assert.equal(count(`selection_position p JOIN org o ON o.id = p.firm_id WHERE p.round_id = ${state.round.id} ` +
    "AND p.status = 'open' AND p.title = o.name"), 8);
  assert.equal(count(`selection_choice c JOIN selection_candidate k ON k.id = c.candidate_id ` +
    `WHERE k.round_id = ${state.round.id}`), done.choices);
  assert.equal(count(`selection_ranking r JOIN selection_position p ON p.id = r.position_id ` +
    `WHERE p.round_id = ${state.round.id}`), done.rankings);
  // Position j's headcount is its capacity; candidate 0's list is its file's.
  const cap0 = Number(state.files.positions.split('\n')[1].split(',')[1]);
  assert.equal(Number(dbRows(db.url, `SELECT p.headcount FROM selection_position p JOIN org o ON o.id = p.firm_id ` +
    `WHERE p.round_id = ${state.round.id} AND o.credit_code = '${credit(0)}'`)[0].headcount), cap0);
  assert.equal(count(`audit_log WHERE action = 'import' AND entity = 'selection_round' AND entity_id = ${state.round.id}`), 1);
});

test('a file naming unknown codes is refused row by row, and writes nothing', async () => {
  const other = await regionalRound('第二场区域双选会');
  const files = fair(100, 20, 10, 4, 3, 21);
  // Line 3's firm becomes one nobody has, in every file; so does the
  // candidate of candidate_prefs' line 5.
  const firm = files.positions.split('\n')[2].split(',')[0];
  const unknown = (t) => t.replaceAll(firm, credit(9999));
  const pos = unknown(files.positions).split('\n');
  const cp = unknown(files.candidate_prefs).split('\n');
  const bad = cp[4].split(',');
  const swapped = cp.map((l) => (l.startsWith(bad[0] + ',') ? `13999999999,${l.split(',').slice(1).join(',')}` : l));
  const pp = unknown(files.position_prefs).split('\n').map((l) => l.replace(`,${bad[0]},`, ',13999999999,'));
  const before = [count('selection_candidate'), count('selection_position'), count('selection_choice'),
    count('selection_ranking')];
  const res = await call('POST', `/api/v1/selection/rounds/${other.id}/import`,
    { positions: pos.join('\n'), candidate_prefs: swapped.join('\n'), position_prefs: pp.join('\n') });
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'invalid');
  const rows = res.json.error.rows;
  assert.deepEqual(rows[0], { file: 'positions', line: 3, column: 'position',
    key: 'selection.import.err.no_firm', message: 'no enterprise or startup has this credit code' });
  const firstBad = cp.findIndex((l) => l.startsWith(bad[0] + ','));
  assert.ok(rows.some((r) => r.file === 'candidate_prefs' && r.line === firstBad + 1 &&
    r.column === 'candidate' && r.key === 'selection.import.err.no_person'), JSON.stringify(rows));
  assert.match(res.json.error.message, /^positions line 3, position: /);
  assert.deepEqual([count('selection_candidate'), count('selection_position'), count('selection_choice'),
    count('selection_ranking')], before);

  // The first fair's people and firms are taken in its round; a capacity of
  // 0 and a syntax error are refused too.
  const again = await call('POST', `/api/v1/selection/rounds/${state.round.id}/import`, state.files);
  assert.equal(again.status, 400, again.text);
  assert.deepEqual(new Set(again.json.error.rows.map((r) => r.key)),
    new Set(['selection.import.err.firm_taken', 'selection.import.err.person_taken']));
  const zero = await call('POST', `/api/v1/selection/rounds/${other.id}/import`,
    { ...files, positions: files.positions.replace(/,\d+\n/, ',0\n') });
  assert.equal(zero.status, 400, zero.text);
  assert.equal(zero.json.error.rows[0].column, 'capacity');
  const broken = await call('POST', `/api/v1/selection/rounds/${other.id}/import`,
    { ...files, candidate_prefs: 'candidate,position\n' });
  assert.equal(broken.status, 400, broken.text);
  assert.equal(broken.json.error.rows[0].file, 'candidate_prefs');
  assert.equal(broken.json.error.rows[0].key, 'selection.import.err.format');
  const missing = await call('POST', `/api/v1/selection/rounds/${other.id}/import`, { positions: 'x' });
  assert.equal(missing.status, 400, missing.text);
  assert.equal(missing.json.error.field, 'candidate_prefs');
  // Only a regional round takes lists.
  const park = await post('/api/v1/selection/rounds', { name: '园区轮次', year: 2026, scope: 'park',
    opens_on: '2026-03-01', lock_at: '2099-03-20T00:00:00Z', publish_on: '2099-03-25',
    offer_deadline: '2099-04-10' }, 201);
  const notRegion = await call('POST', `/api/v1/selection/rounds/${park.id}/import`, files);
  assert.equal(notRegion.status, 409, notRegion.text);
  assert.equal(count(`selection_candidate WHERE round_id IN (${other.id}, ${park.id})`), 0);
});

test('a small fair runs and publishes, and matches jianggu match on its lists byte for byte', async () => {
  const id = state.round.id;
  await post(`/api/v1/selection/rounds/${id}/lock`, {});
  const run = await post(`/api/v1/selection/rounds/${id}/run`, {});
  assert.equal(run.status, 'run');
  const published = await post(`/api/v1/selection/rounds/${id}/publish`, {});
  assert.equal(published.status, 'published');
  const files = {};
  for (const name of ['positions.csv', 'candidate_prefs.csv', 'position_prefs.csv', 'matching.csv']) {
    const res = await call('GET', `/api/v1/selection/rounds/${id}/lists/${name}`);
    assert.equal(res.status, 200, res.text);
    files[name] = res.text;
  }
  assert.equal(files['matching.csv'].trim().split('\n').length - 1, 60);
  const matched = count(`selection_result WHERE round_id = ${id} AND position_id IS NOT NULL`);
  assert.ok(matched > 20, `matched ${matched}`);
  assert.equal(count(`selection_offer WHERE round_id = ${id}`), matched);
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-fair-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const r = await runCli(['match', path.join(dir, 'positions.csv'), path.join(dir, 'candidate_prefs.csv'),
      path.join(dir, 'position_prefs.csv'), '--seed', run.seed, '--out', path.join(dir, 'out.csv')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path.join(dir, 'out.csv'), 'utf8'), files['matching.csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 5,000 x 300 fair\'s run holds up neither the portal nor its own worker thread', async () => {
  const big = await regionalRound('五千人区域双选会');
  const files = fair(0, 5000, 0, 300, 8, 22);
  const report = await post(`/api/v1/selection/rounds/${big.id}/import`, files);
  assert.equal(report.candidates, 5000);
  // A candidate's page offers the first 100 of the 300 firms' positions it
  // has not listed, and a search by firm, title or occupation for the rest.
  const [cand] = dbRows(db.url, `SELECT id FROM selection_candidate WHERE round_id = ${big.id} ORDER BY id LIMIT 1`);
  const listed = new Set(dbRows(db.url, `SELECT o.name FROM selection_choice h JOIN selection_position p
    ON p.id = h.position_id JOIN org o ON o.id = p.firm_id WHERE h.candidate_id = ${cand.id}`).map((x) => x.name));
  const options = (html) => [...html.matchAll(/<select id="add-position"[\s\S]*?<\/select>/g)]
    .flatMap((m) => [...m[0].matchAll(/<option value="\d+">([^<]*)<\/option>/g)].map((o) => o[1]));
  const candidatePage = async (q) => {
    const res = await call('GET', `/selection/candidates/${cand.id}${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`);
    assert.equal(res.status, 200, res.text);
    return res.text;
  };
  let html = await candidatePage();
  assert.equal(options(html).length, 100);
  assert.match(html, new RegExp(`找到 ${300 - listed.size} 个可添加的岗位，下拉列表只列出前 100 个`));
  const firm = [...Array(300).keys()].map((j) => `区域企业${j}`).reverse().find((n) => !listed.has(n));
  html = await candidatePage(firm);
  assert.deepEqual(options(html).map((o) => o.split('（')[1]), [`${firm}）`]);
  assert.match(html, /找到 1 个可添加的岗位。/);
  await post(`/api/v1/selection/rounds/${big.id}/lock`, {});
  // A server with one worker thread: every connection is that thread's,
  // the run's and a browser's kept-alive one alike. The run's handler
  // runs on a thread of its own (ROUTE_LONG), so the worker goes on
  // answering the kept connection while the run runs.
  const one = await startOneServer({ db: db.url, args: ['--threads', '1'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const list = () => new Promise((resolve, reject) => {
    const req = http.get(`${one.url}/api/v1/selection/rounds?limit=5`,
      { agent, headers: { authorization: `Bearer ${token}` } }, (r) => {
        let text = '';
        r.on('data', (d) => { text += d; });
        r.on('end', () => resolve({ status: r.statusCode, text, reused: req.reusedSocket }));
      });
    req.on('error', reject);
  });
  try {
    // The kept connection is open, and the token's last use written now
    // (at most once a minute), so the GETs below only read.
    assert.equal((await list()).status, 200);
    let runEnded = 0;
    const running = fetch(`${one.url}/api/v1/selection/rounds/${big.id}/run`, {
      method: 'POST', body: '{}',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }).then(async (res) => {
      runEnded = performance.now();
      return { status: res.status, text: await res.text() };
    });
    let during = 0;
    while (!runEnded) {
      const res = await list();
      assert.equal(res.status, 200, res.text);
      assert.equal(JSON.parse(res.text).items.length, 4);
      assert.ok(res.reused, 'the list came on the kept connection');
      if (!runEnded) during++;
    }
    // Held up, the worker answers one or two (those sent before the run
    // reached it, and the one behind the run's answer); free, a hundred
    // or more while the run reads, matches, verifies and stores.
    if (during < 10) console.error(one.stderr.split('\n').slice(-8).join('\n'));
    assert.ok(during >= 10, `${during} list pages answered while the run ran`);
    const ran = await running;
    assert.equal(ran.status, 200, ran.text);
    assert.equal(count(`selection_result WHERE round_id = ${big.id}`), 5000);
  } finally {
    agent.destroy();
    await one.stop();
  }
});
