// The public application form under abuse (issue 13, item 6): the account,
// the business plan and the application are written in one transaction,
// so a bad plan leaves no account; account creations are counted per
// client address in that transaction, so parallel posts cannot pass the
// hourly limit; a taken name is refused and counted; account names are
// unique after case and width folding and hold nothing invisible. The
// server trusts 127.0.0.1 as its proxy, so X-Forwarded-For names the
// client. Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, dir, uploads, adminToken, csrf, cookie;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const storedFiles = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);
const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

const good = (name, extra = {}) => ({
  kind: 'team', project: '无人机植保服务', field: 'drones', requested_space: 'office',
  supervisor_name: '刘老师', member1_name: '陈晨', member1_school: '吉林农业大学',
  member1_major: '植物保护', member1_year: '2018', account_name: name,
  display_name: '陈晨', password: 'Team-pass-2026', action: 'submit', ...extra,
});

// POST /apply from client address `addr` (through the trusted proxy).
function post(addr, fields) {
  const f = new FormData();
  for (const [k, v] of Object.entries({ csrf, ...fields })) {
    if (v instanceof Blob) f.append(k, v, k === 'plan' ? fields.planName ?? 'plan.pdf' : undefined);
    else if (k !== 'planName') f.append(k, v);
  }
  return fetch(srv.url + '/apply', {
    method: 'POST', redirect: 'manual', headers: { cookie, 'x-forwarded-for': addr }, body: f,
  });
}

async function putSetting(key, value) {
  const res = await api.request('PUT', `/api/v1/settings/${key}`,
    { body: { value }, headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(res.status, 200, res.text);
}

const written = () => ({
  accounts: count('account'), apps: count('inc_application'), uploads: count('upload'),
  files: storedFiles().length,
});

before(async () => {
  db = freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-apply-'));
  uploads = path.join(dir, 'files');
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url], { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  adminToken = (await runCli(['user', 'token', 'root', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url, args: ['--uploads', uploads, '--trusted-proxy', '127.0.0.1', '--threads', '8'] });
  api = await apiClient(srv.url);
  const page = await fetch(srv.url + '/apply');
  assert.equal(page.status, 200);
  csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  cookie = page.headers.get('set-cookie').split(';')[0];
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, srv.stderr.slice(-4000));
});

test('a business plan refused after the account was checked leaves no account behind', async () => {
  const before = written();
  for (let i = 0; i < 15; i++) {
    const res = await post('203.0.113.10', good(`plan-dot-${i}`, {
      plan: new Blob([PDF], { type: 'application/pdf' }), planName: '..',
    }));
    assert.equal(res.status, 400, `attempt ${i}`);
    assert.match(await res.text(), /plan/);
  }
  assert.deepEqual(written(), before, 'no account, application, upload or file');
  assert.equal(count(`account WHERE name LIKE 'plan-dot-%'`), 0);
  assert.equal(count(`inc_apply_throttle WHERE ip = '203.0.113.10'`), 0, 'refused before anything was counted');

  // The same form with a proper plan: account, file and application, together.
  const res = await post('203.0.113.10', good('plan-ok', { plan: new Blob([PDF], { type: 'application/pdf' }) }));
  assert.equal(res.status, 303, await res.text());
  const acct = rows(`SELECT id FROM account WHERE name = 'plan-ok'`)[0];
  const app = rows(`SELECT status, plan_upload_id, created_ip FROM inc_application WHERE account_id = ${acct.id}`)[0];
  assert.equal(app.status, 'submitted');
  assert.equal(app.created_ip, '203.0.113.10', 'the forwarded client');
  assert.equal(Number(rows(`SELECT owner_id FROM upload WHERE id = ${app.plan_upload_id}`)[0].owner_id), Number(acct.id));
  assert.equal(storedFiles().filter((f) => !f.startsWith('.tmp-')).length, before.files + 1);
  assert.deepEqual(storedFiles().filter((f) => f.startsWith('.tmp-')), []);
});

test('parallel posts cannot pass the hourly limit of new accounts per address', async () => {
  await putSetting('incubation.apply_per_ip_hour', 10);
  const before = count('account');
  const answers = await Promise.all(Array.from({ length: 13 }, (_, i) =>
    post('203.0.113.20', good(`burst-${i}`))));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [...Array(10).fill(303), ...Array(3).fill(429)]);
  const refused = answers.find((r) => r.status === 429);
  assert.match(refused.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
  assert.equal(count('account') - before, 10);
  assert.equal(count(`account WHERE name LIKE 'burst-%'`), 10);
  assert.equal(count(`inc_application WHERE created_ip = '203.0.113.20'`), 10);
  assert.equal(Number(rows(`SELECT attempts FROM inc_apply_throttle WHERE ip = '203.0.113.20'`)[0].attempts), 10);
  // Another client behind the same proxy has its own limit.
  assert.equal((await post('203.0.113.21', good('burst-other'))).status, 303);
});

test('a taken name is refused, counts against the address, and names are unique after folding', async () => {
  await putSetting('incubation.apply_per_ip_hour', 4);
  assert.equal((await post('203.0.113.30', good('team-wang'))).status, 303);
  const before = written();
  for (const name of ['team-wang', 'TEAM-Wang', 'ｔｅａｍ－ｗａｎｇ']) {
    const res = await post('203.0.113.30', good(name));
    assert.equal(res.status, 409, name);
    assert.match(await res.text(), /account_name/);
  }
  assert.deepEqual(written(), before);
  // One made and three refused: the address has used up its four.
  assert.equal(Number(rows(`SELECT attempts FROM inc_apply_throttle WHERE ip = '203.0.113.30'`)[0].attempts), 4);
  const res = await post('203.0.113.30', good('team-li'));
  assert.equal(res.status, 429);
  assert.equal(count(`account WHERE name = 'team-li'`), 0);

  // Invisible and format characters, spaces, and names too long.
  await putSetting('incubation.apply_per_ip_hour', 10);
  for (const name of ['team\u200bzhao', 'team\u2060zhao', '\ufeffteamzhao', 'team\u00adzhao', 'team\u3000zhao',
    'team\u3164zhao', 'z'.repeat(65)]) {
    const r = await post('203.0.113.31', good(name));
    assert.equal(r.status, 400, JSON.stringify(name));
    assert.match(await r.text(), /account_name/);
  }
  assert.deepEqual(written(), before);
  assert.equal(count(`inc_apply_throttle WHERE ip = '203.0.113.31'`), 0);
  // The database holds the key: a second row with the same key is refused.
  const keys = rows(`SELECT name_key FROM account WHERE name = 'team-wang'`);
  assert.deepEqual(keys, [{ name_key: 'team-wang' }]);
});
