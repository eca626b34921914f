// Security over HTTP (issue 13): the client address behind a trusted
// proxy, sign-in throttling that cannot be turned against the owner, long
// names, password changes, logs that cannot be forged, many query
// arguments.
//
// Requests come from two loopback addresses: 127.0.0.1, the server's
// trusted proxy (as nginx would be), and 127.0.0.2, a peer it does not
// trust. Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const ADMIN = 'root';
const ADMIN_PASSWORD = 'Root-pass-2026';
const PASSWORD = 'Secret-pass-1';
const PROXY = '127.0.0.1';
const STRANGER = '127.0.0.2';

let db, srv, api, adminToken;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

// One request from the local address `from`, on a connection of its own.
// JSON answers of documented routes are checked against the OpenAPI
// document like apiClient's. Returns { status, headers, text, json }.
function send(method, path, { from = PROXY, headers = {}, body, base = srv.url, check = true } = {}) {
  const u = new URL(path, base);
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const h = { ...headers };
  if (data !== undefined && typeof body !== 'string') h['content-type'] ??= 'application/json';
  if (data !== undefined) h['content-length'] = Buffer.byteLength(data);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h,
      localAddress: from, agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        if ((res.headers['content-type'] || '').startsWith('application/json')) {
          json = JSON.parse(text);
          if (check && !u.pathname.startsWith('/api/v1/_test/'))
            api.checker.check(method, u.pathname, res.statusCode, 'application/json', json);
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

const signInFrom = (from, name, password, headers = {}) =>
  send('POST', '/api/v1/sessions', { from, body: { name, password }, headers });

async function createUser(name, roles = ['trainee'], password = PASSWORD) {
  const res = await api.request('POST', '/api/v1/users', {
    body: { name, password, roles }, headers: bearer(adminToken),
  });
  assert.equal(res.status, 201, `create ${name}: ${res.text}`);
  return res.json;
}

async function putSetting(key, value) {
  const res = await api.request('PUT', `/api/v1/settings/${key}`, { body: { value }, headers: bearer(adminToken) });
  assert.equal(res.status, 200, res.text);
}

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

// Wait until the server's stderr matches `re` (the access log line is
// written once the answer is out).
async function stderrMatch(server, re) {
  for (let i = 0; i < 100 && !re.test(server.stderr); i++)
    await new Promise((r) => setTimeout(r, 50));
  return server.stderr;
}

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', ADMIN, '--role', 'admin', '--db', db.url], { input: ADMIN_PASSWORD + '\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', ADMIN, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  adminToken = tok.stdout.trim();
  srv = await startServer({ db: db.url, args: ['--trusted-proxy', `${PROXY},10.0.0.0/8`] });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- 1. client addresses behind a proxy -----------------------------------

test('behind a trusted proxy the client is the right-most forwarded address that is not a proxy', async () => {
  const who = async (from, headers) => (await send('GET', '/api/v1/_test/client', { from, headers })).json;

  assert.deepEqual(await who(PROXY, {}), { ip: PROXY, https: false });
  assert.deepEqual(await who(PROXY, { 'x-forwarded-for': '203.0.113.7' }), { ip: '203.0.113.7', https: false });
  // What the client wrote itself, left of what nginx appended, is not believed.
  assert.equal((await who(PROXY, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).ip, '203.0.113.7');
  // Trusted hops are skipped (real_ip_recursive).
  assert.equal((await who(PROXY, { 'x-forwarded-for': '198.51.100.1, 203.0.113.8, 10.1.2.3' })).ip, '203.0.113.8');
  assert.deepEqual(await who(PROXY, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' }),
    { ip: '203.0.113.7', https: true });

  // From a peer that is not trusted, forwarded headers change nothing.
  assert.deepEqual(await who(STRANGER, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' }),
    { ip: STRANGER, https: false });
});

test('a forged X-Forwarded-For from an untrusted peer changes nothing: log, cookie and limits use the peer', async () => {
  await createUser('forger1');
  const forged = { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https', 'user-agent': 'forger/1' };
  let res = await signInFrom(STRANGER, 'forger1', 'Wrong-pass-1', forged);
  assertError(res, 401, 'unauthenticated');
  res = await signInFrom(STRANGER, 'forger1', PASSWORD, forged);
  assert.equal(res.status, 201, res.text);
  const cookie = res.headers['set-cookie'].find((c) => c.startsWith('jg_session='));
  assert.doesNotMatch(cookie, /Secure/, 'X-Forwarded-Proto from a stranger is not believed');
  assert.deepEqual(rows(`SELECT ip, success FROM login_log WHERE account_name = 'forger1' ORDER BY id`),
    [{ ip: STRANGER, success: 0 }, { ip: STRANGER, success: 1 }]);
  assert.equal(rows(`SELECT ip FROM session s JOIN account a ON a.id = s.account_id WHERE a.name = 'forger1'`)[0].ip, STRANGER);
  assert.equal(count(`login_log WHERE ip = '203.0.113.66'`), 0);

  // Through the trusted proxy, the same headers are the client's.
  res = await signInFrom(PROXY, 'forger1', PASSWORD, forged);
  assert.equal(res.status, 201, res.text);
  assert.match(res.headers['set-cookie'].find((c) => c.startsWith('jg_session=')), /Secure/);
  assert.equal(rows(`SELECT ip FROM login_log WHERE account_name = 'forger1' ORDER BY id DESC LIMIT 1`)[0].ip, '203.0.113.66');
  // The access log names the client too.
  const log = await stderrMatch(srv, /POST \/api\/v1\/sessions 201 \d+ \d+us 203\.0\.113\.66/);
  assert.match(log, /POST \/api\/v1\/sessions 201 \d+ \d+us 203\.0\.113\.66/);
  assert.match(log, /POST \/api\/v1\/sessions 401 \d+ \d+us 127\.0\.0\.2/);
});

test('JIANGGU_TRUSTED_PROXY sets the trusted proxies; a bad list is refused at start', async () => {
  const other = await startServer({ env: { JIANGGU_TRUSTED_PROXY: STRANGER } });
  try {
    const res = await send('GET', '/api/v1/_test/client', { base: other.url, from: STRANGER, headers: { 'x-forwarded-for': '192.0.2.44' } });
    assert.equal(res.json.ip, '192.0.2.44');
    const res2 = await send('GET', '/api/v1/_test/client', { base: other.url, from: PROXY, headers: { 'x-forwarded-for': '192.0.2.44' } });
    assert.equal(res2.json.ip, PROXY, 'only the named proxy is trusted');
  } finally {
    assert.equal((await other.stop()).code, 0);
  }
  const bad = await runCli(['serve', '--listen', '127.0.0.1:0', '--db', db.url, '--trusted-proxy', '127.0.0.1,nginx']);
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--trusted-proxy must be/);
});

// ---- 2. sign-in throttling that cannot be turned against the owner ---------

// A sign-in by a client at `addr`, through the trusted proxy.
const signInAs = (addr, name, password) =>
  signInFrom(PROXY, name, password, { 'x-forwarded-for': addr });

const throttleRow = (scope, key, ip) => rows(`SELECT failures FROM login_throttle
  WHERE scope = ${lit(scope)} AND account_key = ${lit(key)} AND ip = ${lit(ip)}`)[0];

test('after five wrong passwords from one address, the owner signs in from another address at once', async () => {
  await createUser('owner1');
  for (let i = 0; i < 5; i++)
    assertError(await signInAs('198.51.100.10', 'owner1', 'Wrong-pass-' + i), 401, 'unauthenticated');
  // That address is now refused, even with the right password ...
  const refused = await signInAs('198.51.100.10', 'owner1', PASSWORD);
  assertError(refused, 429, 'throttled');
  const retry = Number(refused.headers['retry-after']);
  assert.ok(retry >= 1 && retry <= 900, `Retry-After ${retry}`);
  // ... the owner elsewhere is not.
  const owner = await signInAs('198.51.100.20', 'owner1', PASSWORD);
  assert.equal(owner.status, 201, owner.text);
  // The counters are in the database: five of that pair, none left of
  // the owner's (a success gives its reserved attempt back).
  assert.equal(Number(throttleRow('pair', 'owner1', '198.51.100.10').failures), 5);
  assert.equal(Number(throttleRow('account', 'owner1', '').failures), 5);
  assert.equal(Number(throttleRow('pair', 'owner1', '198.51.100.20').failures), 0);
  assert.deepEqual(rows(`SELECT ip, success, reason FROM login_log WHERE account_name = 'owner1' ORDER BY id`)
    .map((r) => [r.ip, Number(r.success), r.reason]),
  [...Array(5).fill(['198.51.100.10', 0, 'wrong password']), ['198.51.100.10', 0, 'throttled'], ['198.51.100.20', 1, 'ok']]);
});

test('behind a trusted proxy, 30 failures from one forwarded address do not stop a correct sign-in from another', async () => {
  await createUser('owner2');
  const statuses = [];
  for (let i = 0; i < 30; i++)
    statuses.push((await signInAs('198.51.100.30', 'owner2', 'Wrong-pass-' + i)).status);
  assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(25).fill(429)]);
  assert.equal((await signInAs('198.51.100.31', 'owner2', PASSWORD)).status, 201);

  // Thirty names from one address: that address is stopped, others not.
  for (let i = 0; i < 30; i++)
    assertError(await signInAs('198.51.100.32', `guess-${i}`, 'Wrong-pass-1'), 401, 'unauthenticated');
  assertError(await signInAs('198.51.100.32', 'owner2', PASSWORD), 429, 'throttled');
  assert.equal((await signInAs('198.51.100.33', 'owner2', PASSWORD)).status, 201);
  assert.equal(Number(throttleRow('address', '', '198.51.100.32').failures), 30);
  // A forged X-Forwarded-For from a stranger is its own address: the same
  // thirty guesses from 127.0.0.2 cannot spend the owner's addresses.
  for (let i = 0; i < 6; i++)
    await signInFrom(STRANGER, 'owner2', 'Wrong-pass-9', { 'x-forwarded-for': '198.51.100.33' });
  assert.equal(Number(throttleRow('pair', 'owner2', STRANGER).failures), 5);
  assert.equal(throttleRow('pair', 'owner2', '198.51.100.33')?.failures ?? 0, 0);
  assert.equal((await signInAs('198.51.100.33', 'owner2', PASSWORD)).status, 201);
});

test('parallel guesses cannot pass the per-address limit together', async () => {
  await createUser('burst1');
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    signInAs('198.51.100.40', 'burst1', 'Wrong-pass-' + i)));
  const tally = answers.reduce((t, r) => ({ ...t, [r.status]: (t[r.status] || 0) + 1 }), {});
  assert.deepEqual(tally, { 401: 5, 429: 15 });
  assert.equal(Number(throttleRow('pair', 'burst1', '198.51.100.40').failures), 5);
  assert.equal(count(`login_log WHERE account_name = 'burst1' AND reason = 'wrong password'`), 5);
  assert.equal(count(`login_log WHERE account_name = 'burst1' AND reason = 'throttled'`), 15);
});

test('many failures of one account from anywhere: a short Retry-After that grows, familiar addresses exempt, staff clear it', async () => {
  await createUser('spread1');
  await putSetting('auth.login_window_seconds', 3600);
  await putSetting('auth.account_max_delay', 10);
  try {
    // The owner signed in from 198.51.100.59 before: a familiar address.
    assert.equal((await signInAs('198.51.100.59', 'spread1', PASSWORD)).status, 201);
    // Four failures from four addresses, under no per-account limit yet.
    for (const a of ['198.51.100.51', '198.51.100.52', '198.51.100.53', '198.51.100.54'])
      assertError(await signInAs(a, 'spread1', 'Wrong-pass-1'), 401, 'unauthenticated');
    assert.equal(Number(throttleRow('account', 'spread1', '').failures), 4);
    // Past two, every attempt waits 1 s after the last failure, doubling:
    // four failures, 4 s.
    await putSetting('auth.account_delay_after', 2);
    let res = await signInAs('198.51.100.55', 'spread1', PASSWORD);
    assertError(res, 429, 'throttled');
    let retry = Number(res.headers['retry-after']);
    assert.ok(retry >= 2 && retry <= 4, `Retry-After ${retry}`);
    assert.equal(Number(throttleRow('account', 'spread1', '').failures), 4, 'a refused attempt is not counted');

    // The wait over (the last failure moved back rather than waited for),
    // one more failure: 8 s; then another: 16 s, capped at 10.
    const waited = () => assert.ok(dbTryExec(db.url, `UPDATE login_throttle SET last_failure_at = '2000-01-01T00:00:00Z'
      WHERE scope = 'account' AND account_key = 'spread1'`).ok);
    waited();
    assertError(await signInAs('198.51.100.56', 'spread1', 'Wrong-pass-2'), 401, 'unauthenticated');
    res = await signInAs('198.51.100.57', 'spread1', PASSWORD);
    assertError(res, 429, 'throttled');
    retry = Number(res.headers['retry-after']);
    assert.ok(retry >= 6 && retry <= 8, `Retry-After ${retry}`);
    waited();
    assertError(await signInAs('198.51.100.57', 'spread1', 'Wrong-pass-3'), 401, 'unauthenticated');
    res = await signInAs('198.51.100.58', 'spread1', PASSWORD);
    assertError(res, 429, 'throttled');
    retry = Number(res.headers['retry-after']);
    assert.ok(retry >= 8 && retry <= 10, `Retry-After ${retry} is capped by auth.account_max_delay`);

    // The owner at her familiar address is let in meanwhile.
    assert.equal((await signInAs('198.51.100.59', 'spread1', PASSWORD)).status, 201);

    // Staff see the counters and clear them; the owner is then let in
    // from anywhere at once. Audited.
    const list = await api.request('GET', '/api/v1/login-throttles?limit=200', { headers: bearer(adminToken) });
    assert.equal(list.status, 200);
    const acct = list.json.items.find((x) => x.scope === 'account' && x.account_key === 'spread1');
    assert.equal(acct.failures, 6);
    assert.ok(acct.retry_after >= 1 && acct.retry_after <= 10, JSON.stringify(acct));
    const viewer = await createUser('viewer9', ['viewer']);
    assert.ok(viewer.id);
    assertError(await api.request('DELETE', '/api/v1/login-throttles?name=spread1'), 401, 'unauthenticated');
    assertError(await api.request('DELETE', '/api/v1/login-throttles', { headers: bearer(adminToken) }), 400, 'invalid', 'name');
    const audits = count(`audit_log WHERE entity = 'login_throttle'`);
    const clear = await api.request('DELETE', '/api/v1/login-throttles?name=SPREAD1', { headers: bearer(adminToken) });
    assert.equal(clear.status, 200, clear.text);
    assert.ok(clear.json.cleared >= 7, clear.text);
    assert.equal(count(`login_throttle WHERE account_key = 'spread1'`), 0);
    assert.equal(count(`audit_log WHERE entity = 'login_throttle'`), audits + 1);
    const audit = rows(`SELECT actor_name, action, before_json FROM audit_log WHERE entity = 'login_throttle' ORDER BY id DESC LIMIT 1`)[0];
    assert.equal(audit.actor_name, ADMIN);
    assert.equal(audit.action, 'clear');
    assert.equal(JSON.parse(audit.before_json).name, 'SPREAD1');
    assert.ok(JSON.parse(audit.before_json).counters.some((c) => c.scope === 'account' && Number(c.failures) === 6));
    assert.equal((await signInAs('198.51.100.58', 'spread1', PASSWORD)).status, 201);
  } finally {
    await putSetting('auth.account_delay_after', 10);
    await putSetting('auth.account_max_delay', 60);
    await putSetting('auth.login_window_seconds', 900);
  }
});

test('staff clear a throttle from the login-log page (audited)', async () => {
  await createUser('locked1');
  for (let i = 0; i < 5; i++)
    await signInAs('198.51.100.60', 'locked1', 'Wrong-pass-' + i);
  assertError(await signInAs('198.51.100.60', 'locked1', PASSWORD), 429, 'throttled');

  const admin = await signInAs('198.51.100.61', ADMIN, ADMIN_PASSWORD);
  assert.equal(admin.status, 201);
  const cookie = admin.headers['set-cookie'].find((c) => c.startsWith('jg_session=')).split(';')[0];
  const page = await send('GET', '/admin/logins', { headers: { cookie, accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(page.text, /<td>locked1<\/td><td>198\.51\.100\.60<\/td><td>5<\/td>/);
  assert.match(page.text, /action="\/admin\/logins\/throttles\/clear"/);
  // A viewer reads the log but may not clear.
  await createUser('viewer2', ['viewer']);
  const viewer = await signInAs('198.51.100.62', 'viewer2', PASSWORD);
  const vcookie = viewer.headers['set-cookie'].find((c) => c.startsWith('jg_session=')).split(';')[0];
  const vpage = await send('GET', '/admin/logins', { headers: { cookie: vcookie, accept: 'text/html' } });
  if (vpage.status === 200) assert.doesNotMatch(vpage.text, /throttles\/clear/);
  const form = (c, csrf, fields) => send('POST', '/admin/logins/throttles/clear', {
    headers: { cookie: c, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  const denied = await form(vcookie, viewer.json.csrf_token, { name: 'locked1' });
  assert.equal(denied.status, 403);
  assert.equal(count(`login_throttle WHERE account_key = 'locked1'`), 2);

  const audits = count(`audit_log WHERE entity = 'login_throttle'`);
  const res = await form(cookie, admin.json.csrf_token, { name: 'locked1', ip: '' });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.location, '/admin/logins');
  assert.equal(count(`login_throttle WHERE account_key = 'locked1'`), 0);
  assert.equal(count(`audit_log WHERE entity = 'login_throttle' AND action = 'clear'`), audits + 1);
  assert.equal((await signInAs('198.51.100.60', 'locked1', PASSWORD)).status, 201);
});

test('an unknown name gets the answer a wrong password gets, and is counted the same', async () => {
  await createUser('known1');
  const known = await signInAs('198.51.100.70', 'known1', 'Wrong-pass-1');
  const unknown = await signInAs('198.51.100.70', 'unknown1', 'Wrong-pass-1');
  assert.equal(unknown.status, known.status);
  assert.deepEqual(unknown.json, known.json);
  assert.equal(Number(throttleRow('pair', 'unknown1', '198.51.100.70').failures), 1);
  assert.equal(Number(throttleRow('pair', 'known1', '198.51.100.70').failures), 1);
  // A name is one account whatever its case or width: ＫＮＯＷＮ１ signs in
  // as known1, and is counted with it.
  const wide = await signInAs('198.51.100.71', 'ＫＮＯＷＮ１', PASSWORD);
  assert.equal(wide.status, 201, wide.text);
  assert.equal(wide.json.account.name, 'known1');
  assertError(await signInAs('198.51.100.70', 'KNOWN1', 'Wrong-pass-2'), 401, 'unauthenticated');
  assert.equal(Number(throttleRow('pair', 'known1', '198.51.100.70').failures), 2);
});

// ---- 3. long names ------------------------------------------------------------

test('a login name longer than an account name is refused 400 before anything is stored', async () => {
  const logs = count('login_log'), counters = count('login_throttle');
  for (const name of ['x'.repeat(65), '名'.repeat(65), 'y'.repeat(1 << 20)]) {
    const res = await signInAs('198.51.100.80', name, 'Wrong-pass-1');
    assertError(res, 400, 'invalid', 'name');
  }
  assert.equal(count('login_log'), logs, 'nothing logged');
  assert.equal(count('login_throttle'), counters, 'nothing counted');
  // The sign-in form too.
  const page = await send('GET', '/login', { headers: { accept: 'text/html' } });
  const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = page.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
  const form = await send('POST', '/login', {
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ csrf, name: 'z'.repeat(5000), password: 'Wrong-pass-1' }).toString(),
  });
  assert.equal(form.status, 400);
  assert.doesNotMatch(form.text, /zzzzzzzzzz/, 'the name is not echoed');
  assert.equal(count('login_log'), logs);

  // Exactly at the limit: an ordinary failure, logged whole.
  const name64 = '名'.repeat(64);
  assertError(await signInAs('198.51.100.80', name64, 'Wrong-pass-1'), 401, 'unauthenticated');
  assert.equal(rows(`SELECT account_name FROM login_log ORDER BY id DESC LIMIT 1`)[0].account_name, name64);
  // The log still answers, and the table itself refuses longer names.
  assert.equal((await api.request('GET', '/api/v1/logins?limit=200', { headers: bearer(adminToken) })).status, 200);
  const forced = dbTryExec(db.url, `INSERT INTO login_log (at, account_name, ip, user_agent, success, reason)
    VALUES ('2026-01-01T00:00:00Z', '${'x'.repeat(65)}', '1.2.3.4', '', 0, 'wrong password')`);
  assert.equal(forced.ok, false, 'the database refuses a 65-character name');
});

// ---- 4. password changes --------------------------------------------------------

test('changing one\'s password shares the sign-in throttle and log; it revokes API tokens', async () => {
  await createUser('changer9');
  const s = await signInAs('198.51.100.90', 'changer9', PASSWORD);
  const session = {
    cookie: s.headers['set-cookie'].find((c) => c.startsWith('jg_session=')).split(';')[0],
    csrf: s.json.csrf_token,
  };
  const tok = await send('POST', '/api/v1/tokens', {
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': '198.51.100.90' },
    body: { name: 'laptop' },
  });
  assert.equal(tok.status, 201, tok.text);
  const change = (addr, current, next) => send('PUT', '/api/v1/me/password', {
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': addr },
    body: { current_password: current, new_password: next },
  });
  const hash0 = rows(`SELECT password_hash FROM account WHERE name = 'changer9'`)[0].password_hash;
  for (let i = 0; i < 5; i++)
    assertError(await change('198.51.100.91', 'Wrong-pass-' + i, 'Brand-new-99'), 400, 'invalid', 'current_password');
  // The sixth try is refused, the right password included ...
  const refused = await change('198.51.100.91', PASSWORD, 'Brand-new-99');
  assertError(refused, 429, 'throttled');
  assert.match(refused.headers['retry-after'], /^[1-9][0-9]*$/);
  // ... and so is signing in from there: one throttle.
  assertError(await signInAs('198.51.100.91', 'changer9', PASSWORD), 429, 'throttled');
  assert.equal(rows(`SELECT password_hash FROM account WHERE name = 'changer9'`)[0].password_hash, hash0);
  assert.deepEqual(rows(`SELECT kind, success, reason FROM login_log WHERE account_name = 'changer9'
    AND ip = '198.51.100.91' ORDER BY id`).map((r) => [r.kind, Number(r.success), r.reason]),
  [...Array(5).fill(['password', 0, 'wrong password']), ['password', 0, 'throttled'], ['sign_in', 0, 'throttled']]);
  // Sign-in failures count against changes the same way.
  for (let i = 0; i < 5; i++)
    await signInAs('198.51.100.92', 'changer9', 'Wrong-pass-' + i);
  assertError(await change('198.51.100.92', PASSWORD, 'Brand-new-99'), 429, 'throttled');

  // Ten failures of the account from anywhere: elsewhere it must wait a
  // little, but from the address it signed in from before the change
  // works; the token and the other sessions end with it. The wait starts
  // at one second and doubles: the delay is set to begin early here, so
  // that a slow machine cannot outlast it between two requests.
  await putSetting('auth.account_delay_after', 2);
  assertError(await signInAs('198.51.100.93', 'changer9', PASSWORD), 429, 'throttled');
  await putSetting('auth.account_delay_after', 10);
  const other = await signInAs('198.51.100.90', 'changer9', PASSWORD);
  assert.equal(other.status, 201);
  const ok = await change('198.51.100.90', PASSWORD, 'Brand-new-99');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(rows(`SELECT kind, success FROM login_log WHERE account_name = 'changer9' ORDER BY id DESC LIMIT 1`)[0].kind, 'password');
  assertError(await api.request('GET', '/api/v1/me', { headers: bearer(tok.json.token) }), 401, 'unauthenticated');
  assert.equal(count(`api_token t JOIN account a ON a.id = t.account_id WHERE a.name = 'changer9' AND t.revoked_at IS NULL`), 0);
  const otherCookie = other.headers['set-cookie'].find((c) => c.startsWith('jg_session=')).split(';')[0];
  assertError(await api.request('GET', '/api/v1/me', { headers: { cookie: otherCookie } }), 401, 'unauthenticated');
  assert.equal((await api.request('GET', '/api/v1/me', { headers: { cookie: session.cookie } })).status, 200, 'this session stays');
  const audit = rows(`SELECT after_json FROM audit_log WHERE entity = 'account' AND action = 'change_password' ORDER BY id DESC LIMIT 1`)[0];
  assert.equal(JSON.parse(audit.after_json).api_tokens_revoked, 1);
});

test('an admin\'s reset revokes the account\'s API tokens as well as its sessions', async () => {
  const acct = await createUser('reset9');
  const s = await signInAs('198.51.100.95', 'reset9', PASSWORD);
  const tok = await send('POST', '/api/v1/tokens', {
    headers: { cookie: s.headers['set-cookie'].find((c) => c.startsWith('jg_session=')).split(';')[0], 'x-csrf-token': s.json.csrf_token },
    body: { name: 'script' },
  });
  assert.equal(tok.status, 201);
  assert.equal((await api.request('GET', '/api/v1/me', { headers: bearer(tok.json.token) })).status, 200);
  const res = await api.request('POST', `/api/v1/users/${acct.id}/password`, { body: { password: 'Reset-pass-99' }, headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  assertError(await api.request('GET', '/api/v1/me', { headers: bearer(tok.json.token) }), 401, 'unauthenticated');
  assert.notEqual(rows(`SELECT revoked_at FROM api_token WHERE id = ${tok.json.id}`)[0].revoked_at, null);
});

// ---- 12. logs cannot be forged ------------------------------------------------

test('a control byte in a logged path is escaped: no forged log line', async () => {
  const res = await send('GET', '/x%0A2030-01-01T00:00:00Z%20error%20forged%0D%1B[2J');
  assert.equal(res.status, 404);
  const log = await stderrMatch(srv, /GET \/x\\x0a2030/);
  assert.match(log, /info GET \/x\\x0a2030-01-01T00:00:00Z error forged\\x0d\\x1b\[2J 404 /);
  assert.doesNotMatch(log, /^2030-01-01T00:00:00Z error forged/m, 'no line of its own');
  for (const line of log.split('\n').filter(Boolean))
    assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (debug|info|warn|error) /, `a line the server wrote: ${line}`);
});

// ---- 13. many query arguments ---------------------------------------------------

test('a URL with too many query arguments gets 414 at once, and the connection stays usable', async () => {
  const query = Array.from({ length: 1000 }, (_, i) => `a${i}=1`).join('&');
  assert.ok(query.length < 8000);
  // Two requests on one connection: the 414, then a normal one.
  const answers = await new Promise((resolve, reject) => {
    const sock = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(got); }, 5000);
    sock.on('data', (d) => {
      got += d;
      if ((got.match(/HTTP\/1\.1 /g) || []).length >= 2 && got.endsWith('}')) {
        clearTimeout(timer);
        sock.end();
        resolve(got);
      }
    });
    sock.on('error', reject);
    sock.write(`GET /api/v1/users?${query} HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
  const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [414, 200], answers.slice(0, 300));
  assert.match(answers, /"code":"uri_too_long"/);

  // At the limit the request is served as usual.
  const ok = Array.from({ length: 100 }, (_, i) => `a${i}=1`).join('&');
  const res = await api.request('GET', `/api/v1/users?${ok}`, { headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  const over = await fetch(`${srv.url}/healthz?${ok}&one=more`);
  assert.equal(over.status, 414);
  assert.equal((await over.json()).error.code, 'uri_too_long');
});
