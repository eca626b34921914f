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
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
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
