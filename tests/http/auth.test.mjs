// Accounts and security over HTTP: sign-in and sessions, cookie flags, CSRF,
// API tokens, revocation, throttling and the login log, stored secrets, the
// audit log, settings, bad input, password change, admin reset and disable.
// Every JSON answer is checked against web/api/openapi.json (apiClient), and
// the database is read directly where the claim is about what is stored.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startOneServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const ADMIN = 'root';
const ADMIN_PASSWORD = 'Root-pass-2026';
const PASSWORD = 'Secret-pass-1';

let db, srv, api, adminToken;

// ---- the database, read directly --------------------------------------

// A literal for the few values the tests put into SQL themselves.
const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

// The rows of a query as plain objects, on either back end.
const rows = (sql) => dbRows(db.url, sql);

const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);

// ---- HTTP helpers -------------------------------------------------------

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const cookieHeaders = (s, withCsrf = true) => ({
  cookie: `jg_session=${s.cookie}`,
  ...(withCsrf ? { 'x-csrf-token': s.csrf } : {}),
});

// The value of cookie `name` in the Set-Cookie headers of `res`, with its attributes.
function setCookie(res, name) {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(name + '='));
  if (!line) return null;
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  return { line, value: pair.slice(name.length + 1), attrs };
}

async function signInRaw(name, password, headers = {}) {
  return api.request('POST', '/api/v1/sessions', { body: { name, password }, headers });
}

// Sign in, asserting success; returns { cookie, csrf, id, res }.
async function signIn(name, password, headers = {}) {
  const res = await signInRaw(name, password, headers);
  assert.equal(res.status, 201, `sign-in of ${name}: ${res.text}`);
  const c = setCookie(res, 'jg_session');
  assert.ok(c && c.value, 'a session cookie is set');
  return { cookie: c.value, csrf: res.json.csrf_token, id: res.json.session_id, res };
}

async function me(headers) {
  return api.request('GET', '/api/v1/me', { headers });
}

// Create an account as the admin; returns its JSON.
async function createUser(name, roles = ['trainee'], password = PASSWORD) {
  const res = await api.request('POST', '/api/v1/users', {
    body: { name, password, roles }, headers: bearer(adminToken),
  });
  assert.equal(res.status, 201, `create ${name}: ${res.text}`);
  return res.json;
}

// A new API token of `name`, made through a cookie session.
async function tokenOf(name, password = PASSWORD) {
  const s = await signIn(name, password);
  const res = await api.request('POST', '/api/v1/tokens', { body: { name: 'test' }, headers: cookieHeaders(s) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function putSetting(key, value) {
  const res = await api.request('PUT', `/api/v1/settings/${key}`, { body: { value }, headers: bearer(adminToken) });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', ADMIN, '--role', 'admin', '--db', db.url], { input: ADMIN_PASSWORD + '\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', ADMIN, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  adminToken = tok.stdout.trim();
  // The tests' own address is the server's trusted proxy (as nginx would
  // be), so that X-Forwarded-Proto is believed from it; sent without
  // X-Forwarded-For, the client is still 127.0.0.1.
  srv = await startServer({ db: db.url, args: ['--trusted-proxy', '127.0.0.1'] });
  api = await apiClient(srv.url);
  // Every sign-in of this file comes from 127.0.0.1: keep the per-address
  // limit out of the way of the per-account limits the tests set.
  await putSetting('auth.ip_max_failures', 10000);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

// ---- tests --------------------------------------------------------------

test('no credentials → 401; an account without the role → 403; an admin → 200', async () => {
  await createUser('trainee1', ['trainee']);
  const { token } = await tokenOf('trainee1');

  let res = await api.request('GET', '/api/v1/users');
  assertError(res, 401, 'unauthenticated');
  res = await api.request('GET', '/api/v1/users', { headers: bearer('not-a-token') });
  assertError(res, 401, 'unauthenticated');
  res = await api.request('GET', '/api/v1/users', { headers: { authorization: 'Basic cm9vdDp4' } });
  assertError(res, 401, 'unauthenticated');

  res = await api.request('GET', '/api/v1/users', { headers: bearer(token) });
  assertError(res, 403, 'forbidden');

  res = await api.request('GET', '/api/v1/users', { headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  assert.ok(res.json.total >= 2);
  assert.deepEqual(res.json.items.find((a) => a.name === ADMIN).roles, ['admin']);
  assert.deepEqual(res.json.items.find((a) => a.name === 'trainee1').roles, ['trainee']);

  // The trainee may read its own account, but no admin route.
  res = await me(bearer(token));
  assert.equal(res.status, 200);
  assert.equal(res.json.name, 'trainee1');
  assert.equal(res.json.csrf_token, undefined, 'no CSRF token for a bearer token');
  const before = count('account');
  for (const [method, path, body] of [
    ['POST', '/api/v1/users', { name: 'sneaky', password: PASSWORD, roles: ['admin'] }],
    ['GET', `/api/v1/users/${res.json.id}`],
    ['PATCH', `/api/v1/users/${res.json.id}`, { roles: ['admin'] }],
    ['GET', '/api/v1/logins'],
    ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/settings'],
    ['PUT', '/api/v1/settings/auth.login_max_failures', { value: 1000 }],
    ['GET', '/api/v1/sessions?all=1'],
  ]) {
    const r = await api.request(method, path, { body, headers: bearer(token) });
    assertError(r, 403, 'forbidden');
  }
  assert.equal(count('account'), before, 'nothing was created');
  assert.deepEqual(rows(`SELECT r.role FROM account_role r JOIN account a ON a.id = r.account_id
    WHERE a.name = 'trainee1'`).map((r) => r.role), ['trainee'], 'the trainee did not make itself admin');

  // A viewer may read the settings, not change them.
  await createUser('viewer1', ['viewer']);
  const viewer = await tokenOf('viewer1');
  res = await api.request('GET', '/api/v1/settings', { headers: bearer(viewer.token) });
  assert.equal(res.status, 200);
  res = await api.request('PUT', '/api/v1/settings/auth.login_max_failures', { body: { value: 9 }, headers: bearer(viewer.token) });
  assertError(res, 403, 'forbidden');
});

test('sign-in sets an HttpOnly SameSite=Lax cookie, with a new session id every time', async () => {
  const acct = await createUser('cookie1');
  const res = await signInRaw('cookie1', PASSWORD, { 'user-agent': 'auth-test/1.0' });
  assert.equal(res.status, 201);
  assert.equal(res.json.account.id, acct.id);
  assert.equal(res.json.account.name, 'cookie1');
  assert.ok(res.json.csrf_token.length >= 32);
  assert.equal(res.json.expires_in, 12 * 3600, 'auth.session_max_hours defaults to 12');
  const c = setCookie(res, 'jg_session');
  assert.match(c.value, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(c.attrs.includes('HttpOnly'), c.line);
  assert.ok(c.attrs.includes('SameSite=Lax'), c.line);
  assert.ok(c.attrs.includes('Path=/'), c.line);
  assert.ok(c.attrs.includes(`Max-Age=${res.json.expires_in}`), c.line);
  assert.ok(!c.attrs.includes('Secure'), 'no Secure flag over plain HTTP');

  // The cookie works, and GET /me repeats the session's CSRF token.
  const first = { cookie: c.value, csrf: res.json.csrf_token, id: res.json.session_id };
  let r = await me(cookieHeaders(first, false));
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'cookie1');
  assert.equal(r.json.csrf_token, first.csrf);

  // The session is listed, marked current, with the user agent.
  r = await api.request('GET', '/api/v1/sessions', { headers: cookieHeaders(first, false) });
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 1);
  assert.equal(r.json.items[0].id, first.id);
  assert.equal(r.json.items[0].current, true);
  assert.equal(r.json.items[0].user_agent, 'auth-test/1.0');
  assert.equal(r.json.items[0].account_name, 'cookie1');

  // A second sign-in gets another session id and cookie.
  const second = await signIn('cookie1', PASSWORD);
  assert.notEqual(second.cookie, first.cookie);
  assert.notEqual(second.id, first.id);
  assert.notEqual(second.csrf, first.csrf);

  // Signing in while holding a session cookie replaces that session; like
  // any change made with the cookie, it needs the CSRF token.
  assertError(await signInRaw('cookie1', PASSWORD, cookieHeaders(first, false)), 403, 'forbidden', 'csrf');
  const third = await signIn('cookie1', PASSWORD, cookieHeaders(first));
  assert.notEqual(third.cookie, first.cookie);
  assert.notEqual(third.id, first.id);
  assertError(await me(cookieHeaders(first, false)), 401, 'unauthenticated');
  assert.equal((await me(cookieHeaders(third, false))).status, 200);
  assert.equal((await me(cookieHeaders(second, false))).status, 200, 'other sessions are untouched');

  // Behind TLS (X-Forwarded-Proto: https from the trusted proxy) the cookie
  // is Secure as well. Through nginx (make test-cluster) the test is not
  // the proxy: nginx says X-Forwarded-Proto itself, from its own scheme.
  const tls = await signInRaw('cookie1', PASSWORD, { 'x-forwarded-proto': 'https' });
  assert.equal(tls.status, 201);
  assert.equal(setCookie(tls, 'jg_session').attrs.includes('Secure'), !srv.nginx);
});

test('a change made with the cookie needs X-CSRF-Token; a bearer token does not', async () => {
  await createUser('csrf1');
  const s = await signIn('csrf1', PASSWORD);
  const tokens = () => count(`api_token t JOIN account a ON a.id = t.account_id WHERE a.name = 'csrf1'`);

  let res = await api.request('POST', '/api/v1/tokens', { body: { name: 'no csrf' }, headers: cookieHeaders(s, false) });
  assertError(res, 403, 'forbidden', 'csrf');
  res = await api.request('POST', '/api/v1/tokens', {
    body: { name: 'wrong csrf' }, headers: { ...cookieHeaders(s, false), 'x-csrf-token': 'x'.repeat(s.csrf.length) },
  });
  assertError(res, 403, 'forbidden', 'csrf');
  res = await api.request('DELETE', '/api/v1/sessions/current', { headers: cookieHeaders(s, false) });
  assertError(res, 403, 'forbidden', 'csrf');
  assert.equal(tokens(), 0, 'refused requests changed nothing');
  assert.equal((await me(cookieHeaders(s, false))).status, 200, 'the session was not signed out');

  res = await api.request('POST', '/api/v1/tokens', { body: { name: 'with csrf' }, headers: cookieHeaders(s) });
  assert.equal(res.status, 201);
  assert.equal(res.json.name, 'with csrf');
  const made = res.json.token;
  assert.equal(tokens(), 1);

  // A form post is held to the same rule, whether signed in or not.
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  res = await api.request('POST', '/api/v1/tokens', { raw: 'name=form', headers: { ...cookieHeaders(s, false), ...form } });
  assertError(res, 403, 'forbidden', 'csrf');
  res = await api.request('POST', '/api/v1/sessions', { raw: 'name=csrf1&password=x', headers: form });
  assertError(res, 403, 'forbidden', 'csrf');
  assert.equal(tokens(), 1);

  // A bearer token is not ambient: no CSRF token needed.
  res = await api.request('POST', '/api/v1/tokens', { body: { name: 'by token' }, headers: bearer(made) });
  assert.equal(res.status, 201);
  assert.equal(tokens(), 2);
});

test('signing out ends the session: the old cookie then gets 401', async () => {
  await createUser('logout1');
  const s = await signIn('logout1', PASSWORD);
  const res = await api.request('DELETE', '/api/v1/sessions/current', { headers: cookieHeaders(s) });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { signed_out: true });
  const cleared = setCookie(res, 'jg_session');
  assert.equal(cleared.value, '');
  assert.ok(cleared.attrs.includes('Max-Age=0'), cleared.line);
  assertError(await me(cookieHeaders(s, false)), 401, 'unauthenticated');
  assert.notEqual(rows(`SELECT revoked_at FROM session WHERE id = ${s.id}`)[0].revoked_at, null);

  // Signing out needs a session: with a bearer token it is 401.
  const { token } = await tokenOf('logout1');
  assertError(await api.request('DELETE', '/api/v1/sessions/current', { headers: bearer(token) }), 401, 'unauthenticated');
  assert.equal((await me(bearer(token))).status, 200, 'and the token still works');
});

test('a session revoked from another session gets 401 on its next request', async () => {
  await createUser('revoke1');
  await createUser('revoke2');
  const a = await signIn('revoke1', PASSWORD);
  const b = await signIn('revoke1', PASSWORD);
  const other = await signIn('revoke2', PASSWORD);

  let res = await api.request('GET', '/api/v1/sessions', { headers: cookieHeaders(a, false) });
  assert.equal(res.json.total, 2);
  assert.deepEqual(res.json.items.map((x) => x.id).sort(), [a.id, b.id].sort());
  assert.deepEqual(res.json.items.filter((x) => x.current).map((x) => x.id), [a.id]);

  // Someone else's session is not found for a non-admin, and stays valid.
  res = await api.request('DELETE', `/api/v1/sessions/${b.id}`, { headers: cookieHeaders(other) });
  assertError(res, 404, 'not_found');
  assert.equal((await me(cookieHeaders(b, false))).status, 200);

  res = await api.request('DELETE', `/api/v1/sessions/${b.id}`, { headers: cookieHeaders(a) });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { id: b.id, revoked: true });
  assertError(await me(cookieHeaders(b, false)), 401, 'unauthenticated');
  assert.equal((await me(cookieHeaders(a, false))).status, 200, 'the revoking session still works');
  res = await api.request('DELETE', `/api/v1/sessions/${b.id}`, { headers: cookieHeaders(a) });
  assertError(res, 404, 'not_found');
  res = await api.request('DELETE', '/api/v1/sessions/abc', { headers: cookieHeaders(a) });
  assertError(res, 400, 'invalid', 'id');

  // The revocation is audited; an admin sees everyone's sessions and may end any.
  res = await api.request('GET', `/api/v1/audit?entity=session&entity_id=${b.id}`, { headers: bearer(adminToken) });
  assert.equal(res.json.total, 1);
  assert.equal(res.json.items[0].action, 'revoke');
  assert.equal(res.json.items[0].actor_name, 'revoke1');
  res = await api.request('GET', '/api/v1/sessions?all=1&limit=200', { headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  assert.ok(res.json.items.some((x) => x.id === other.id && x.account_name === 'revoke2'));
  res = await api.request('DELETE', `/api/v1/sessions/${other.id}`, { headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  assertError(await me(cookieHeaders(other, false)), 401, 'unauthenticated');
});

test('a revoked API token gets 401 on its next request', async () => {
  await createUser('tokens1');
  await createUser('tokens2');
  const made = await tokenOf('tokens1');
  assert.match(made.token, /^[A-Za-z0-9_-]{43}$/);

  let res = await me(bearer(made.token));
  assert.equal(res.status, 200);
  assert.equal(res.json.name, 'tokens1');
  res = await api.request('GET', '/api/v1/tokens', { headers: bearer(made.token) });
  assert.equal(res.json.total, 1);
  assert.equal(res.json.items[0].id, made.id);
  assert.equal(res.json.items[0].name, 'test');
  assert.notEqual(res.json.items[0].last_used_at, null, 'the last use is recorded');

  // Another account cannot revoke it.
  const stranger = await tokenOf('tokens2');
  res = await api.request('DELETE', `/api/v1/tokens/${made.id}`, { headers: bearer(stranger.token) });
  assertError(res, 404, 'not_found');
  assert.equal((await me(bearer(made.token))).status, 200);

  res = await api.request('DELETE', `/api/v1/tokens/${made.id}`, { headers: bearer(made.token) });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { id: made.id, revoked: true });
  assertError(await me(bearer(made.token)), 401, 'unauthenticated');
  assert.notEqual(rows(`SELECT revoked_at FROM api_token WHERE id = ${made.id}`)[0].revoked_at, null);

  const s = await signIn('tokens1', PASSWORD);
  res = await api.request('GET', '/api/v1/tokens', { headers: cookieHeaders(s, false) });
  assert.equal(res.json.total, 0, 'a revoked token is no longer listed');
  res = await api.request('GET', `/api/v1/audit?entity=api_token&entity_id=${made.id}`, { headers: bearer(adminToken) });
  assert.deepEqual(res.json.items.map((x) => x.action), ['revoke', 'create']);
});

test('throttling: after the threshold, 429 with Retry-After, and the login log holds every attempt', async () => {
  const setting = await putSetting('auth.login_max_failures', 3);
  assert.equal(setting.value, 3);
  const acct = await createUser('throttle1');
  const ua = { 'user-agent': 'throttle-test/2' };

  for (let i = 0; i < 3; i++) {
    const res = await signInRaw('throttle1', 'Wrong-pass-' + i, ua);
    assertError(res, 401, 'unauthenticated');
    assert.equal(setCookie(res, 'jg_session'), null, 'no cookie for a failure');
  }
  const res = await signInRaw('throttle1', PASSWORD, ua);
  assertError(res, 429, 'throttled');
  const retry = res.headers.get('retry-after');
  assert.match(retry ?? '', /^[0-9]+$/, 'Retry-After is a number of seconds');
  assert.ok(Number(retry) >= 1 && Number(retry) <= 900, `Retry-After ${retry} within the window`);
  assert.equal(setCookie(res, 'jg_session'), null);

  const log = await api.request('GET', '/api/v1/logins?name=throttle1', { headers: bearer(adminToken) });
  assert.equal(log.status, 200);
  assert.equal(log.json.total, 4);
  assert.deepEqual(log.json.items.map((x) => x.success), [false, false, false, false]);
  assert.deepEqual(log.json.items.map((x) => x.reason),
    ['throttled', 'wrong password', 'wrong password', 'wrong password']);
  for (const x of log.json.items) {
    assert.equal(x.account_name, 'throttle1');
    assert.equal(x.ip, '127.0.0.1');
    assert.equal(x.user_agent, 'throttle-test/2');
  }
  assert.deepEqual(log.json.items.slice(1).map((x) => x.account_id), [acct.id, acct.id, acct.id]);
  assert.equal(count(`login_log WHERE account_name = 'throttle1'`), 4);
  assert.equal(count(`login_log WHERE account_name = 'throttle1' AND success = 1`), 0);
  assert.equal(count(`session WHERE account_id = ${acct.id}`), 0, 'no session was started');

  // Filters of the login log.
  let r = await api.request('GET', '/api/v1/logins?name=throttle1&success=1', { headers: bearer(adminToken) });
  assert.equal(r.json.total, 0);
  r = await api.request('GET', '/api/v1/logins?name=throttle1&limit=2&offset=1', { headers: bearer(adminToken) });
  assert.equal(r.json.total, 4);
  assert.equal(r.json.items.length, 2);
  assert.equal(r.json.limit, 2);
  assert.equal(r.json.offset, 1);

  // An unknown name is throttled in the same way (no account enumeration).
  for (let i = 0; i < 3; i++) assertError(await signInRaw('nobody-here', 'Wrong-pass-1'), 401, 'unauthenticated');
  assertError(await signInRaw('nobody-here', 'Wrong-pass-1'), 429, 'throttled');
  r = await api.request('GET', '/api/v1/logins?name=nobody-here', { headers: bearer(adminToken) });
  assert.deepEqual(r.json.items.map((x) => x.reason), ['throttled', 'unknown account', 'unknown account', 'unknown account']);
  assert.deepEqual(r.json.items.map((x) => x.account_id), [null, null, null, null]);
  await putSetting('auth.login_max_failures', 5);
});

test('throttling per address: failures under several names from one address add up', async () => {
  const own = freshDatabase();
  try {
    const add = await runCli(['user', 'add', 'boss', '--role', 'admin', '--db', own.url], { input: ADMIN_PASSWORD + '\n' });
    assert.equal(add.status, 0, add.stderr);
    const token = (await runCli(['user', 'token', 'boss', '--db', own.url])).stdout.trim();
    const other = await startServer({ db: own.url });
    try {
      const api2 = await apiClient(other.url);
      for (const [key, value] of [['auth.ip_max_failures', 3], ['auth.login_max_failures', 1000]]) {
        const r = await api2.request('PUT', `/api/v1/settings/${key}`, { body: { value }, headers: bearer(token) });
        assert.equal(r.status, 200, r.text);
      }
      for (const name of ['guess1', 'guess2', 'boss']) {
        const r = await api2.request('POST', '/api/v1/sessions', { body: { name, password: 'Wrong-pass-3' } });
        assertError(r, 401, 'unauthenticated');
      }
      const r = await api2.request('POST', '/api/v1/sessions', { body: { name: 'boss', password: ADMIN_PASSWORD } });
      assertError(r, 429, 'throttled');
      assert.match(r.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
      const log = await api2.request('GET', '/api/v1/logins?ip=127.0.0.1', { headers: bearer(token) });
      assert.equal(log.json.total, 4);
      assert.deepEqual(log.json.items.map((x) => x.reason), ['throttled', 'wrong password', 'unknown account', 'unknown account']);
    } finally {
      assert.equal((await other.stop()).code, 0);
    }
  } finally {
    own.dispose();
  }
});

test('a setting changed by an admin takes effect on the next request and is audited', async () => {
  await createUser('mover1');
  const auditRows = () => count(`audit_log WHERE entity = 'setting'`);
  const before = auditRows();

  await putSetting('auth.login_max_failures', 5);
  for (let i = 0; i < 2; i++) assertError(await signInRaw('mover1', 'Wrong-pass-9'), 401, 'unauthenticated');
  assert.equal((await signInRaw('mover1', PASSWORD)).status, 201, '2 failures are under a limit of 5');

  await putSetting('auth.login_max_failures', 2);
  assertError(await signInRaw('mover1', PASSWORD), 429, 'throttled');

  await putSetting('auth.login_max_failures', 3);
  assert.equal((await signInRaw('mover1', PASSWORD)).status, 201, '2 failures are under a limit of 3');

  assert.equal(auditRows(), before + 3, 'one audit row per change');
  const res = await api.request('GET', '/api/v1/audit?entity=setting&limit=3', { headers: bearer(adminToken) });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.items.map((x) => [x.before.value, x.after.value]), [['2', '3'], ['5', '2'], ['5', '5']]);
  for (const x of res.json.items) {
    assert.equal(x.action, 'update');
    assert.equal(x.actor_name, ADMIN);
    assert.equal(x.after.key, 'auth.login_max_failures');
    assert.equal(x.entity_id, null);
  }

  const list = await api.request('GET', '/api/v1/settings', { headers: bearer(adminToken) });
  const s = list.json.items.find((x) => x.key === 'auth.login_max_failures');
  assert.deepEqual([s.type, s.value, s.default, s.min, s.max], ['integer', 3, 5, 1, 1000]);
  assert.equal(list.json.total, list.json.items.length);
  assert.equal(rows(`SELECT value FROM setting WHERE key = 'auth.login_max_failures'`)[0].value, '3');
  await putSetting('auth.login_max_failures', 5);
});

test('stored secrets: argon2id password hashes; session and API tokens only as hashes', async () => {
  const acct = await createUser('secret1', ['teacher'], 'Plain-text-77');
  const s = await signIn('secret1', 'Plain-text-77');
  const res = await api.request('POST', '/api/v1/tokens', { body: { name: 'stored' }, headers: cookieHeaders(s) });
  assert.equal(res.status, 201);
  const token = res.json.token;

  for (const r of rows('SELECT name, password_hash FROM account')) {
    assert.ok(r.password_hash.startsWith('$argon2id$'), `${r.name}: ${r.password_hash.slice(0, 12)}`);
  }
  const sessions = rows(`SELECT token_hash, csrf_token FROM session WHERE account_id = ${acct.id}`);
  assert.equal(sessions.length, 1);
  assert.match(sessions[0].token_hash, /^[0-9a-f]{64}$/);
  assert.notEqual(sessions[0].token_hash, s.cookie);
  const tokens = rows(`SELECT token_hash FROM api_token WHERE account_id = ${acct.id}`);
  assert.equal(tokens.length, 1);
  assert.match(tokens[0].token_hash, /^[0-9a-f]{64}$/);
  assert.notEqual(tokens[0].token_hash, token);

  // No row of any table holds the cookie, the token or the password in clear.
  for (const table of ['account', 'account_role', 'session', 'api_token', 'login_log', 'audit_log', 'setting']) {
    const dump = JSON.stringify(rows(`SELECT * FROM ${table}`));
    assert.ok(!dump.includes(s.cookie), `${table} holds the session token`);
    assert.ok(!dump.includes(token), `${table} holds the API token`);
    assert.ok(!dump.includes('Plain-text-77'), `${table} holds the password`);
  }
});

test('creating an account writes one audit row without the password; a duplicate name is 409 and writes nothing', async () => {
  const audits = () => count('audit_log');
  const accounts = () => count('account');
  const [a0, n0] = [audits(), accounts()];

  const res = await api.request('POST', '/api/v1/users', {
    headers: bearer(adminToken),
    body: { name: 'auditee1', display_name: '张老师', password: 'Audit-pass-31', roles: ['teacher', 'expert'] },
  });
  assert.equal(res.status, 201);
  assert.equal(res.json.name, 'auditee1');
  assert.equal(res.json.display_name, '张老师');
  assert.deepEqual(res.json.roles.slice().sort(), ['expert', 'teacher']);
  assert.equal(res.json.disabled, false);
  assert.equal(res.json.org_id, null);
  assert.equal(audits(), a0 + 1, 'exactly one audit row');
  assert.equal(accounts(), n0 + 1);

  const log = await api.request('GET', `/api/v1/audit?entity=account&entity_id=${res.json.id}`, { headers: bearer(adminToken) });
  assert.equal(log.json.total, 1);
  const row = log.json.items[0];
  assert.equal(row.action, 'create');
  assert.equal(row.entity, 'account');
  assert.equal(row.actor_name, ADMIN);
  assert.equal(row.before, null);
  assert.equal(row.after.name, 'auditee1');
  assert.equal(row.after.display_name, '张老师');
  assert.ok(!Object.keys(row.after).some((k) => /password/.test(k)), JSON.stringify(row.after));
  assert.ok(!JSON.stringify(row).includes('Audit-pass-31'));
  assert.ok(!JSON.stringify(row).includes('$argon2id$'));

  const dup = await api.request('POST', '/api/v1/users', {
    headers: bearer(adminToken), body: { name: 'auditee1', password: 'Other-pass-32', roles: ['viewer'] },
  });
  assertError(dup, 409, 'conflict', 'name');
  assert.equal(audits(), a0 + 1, 'no audit row for the refused change');
  assert.equal(accounts(), n0 + 1, 'no second account');
  // The original is untouched: its password and roles are the first ones.
  await signIn('auditee1', 'Audit-pass-31');
  assert.deepEqual(rows(`SELECT r.role FROM account_role r JOIN account a ON a.id = r.account_id
    WHERE a.name = 'auditee1' ORDER BY r.role`).map((r) => r.role), ['expert', 'teacher']);
});

test('bad input is 400 naming the field, and changes nothing', async () => {
  const h = bearer(adminToken);
  const [audits0, accounts0] = [count('audit_log'), count('account')];
  const post = (body) => api.request('POST', '/api/v1/users', { body, headers: h });
  const good = { name: 'badinput1', password: PASSWORD, roles: ['trainee'] };

  assertError(await post({ ...good, email: 'x@example.com' }), 400, 'invalid', 'email');
  assertError(await post({ ...good, roles: 'trainee' }), 400, 'invalid', 'roles');
  assertError(await post({ ...good, roles: [] }), 400, 'invalid', 'roles');
  assertError(await post({ ...good, roles: ['wizard'] }), 400, 'invalid', 'roles');
  assertError(await post({ ...good, roles: [7] }), 400, 'invalid', 'roles');
  assertError(await post({ name: 'badinput1', password: PASSWORD }), 400, 'invalid', 'roles');
  assertError(await post({ ...good, password: 'short1' }), 400, 'invalid', 'password');
  assertError(await post({ ...good, password: 'lettersonly' }), 400, 'invalid', 'password');
  assertError(await post({ ...good, password: '1234567890' }), 400, 'invalid', 'password');
  assertError(await post({ ...good, name: 'abc12345', password: 'abc12345' }), 400, 'invalid', 'password');
  assertError(await post({ ...good, password: undefined }), 400, 'invalid', 'password');
  assertError(await post({ ...good, name: 'x' }), 400, 'invalid', 'name');
  assertError(await post({ ...good, name: 'has space' }), 400, 'invalid', 'name');
  assertError(await post({ ...good, name: 42 }), 400, 'invalid', 'name');
  assertError(await post({ ...good, org_id: 'one' }), 400, 'invalid', 'org_id');

  assertError(await api.request('POST', '/api/v1/sessions', { body: { name: 'root', password: 'x', remember: true } }),
    400, 'invalid', 'remember');
  assertError(await api.request('POST', '/api/v1/sessions', { body: { name: 'root' } }), 400, 'invalid', 'password');

  for (const [q, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=ten', 'limit'], ['offset=-1', 'offset'], ['role=wizard', 'role']]) {
    assertError(await api.request('GET', `/api/v1/users?${q}`, { headers: h }), 400, 'invalid', field);
  }
  let res = await api.request('GET', '/api/v1/users?limit=200', { headers: h });
  assert.equal(res.status, 200);
  assert.equal(res.json.limit, 200);
  assertError(await api.request('GET', '/api/v1/audit?limit=0', { headers: h }), 400, 'invalid', 'limit');
  assertError(await api.request('GET', '/api/v1/audit?from=yesterday', { headers: h }), 400, 'invalid', 'from');
  assertError(await api.request('GET', '/api/v1/audit?entity_id=0', { headers: h }), 400, 'invalid', 'entity_id');
  assertError(await api.request('GET', '/api/v1/logins?success=yes', { headers: h }), 400, 'invalid', 'success');
  assertError(await api.request('GET', '/api/v1/logins?limit=201', { headers: h }), 400, 'invalid', 'limit');
  assertError(await api.request('GET', '/api/v1/tokens?limit=0', { headers: h }), 400, 'invalid', 'limit');
  assertError(await api.request('GET', '/api/v1/users/0', { headers: h }), 400, 'invalid', 'id');
  assertError(await api.request('GET', '/api/v1/users/999999', { headers: h }), 404, 'not_found');
  assertError(await api.request('PATCH', '/api/v1/users/999999', { body: { display_name: 'x' }, headers: h }), 404, 'not_found');

  const put = (key, body) => api.request('PUT', `/api/v1/settings/${key}`, { body, headers: h });
  const key = 'auth.login_max_failures';
  const value0 = rows(`SELECT value FROM setting WHERE key = ${lit(key)}`)[0]?.value;
  assertError(await put(key, { value: 0 }), 400, 'invalid', 'value');
  assertError(await put(key, { value: 1001 }), 400, 'invalid', 'value');
  assertError(await put(key, { value: 'many' }), 400, 'invalid', 'value');
  assertError(await put(key, { value: 2.5 }), 400, 'invalid', 'value');
  assertError(await put(key, { value: null }), 400, 'invalid', 'value');
  assertError(await put(key, {}), 400, 'invalid', 'value');
  assertError(await put(key, { value: 3, note: 'x' }), 400, 'invalid', 'note');
  assertError(await put('auth.no_such_setting', { value: 3 }), 404, 'not_found');
  assert.equal(rows(`SELECT value FROM setting WHERE key = ${lit(key)}`)[0]?.value, value0, 'the setting is unchanged');

  assert.equal(count('account'), accounts0, 'no account was created');
  assert.equal(count('audit_log'), audits0, 'nothing was audited');
  res = await api.request('GET', '/api/v1/users?q=badinput', { headers: h });
  assert.equal(res.json.total, 0);
});

test('changing one\'s password: the current one is checked, other sessions end, this one stays', async () => {
  const acct = await createUser('changer1');
  const s1 = await signIn('changer1', PASSWORD);
  const s2 = await signIn('changer1', PASSWORD);
  const hash0 = rows(`SELECT password_hash FROM account WHERE id = ${acct.id}`)[0].password_hash;
  const change = (body, s = s1) => api.request('PUT', '/api/v1/me/password', { body, headers: cookieHeaders(s) });

  assertError(await change({ current_password: 'Wrong-pass-5', new_password: 'Brand-new-88' }), 400, 'invalid', 'current_password');
  assertError(await change({ current_password: PASSWORD, new_password: PASSWORD }), 400, 'invalid', 'new_password');
  assertError(await change({ current_password: PASSWORD }), 400, 'invalid', 'new_password');
  assertError(await change({ current_password: PASSWORD, new_password: 'Brand-new-88', also: 1 }), 400, 'invalid', 'also');
  assert.equal(rows(`SELECT password_hash FROM account WHERE id = ${acct.id}`)[0].password_hash, hash0, 'unchanged so far');
  assert.equal((await me(cookieHeaders(s2, false))).status, 200, 'refused changes end no session');

  const res = await change({ current_password: PASSWORD, new_password: 'Brand-new-88' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { changed: true });
  assertError(await me(cookieHeaders(s2, false)), 401, 'unauthenticated');
  assert.equal((await me(cookieHeaders(s1, false))).status, 200, 'the current session stays');

  const hash1 = rows(`SELECT password_hash FROM account WHERE id = ${acct.id}`)[0].password_hash;
  assert.ok(hash1.startsWith('$argon2id$'));
  assert.notEqual(hash1, hash0);
  assertError(await signInRaw('changer1', PASSWORD), 401, 'unauthenticated');
  await signIn('changer1', 'Brand-new-88');

  const log = await api.request('GET', `/api/v1/audit?entity=account&entity_id=${acct.id}&action=change_password`, { headers: bearer(adminToken) });
  assert.equal(log.json.total, 1);
  assert.equal(log.json.items[0].actor_name, 'changer1');
  assert.ok(!JSON.stringify(log.json.items[0]).includes('Brand-new-88'));
});

test('a weak new password is refused naming new_password, the field that was sent', async () => {
  const acct = await createUser('changer2');
  const s = await signIn('changer2', PASSWORD);
  const hash0 = rows(`SELECT password_hash FROM account WHERE id = ${acct.id}`)[0].password_hash;
  for (const weak of ['weak', 'lettersonly', '123456789', 'changer2']) {
    const res = await api.request('PUT', '/api/v1/me/password', {
      body: { current_password: PASSWORD, new_password: weak }, headers: cookieHeaders(s),
    });
    assertError(res, 400, 'invalid', 'new_password');
  }
  assert.equal(rows(`SELECT password_hash FROM account WHERE id = ${acct.id}`)[0].password_hash, hash0);
});

test('an admin\'s reset and disable end the account\'s sessions; a disabled account cannot sign in', async () => {
  const h = bearer(adminToken);
  const acct = await createUser('reset1');
  const s1 = await signIn('reset1', PASSWORD);
  const { token } = await tokenOf('reset1');

  assertError(await api.request('POST', `/api/v1/users/${acct.id}/password`, { body: { password: 'weak' }, headers: h }), 400, 'invalid', 'password');
  assertError(await api.request('POST', '/api/v1/users/999999/password', { body: { password: 'Reset-pass-42' }, headers: h }), 404, 'not_found');
  assert.equal((await me(cookieHeaders(s1, false))).status, 200);

  let res = await api.request('POST', `/api/v1/users/${acct.id}/password`, { body: { password: 'Reset-pass-42' }, headers: h });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { id: acct.id, reset: true });
  assertError(await me(cookieHeaders(s1, false)), 401, 'unauthenticated');
  assertError(await signInRaw('reset1', PASSWORD), 401, 'unauthenticated');
  const s2 = await signIn('reset1', 'Reset-pass-42');
  res = await api.request('GET', `/api/v1/audit?entity=account&entity_id=${acct.id}&action=reset_password`, { headers: h });
  assert.equal(res.json.total, 1);
  assert.equal(res.json.items[0].actor_name, ADMIN);

  // Disable with PATCH: sessions end, tokens stop, sign-in is refused.
  res = await api.request('PATCH', `/api/v1/users/${acct.id}`, { body: { disabled: true }, headers: h });
  assert.equal(res.status, 200);
  assert.equal(res.json.disabled, true);
  assertError(await me(cookieHeaders(s2, false)), 401, 'unauthenticated');
  assertError(await me(bearer(token)), 401, 'unauthenticated');
  assertError(await signInRaw('reset1', 'Reset-pass-42'), 401, 'unauthenticated');
  res = await api.request('GET', '/api/v1/logins?name=reset1&limit=1', { headers: h });
  assert.equal(res.json.items[0].reason, 'account disabled');
  assert.equal(res.json.items[0].success, false);
  assert.equal(count(`session WHERE account_id = ${acct.id} AND revoked_at IS NULL`), 0);

  // Enabled again, it signs in; DELETE disables it as well.
  res = await api.request('PATCH', `/api/v1/users/${acct.id}`, { body: { disabled: false }, headers: h });
  assert.equal(res.json.disabled, false);
  const s3 = await signIn('reset1', 'Reset-pass-42');
  res = await api.request('DELETE', `/api/v1/users/${acct.id}`, { headers: h });
  assert.equal(res.status, 200);
  assert.equal(res.json.id, acct.id);
  assert.equal(res.json.disabled, true);
  assertError(await me(cookieHeaders(s3, false)), 401, 'unauthenticated');
  assertError(await signInRaw('reset1', 'Reset-pass-42'), 401, 'unauthenticated');
  res = await api.request('GET', `/api/v1/audit?entity=account&entity_id=${acct.id}&action=disable`, { headers: h });
  assert.equal(res.json.total, 2);
  assert.equal(res.json.items[0].before.disabled, false);
  assert.equal(res.json.items[0].after.disabled, true);
  res = await api.request('GET', `/api/v1/users/${acct.id}`, { headers: h });
  assert.equal(res.json.disabled, true);

  // An admin cannot lock itself out.
  const self = (await me(h)).json;
  assertError(await api.request('DELETE', `/api/v1/users/${self.id}`, { headers: h }), 400, 'invalid', 'id');
  assertError(await api.request('PATCH', `/api/v1/users/${self.id}`, { body: { disabled: true }, headers: h }), 400, 'invalid', 'disabled');
  assert.equal((await me(h)).status, 200);
});

test('accounts: read one, search and filter by role, change roles and links', async () => {
  const h = bearer(adminToken);
  const acct = await createUser('roles1', ['enterprise']);
  let res = await api.request('GET', `/api/v1/users/${acct.id}`, { headers: h });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, acct);

  res = await api.request('GET', '/api/v1/users?q=roles1', { headers: h });
  assert.deepEqual(res.json.items.map((x) => x.id), [acct.id]);
  res = await api.request('GET', '/api/v1/users?role=enterprise', { headers: h });
  assert.ok(res.json.items.every((x) => x.roles.includes('enterprise')));
  assert.ok(res.json.items.some((x) => x.id === acct.id));

  res = await api.request('PATCH', `/api/v1/users/${acct.id}`, {
    body: { roles: ['viewer', 'expert'], display_name: '李工', org_id: 7 }, headers: h,
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.roles.slice().sort(), ['expert', 'viewer']);
  assert.equal(res.json.display_name, '李工');
  assert.equal(res.json.org_id, 7);
  assertError(await api.request('PATCH', `/api/v1/users/${acct.id}`, { body: { roles: ['wizard'] }, headers: h }), 400, 'invalid', 'roles');
  assertError(await api.request('PATCH', `/api/v1/users/${acct.id}`, { body: { name: 'renamed' }, headers: h }), 400, 'invalid', 'name');
  res = await api.request('GET', '/api/v1/users?role=enterprise', { headers: h });
  assert.ok(!res.json.items.some((x) => x.id === acct.id));
  res = await api.request('PATCH', `/api/v1/users/${acct.id}`, { body: { org_id: null }, headers: h });
  assert.equal(res.json.org_id, null);
  assert.deepEqual(res.json.roles.slice().sort(), ['expert', 'viewer'], 'roles unchanged when not sent');

  res = await api.request('GET', `/api/v1/audit?entity=account&entity_id=${acct.id}&action=update`, { headers: h });
  assert.equal(res.json.total, 2);
  const older = res.json.items[1];
  assert.deepEqual(older.before.roles, ['enterprise']);
  assert.deepEqual(older.after.roles.slice().sort(), ['expert', 'viewer']);
});

test('a page nobody routed is shown in the signed-in caller\'s own layout', async () => {
  await createUser('lost1', ['trainee']);
  const s = await signIn('lost1', PASSWORD);
  const res = await fetch(srv.url + '/no/such/page', { headers: { accept: 'text/html', cookie: `jg_session=${s.cookie}` } });
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /<span class="who">[^<]*<strong>lost1<\/strong>/, 'the layout knows who is asking');
  assert.doesNotMatch(html, /href="\/admin\/users"/, 'and shows only their menu');
  const anonymous = await (await fetch(srv.url + '/no/such/page', { headers: { accept: 'text/html' } })).text();
  assert.doesNotMatch(anonymous, /class="who"/);
});

// Who a token belongs to is kept while nothing is committed (src/account/
// session.c): a second server on the same database revokes, disables and
// changes roles, and the first refuses or narrows on the very next request.
test('a token kept by one server: another server\'s revocation, role change or disable applies at once', async () => {
  const other = await startOneServer({ db: db.url, args: ['--job-tick', '0'] });
  try {
    const acct = await createUser('kept1', ['enterprise']);
    const made = await tokenOf('kept1');
    const users = () => api.request('GET', '/api/v1/users?limit=1', { headers: bearer(made.token) });
    for (let i = 0; i < 3; i++) assert.equal((await me(bearer(made.token))).status, 200);
    assertError(await users(), 403, 'forbidden');

    // Roles changed through the other server: admitted at once, then refused again.
    const patch = (roles) => fetch(`${other.url}/api/v1/users/${acct.id}`, {
      method: 'PATCH', headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: JSON.stringify({ roles }),
    });
    assert.equal((await patch(['admin'])).status, 200);
    assert.equal((await users()).status, 200);
    assert.deepEqual((await me(bearer(made.token))).json.roles, ['admin']);
    assert.equal((await patch(['enterprise'])).status, 200);
    assertError(await users(), 403, 'forbidden');

    // Revoked through the other server: 401 on the next request here.
    const res = await fetch(`${other.url}/api/v1/tokens/${made.id}`, { method: 'DELETE', headers: bearer(made.token) });
    assert.equal(res.status, 200);
    assertError(await me(bearer(made.token)), 401, 'unauthenticated');
    assertError(await me(bearer(made.token)), 401, 'unauthenticated');

    // Disabled by the command line, a process of its own: the same.
    const second = await tokenOf('kept1');
    assert.equal((await me(bearer(second.token))).status, 200);
    assert.equal((await me(bearer(second.token))).status, 200);
    const off = await runCli(['user', 'disable', 'kept1', '--db', db.url]);
    assert.equal(off.status, 0, off.stderr);
    assertError(await me(bearer(second.token)), 401, 'unauthenticated');
  } finally {
    await other.stop();
  }
});

test('API lists carry an ETag: 304 while nothing changed, a new tag after a write', async () => {
  const h = bearer(adminToken);
  const list = (headers = {}) => fetch(srv.url + '/api/v1/users?limit=5', { headers: { ...h, ...headers } });
  let res = await list();
  assert.equal(res.status, 200);
  const tag = res.headers.get('etag');
  assert.match(tag, /^"[0-9a-f]{16}"$/);
  const body = await res.text();
  res = await list({ 'if-none-match': tag });
  assert.equal(res.status, 304);
  assert.equal(await res.text(), '');
  assert.equal(res.headers.get('etag'), tag);
  res = await list({ 'if-none-match': '"0000000000000000"' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), body, 'the same bytes, the same tag');

  await createUser('etag1', ['viewer']);
  res = await list({ 'if-none-match': tag });
  assert.equal(res.status, 200, 'a write changes the list and its tag');
  assert.notEqual(res.headers.get('etag'), tag);
});
