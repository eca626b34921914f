// The server under abuse: killed with SIGKILL in the middle of a stream of
// creates, it loses none it answered 201; ten thousand malformed requests
// (bad JSON, bad UTF-8, NUL bytes, huge headers, wrong methods, path
// traversal, absurd lengths, truncated bodies, unknown routes and versions)
// get 4xx — never 5xx, 505 for an unknown HTTP version aside — and it stays
// up. Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';

// A fresh database with an admin account; returns { db, token }.
async function adminDatabase() {
  const db = freshDatabase();
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'root', '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return { db, token: tok.stdout.trim() };
}

// A valid unified social credit code (GB 32100-2015) for a serial number.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCode(n) {
  const first17 = '91220101MA' + String(n).padStart(7, '0');
  let sum = 0, weight = 1;
  for (const c of first17) {
    sum += ALPHABET.indexOf(c) * weight;
    weight = weight * 3 % 31;
  }
  return first17 + ALPHABET[(31 - sum % 31) % 31];
}

const sanitizerReport = /AddressSanitizer|LeakSanitizer|runtime error:/;

// ---- kill -9 ------------------------------------------------------------

test('kill -9 during a stream of creates: every org answered 201 is there after a restart', async (t) => {
  const TOTAL = 300, CLIENTS = 8, KILL_AFTER = 120;
  const { db, token } = await adminDatabase();
  const srv = await startServer({ db: db.url });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const answered = [];
  let next = 0, killed = false, refused = 0;

  async function client(c) {
    for (let n = next++; n < TOTAL; n = next++) {
      const name = `断电测试企业${String(n).padStart(3, '0')}号（客户端${c}）`;
      let res, body;
      try {
        res = await fetch(srv.url + '/api/v1/orgs', {
          method: 'POST', headers,
          body: JSON.stringify({ kind: 'startup', name, credit_code: creditCode(n) }),
        });
        body = await res.text();
      } catch {
        assert.ok(killed, 'requests fail only once the server is killed');
        refused++;
        continue;
      }
      if (res.status !== 201) {
        assert.fail(`POST ${n} before the kill: ${res.status} ${body}`);
      }
      const org = JSON.parse(body);
      assert.equal(org.name, name);
      answered.push({ id: org.id, name, credit_code: org.credit_code });
      if (answered.length === KILL_AFTER && !killed) {
        killed = true;
        srv.proc.kill('SIGKILL');
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const { signal } = await srv.exited;
  assert.equal(signal, 'SIGKILL');
  assert.doesNotMatch(srv.stderr, sanitizerReport);
  assert.ok(killed, 'the server was killed');
  assert.ok(answered.length >= KILL_AFTER && answered.length < TOTAL,
    `killed midway: ${answered.length} of ${TOTAL} answered`);
  t.diagnostic(`${answered.length} answered 201 before the kill, ${refused} failed after it`);

  const again = await startServer({ db: db.url });
  try {
    const headersGet = { authorization: `Bearer ${token}` };
    for (const want of answered) {
      const res = await fetch(`${again.url}/api/v1/orgs/${want.id}`, { headers: headersGet });
      const body = await res.text();
      assert.equal(res.status, 200, `org ${want.id} (${want.name}) answered 201 but is gone: ${body}`);
      const org = JSON.parse(body);
      assert.equal(org.name, want.name);
      assert.equal(org.credit_code, want.credit_code);
    }
    // Each org in the database is whole: created with its audit row, in one
    // transaction, whether or not its answer got out before the kill.
    const orgs = dbRows(db.url, 'SELECT id FROM org');
    const audited = new Set(dbRows(db.url,
      "SELECT entity_id FROM audit_log WHERE entity = 'org' AND action = 'create'").map((r) => Number(r.entity_id)));
    assert.ok(orgs.length >= answered.length && orgs.length <= TOTAL, `${orgs.length} orgs`);
    for (const { id } of orgs) assert.ok(audited.has(Number(id)), `org ${id} has its audit row`);
    // The restarted server takes new creates.
    const res = await fetch(again.url + '/api/v1/orgs', {
      method: 'POST', headers,
      body: JSON.stringify({ kind: 'startup', name: '重启之后', credit_code: creditCode(TOTAL) }),
    });
    assert.equal(res.status, 201, await res.text());
  } finally {
    const { code } = await again.stop();
    assert.equal(code, 0);
    assert.doesNotMatch(again.stderr, sanitizerReport);
    db.dispose();
  }
});

// ---- ten thousand malformed requests ------------------------------------------

const COUNT = 10000;
const CONCURRENCY = 32;     // clients sending requests that get an answer
const SLOW_EVERY = 100;     // one request in SLOW_EVERY is an unfinished one,
const SLOW_CONCURRENCY = 20; // sent by clients of their own: each waits for
const TIMEOUT_S = 5;        // the server's --timeout to cut it off. (Over
                            // fetch's 4 s keep-alive, so that the server
                            // never closes an idle connection fetch reuses.)

// Send raw bytes; resolves to { status, how, text } where status is the
// answer's status code (null if none) and how is how the connection ended.
function sendRaw(port, bytes, { end = true, waitMs = 10000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    const chunks = [];
    let done = false;
    const finish = (how) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const text = buf.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, how, text });
    };
    const timer = setTimeout(() => finish('timeout'), waitMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => finish('error ' + e.code));
    sock.on('end', () => finish('closed'));
    sock.on('close', () => finish('closed'));
    sock.on('connect', () => {
      sock.write(bytes);
      if (end) sock.end();
    });
  });
}

const b = (...parts) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1'))));
const utf8 = (s) => Buffer.from(s, 'utf8');

// The malformed requests. Each makes bytes (raw) or fetch arguments from a
// serial number i, so that the 10,000 are not all the same. Flags:
//   mayClose   the server may close without answering (a garbage or
//              unfinished request: there is nothing to answer)
//   version    505 is a fine answer (the library's, for an unknown version)
//   slow       unfinished: nothing to answer until the server's timeout
//              cuts it off (the client closes its side after sending)
function cases(token, orgId) {
  const auth = `Authorization: Bearer ${token}\r\n`;
  const json = 'Content-Type: application/json\r\n';
  const close = 'Connection: close\r\n';
  // A complete request with a body: Content-Length computed from the body.
  const post = (path, body, extra = '', method = 'POST') => {
    const bytes = Buffer.isBuffer(body) ? body : utf8(body);
    return b(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}${json}${extra}Content-Length: ${bytes.length}\r\n${close}\r\n`, bytes);
  };
  const get = (target, extra = auth) => b(`GET `, target, ` HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}${close}\r\n`);
  const name = (i) => `畸形请求${i}`;
  const list = [];
  const raw = (label, build, flags = {}) => list.push({ label, kind: 'raw', build, ...flags });
  const fetchCase = (label, build) => list.push({ label, kind: 'fetch', build });

  // -- bad JSON, through fetch (keep-alive) and raw
  const badJson = [
    '', '{', '{"kind":', '{"kind":"startup","name":', 'null', '[]', '"org"', '42', 'true',
    '{"kind":"startup","name":"x"}garbage', '{"kind":"startup","name":"x"}{}', '{kind:"startup"}',
    "{'kind':'startup'}", '{"kind":"startup",}', '{"kind":"startup" "name":"x"}',
    '{"kind":"startup","kind":"startup","name":"x"}', '{"kind":"startup","name":"x","parent_id":1e400}',
    '{"kind":"startup","name":"x","parent_id":NaN}', '{"kind":"startup","name":"x\\u0000y"}',
    '{"kind":"startup","name":"x\\ud800y"}', '{"kind":"startup","name":"x\\uZZZZ"}',
    '{"kind":"startup","name":"\\x41"}', '\ufeff{"kind":"startup",', '[' .repeat(5000) + ']'.repeat(5000),
    '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '{"kind":"startup","name":"tab\there"}',
  ];
  fetchCase('bad JSON: POST /api/v1/orgs', (i) => ['/api/v1/orgs', { method: 'POST', body: badJson[i % badJson.length] }]);
  fetchCase('bad JSON: PATCH /api/v1/orgs/{id}', (i) => [`/api/v1/orgs/${orgId}`, { method: 'PATCH', body: badJson[(i + 7) % badJson.length] }]);
  fetchCase('bad JSON: POST /api/v1/people', (i) => ['/api/v1/people', { method: 'POST', body: badJson[(i + 3) % badJson.length] }]);
  fetchCase('bad JSON: POST /api/v1/affiliations', (i) => ['/api/v1/affiliations', { method: 'POST', body: badJson[(i + 5) % badJson.length] }]);
  // Well-formed JSON of the wrong shape, and a body of the wrong type.
  const good = creditCode(9999);
  const wrongCheck = good.slice(0, 17) + ALPHABET[(ALPHABET.indexOf(good[17]) + 1) % 31];
  const wrongShape = [
    { kind: 'startup' }, { name: 'x' }, { kind: 'spaceship', name: 'x' }, { kind: 'startup', name: '' },
    { kind: 'startup', name: 7 }, { kind: 'startup', name: ['x'] }, { kind: 'startup', name: { a: 1 } },
    { kind: 'startup', name: 'x', credit_code: wrongCheck }, { kind: 'startup', name: 'x', parent_id: -1 },
    { kind: 'startup', name: 'x', parent_id: 2 ** 62 }, { kind: 'startup', name: 'x', founded_on: '2019-02-30' },
    { kind: 'startup', name: 'x', unknown: 1 }, { kind: 'startup', name: '长'.repeat(101) },
  ];
  fetchCase('wrong fields: POST /api/v1/orgs', (i) => ['/api/v1/orgs', { method: 'POST', body: JSON.stringify(wrongShape[i % wrongShape.length]) }]);
  fetchCase('wrong content type', (i) => ['/api/v1/orgs', {
    method: 'POST', body: JSON.stringify({ kind: 'startup', name: name(i) }),
    headers: { 'content-type': ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data'][i % 4] },
  }]);
  // -- bad UTF-8 inside JSON strings (raw bytes)
  const badUtf8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80], [0xe4, 0xb8], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xfe, 0xff, 0xff]];
  raw('bad UTF-8 in a JSON string: POST /api/v1/orgs', (i) => post('/api/v1/orgs',
    b(`{"kind":"startup","name":"九台`, Buffer.from(badUtf8[i % badUtf8.length]), '"}')));
  raw('bad UTF-8 in a JSON key: POST /api/v1/people', (i) => post('/api/v1/people',
    b('{"name":"x","', Buffer.from(badUtf8[(i + 1) % badUtf8.length]), '":1}')));
  raw('bad UTF-8 in a JSON string: PATCH /api/v1/orgs/{id}', (i) => post(`/api/v1/orgs/${orgId}`,
    b('{"address":"', Buffer.from(badUtf8[(i + 2) % badUtf8.length]), '"}'), '', 'PATCH'));
  raw('a raw NUL in a JSON string', (i) => post('/api/v1/orgs', b(`{"kind":"startup","name":"a`, Buffer.from([0]), `${i}"}`)));
  // -- bad UTF-8 and NUL bytes in the path and query
  raw('bad UTF-8 in the path', (i) => get(b('/api/v1/orgs/', Buffer.from(badUtf8[i % badUtf8.length]))));
  raw('bad UTF-8 in an unknown path', (i) => get(b('/', Buffer.from(badUtf8[i % badUtf8.length]), '/orgs'), ''));
  raw('percent-encoded bad UTF-8 in the path', (i) => get(['/api/v1/orgs/%FF%FE', '/api/v1/%C0%AE%C0%AE/orgs', '/%ED%A0%80'][i % 3]));
  raw('bad UTF-8 in a search', (i) => get(['/api/v1/orgs?q=%FF%FE', '/api/v1/people?q=%C3%28', '/api/v1/orgs?q=%E4%B8'][i % 3]));
  raw('bad UTF-8 in a filter', (i) => get(['/api/v1/orgs?kind=%FF', '/api/v1/affiliations?role=%C0%AF'][i % 2]));
  raw('raw bad UTF-8 in the query', (i) => get(b('/api/v1/orgs?q=', Buffer.from(badUtf8[i % badUtf8.length]))));
  raw('%00 in the path', (i) => get([`/api/v1/orgs/${orgId}%00`, `/api/v1/orgs/${orgId}%00.json`, '/healthz%00', '/static/app.css%00.js', '/api/v1/orgs%00/x'][i % 5]));
  raw('%00 in the query', (i) => get(['/api/v1/orgs?q=%00', '/api/v1/orgs?limit=5%00', '/api/v1/orgs?q=a%00b', '/api/v1/orgs?kind=startup%00x'][i % 4]));
  raw('invalid percent-encoding in the path', (i) => get(['/api/v1/orgs/%zz', '/api/v1/orgs/%', '/static/%2'][i % 3]));
  // -- path traversal
  const traversal = ['/static/../../etc/passwd', '/static/%2e%2e/%2e%2e/etc/passwd', '/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/static/..%2f..%2fetc%2fpasswd', '/static/..%5c..%5cetc%5cpasswd', '/static/....//....//etc/passwd',
    '/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/../../../../etc/passwd', '/static/../api/openapi.json/../../etc/passwd',
    '/api/v1/../../etc/passwd', '/static/..\\..\\etc\\passwd', '/static//etc/passwd', '/static/%252e%252e/etc/passwd',
    '/./././etc/passwd', '/etc/passwd', '/static/.%2e/.%2e/etc/passwd'];
  raw('path traversal', (i) => get(traversal[i % traversal.length], ''));
  raw('path traversal, signed in', (i) => get(traversal[(i + 5) % traversal.length]));
  // -- huge headers and request lines
  raw('a 20 KB header (our limit)', (i) => b(`GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}X-Filler: ${'a'.repeat(20000 + i % 100)}\r\n${close}\r\n`));
  raw('a 100 KB header (over the buffer)', () => b(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'b'.repeat(100000)}\r\n${close}\r\n`));
  raw('5000 headers', () => b(`GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(5000)}${close}\r\n`));
  raw('a 30 KB cookie', () => b(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: jg_session=${'c'.repeat(30000)}\r\n${close}\r\n`));
  raw('a 100 KB request line', (i) => b(`GET /api/v1/orgs?q=${'q'.repeat(100000 + i % 10)} HTTP/1.1\r\nHost: x\r\n${close}\r\n`));
  raw('a 10 KB bearer token', () => b(`GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'t'.repeat(10000)}\r\n${close}\r\n`));
  raw('a bad bearer token', (i) => b(`GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: ${['Bearer \xff\xfe', 'Bearer', 'Bearer  ', 'Basic ???', 'Bearer a b c', 'bearer ' + token.slice(0, 10)][i % 6]}\r\n${close}\r\n`));
  // -- wrong methods
  const methods = [['BREW', '/api/v1/orgs'], ['TRACE', '/'], ['PUT', '/api/v1/orgs'], ['DELETE', '/api/v1/orgs'],
    ['POST', `/api/v1/orgs/${orgId}`], ['PUT', `/api/v1/orgs/${orgId}`], ['PATCH', '/healthz'], ['get', '/healthz'],
    ['OPTIONS', '/api/v1/people'], ['PROPFIND', '/'], ['G\x01T', '/healthz'], ['DELETE', '/api/v1/people'],
    ['CONNECT', '127.0.0.1:5432'], ['POST', '/healthz'], ['PATCH', '/api/v1/affiliations']];
  raw('wrong method', (i) => { const [m, p] = methods[i % methods.length]; return b(`${m} ${p} HTTP/1.1\r\nHost: x\r\n${auth}${close}\r\n`); });
  fetchCase('wrong method (fetch)', (i) => [['/api/v1/orgs', '/api/v1/people/1', '/api/v1/affiliations', '/healthz'][i % 4],
    { method: ['PUT', 'POST', 'DELETE', 'PATCH'][i % 4], body: '{}' }]);
  // -- absurd and contradictory lengths
  const lengths = ['99999999999999999999', '9999999999', '18446744073709551616', '-5', 'abc', '+2', '0x10', '1 2', ''];
  raw('absurd Content-Length', (i) => b(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}${json}Content-Length: ${lengths[i % lengths.length]}\r\n${close}\r\n{}`));
  raw('two different Content-Lengths', (i) => {
    const body = `{"kind":"startup","name":"${name(i)}"}`;
    const n = Buffer.byteLength(body);
    return b(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}${json}Content-Length: ${n}\r\nContent-Length: ${n + 1 + i % 3}\r\n${close}\r\n`, utf8(body));
  });
  raw('Content-Length and chunked', (i) => b(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}${json}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n${close}\r\n0\r\n\r\n`));
  raw('bad chunked encoding', (i) => b(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}${json}Transfer-Encoding: chunked\r\n${close}\r\n`,
    ['zz\r\nabc\r\n0\r\n\r\n', '-1\r\n\r\n', 'fffffffffffffffffff\r\nx\r\n', '2\r\nabcdef\r\n0\r\n\r\n'][i % 4]));
  raw('over --max-body', () => post('/api/v1/orgs', `{"kind":"startup","name":"${'x'.repeat(70000)}"}`));
  // -- truncated bodies: the client stops and closes its side
  const slow = { mayClose: true, slow: true };
  raw('truncated body', (i) => b(`POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}${json}Content-Length: ${100 + i % 50}\r\n${close}\r\n{"kind":"start`), slow);
  raw('truncated chunked body', () => b(`POST /api/v1/people HTTP/1.1\r\nHost: x\r\n${auth}${json}Transfer-Encoding: chunked\r\n${close}\r\n10\r\n{"name":`), slow);
  raw('truncated headers', (i) => b(`GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${auth}X-Half: ${'h'.repeat(i % 40)}`), slow);
  raw('truncated request line', (i) => b(`POST /api/v1/orgs${'/x'.repeat(i % 5)}`), slow);
  raw('binary garbage, blank lines', (i) => [Buffer.from('160301002a0100002603035a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a000002002f0100', 'hex'),
    b('\x00\x00\x00\x00'), Buffer.from([0xff, 0xfe, 0xfd]), b('\r\n\r\n')][i % 4], slow);
  // -- unknown routes and versions, garbage
  const unknown = ['/api/v1/nope', '/api/v2/orgs', `/api/v1/orgs/${orgId}/extra`, '/api/v1/orgs/abc', '/api/v1/orgs/0',
    '/api/v1/orgs/99999999999999999999', '/wp-admin/', '/.env', '/.git/config', '/api/v1/_test', '/api', '/%20', '/api/v1/people/1.5'];
  fetchCase('unknown route or bad id', (i) => [unknown[i % unknown.length], { method: i % 2 ? 'GET' : 'DELETE' }]);
  fetchCase('bad list arguments', (i) => [['/api/v1/orgs?limit=abc', '/api/v1/orgs?limit=0', '/api/v1/orgs?limit=201', '/api/v1/orgs?offset=-1',
    '/api/v1/orgs?archived=2', `/api/v1/orgs?q=${'长'.repeat(70)}`, '/api/v1/people?limit=1e3', '/api/v1/affiliations?offset=x'][i % 8], {}]);
  raw('unknown HTTP version', (i) => b(`GET /healthz ${['HTTP/9.9', 'HTTP/2.0', 'HTTP/3.0', 'HTTP/2'][i % 4]}\r\nHost: x\r\n${close}\r\n`), { version: true });
  raw('malformed HTTP version', (i) => b(`GET /healthz ${['HTTP/1.1x', 'HTTP/1', 'http/1.1', 'HTTP/ 1.1', 'FTP/1.0'][i % 5]}\r\nHost: x\r\n${close}\r\n`), { version: true, mayClose: true });
  raw('malformed header line', (i) => b(`GET /healthz HTTP/1.1\r\nHost: x\r\n${['NoColonHere', 'No Colon Here', '\x01\x02'][i % 3]}\r\n${close}\r\n`));
  raw('garbage request line', (i) => [b('garbage\r\n\r\n'), b('GET\r\n\r\n'), b('GET / HTTP/1.1 extra\r\n\r\n'),
    Buffer.from([0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]), b('\x00 / HTTP/1.1\r\n\r\n')][i % 5], { mayClose: true });
  return list;
}

// Requests the library parses leniently: a raw NUL ends the path or value
// where it stands; spaces in header names, an empty header name, control
// characters in a value and a missing Host are accepted.
// Not counted among the ten thousand; they must not be 5xx or crash anything.
function lenientCases(token) {
  const auth = `Authorization: Bearer ${token}\r\n`;
  return [
    b(`GET /api/v1/orgs/1\x00abc HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`),
    b('GET /static/app.css\x00.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    b('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n'),
    b('GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: v\r\nConnection: close\r\n\r\n'),
    b('GET /healthz HTTP/1.1\r\nHost: x\r\n: empty-name\r\nConnection: close\r\n\r\n'),
    b('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A:\x01\x02\r\nConnection: close\r\n\r\n'),
    b('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'),
  ];
}

test('ten thousand malformed requests get 4xx, never 5xx, and the server stays up', async (t) => {
  const { db, token } = await adminDatabase();
  const srv = await startServer({ db: db.url, args: ['--max-body', '65536', '--timeout', String(TIMEOUT_S)] });
  const port = Number(new URL(srv.url).port);
  try {
    const made = await fetch(srv.url + '/api/v1/orgs', {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'enterprise', name: '靶子企业' }),
    });
    assert.equal(made.status, 201);
    const target = await made.json();
    const orgsBefore = dbRows(db.url, 'SELECT COUNT(*) AS n FROM org')[0].n;
    const list = cases(token, target.id);

    const stats = new Map();   // label → { count, statuses: {status: n} }
    const failures = new Map(); // label → { count, example }
    const record = (c, status, how, detail) => {
      const s = stats.get(c.label) || { count: 0, statuses: {} };
      s.count++;
      const key = status ?? how;
      s.statuses[key] = (s.statuses[key] || 0) + 1;
      stats.set(c.label, s);
      let ok;
      if (status === null) ok = c.mayClose && (how === 'closed' || how.startsWith('error'));
      else ok = (status >= 400 && status < 500) || (status === 505 && c.version);
      if (!ok) {
        const f = failures.get(c.label) || { count: 0, example: `${status ?? how}: ${detail()}` };
        f.count++;
        failures.set(c.label, f);
      }
    };

    // Request i is of kind list[k]: the quick kinds in turn, and every
    // SLOW_EVERY-th request one of the slow kinds in turn, which clients of
    // their own send, so that their wait does not hold up the others.
    const quick = list.filter((c) => !c.slow), slowKinds = list.filter((c) => c.slow);
    const kindOf = (i) => (i % SLOW_EVERY === SLOW_EVERY - 1
      ? slowKinds[Math.floor(i / SLOW_EVERY) % slowKinds.length] : quick[i % quick.length]);
    const send = async (c, i) => {
      if (c.kind === 'raw') {
        const bytes = c.build(i);
        const r = await sendRaw(port, bytes, { waitMs: (TIMEOUT_S + 10) * 1000 });
        record(c, r.status, r.how, () => JSON.stringify(bytes.subarray(0, 100).toString('latin1')) +
          ' → ' + JSON.stringify(r.text.split('\r\n\r\n')[1]?.slice(0, 160) ?? ''));
        assert.doesNotMatch(r.text, /root:.*:0:0:/, `${c.label}: /etc/passwd was served`);
        return;
      }
      const [path, init] = c.build(i);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers || {}) };
      const what = () => `${init.method || 'GET'} ${path} ${JSON.stringify(String(init.body ?? '').slice(0, 80))}`;
      try {
        const res = await fetch(srv.url + path, { ...init, headers, signal: AbortSignal.timeout(10000) });
        const text = await res.text();
        record(c, res.status, 'answered', () => `${what()} → ${text.slice(0, 200)}`);
      } catch (e) {
        record(c, null, 'fetch failed: ' + (e.cause?.code || e.message), what);
      }
    };
    const pool = (n, indices) => {
      let next = 0;
      return Promise.all(Array.from({ length: n }, async () => {
        for (let k = next++; k < indices.length; k = next++) await send(kindOf(indices[k]), indices[k]);
      }));
    };
    const all = Array.from({ length: COUNT }, (_, i) => i);
    const started = Date.now();
    const took = async (p) => { await p; return Date.now() - started; };
    const [quickMs, slowMs] = await Promise.all([
      took(pool(CONCURRENCY, all.filter((i) => !kindOf(i).slow))),
      took(pool(SLOW_CONCURRENCY, all.filter((i) => kindOf(i).slow))),
    ]);
    const elapsed = Date.now() - started;

    // Requests the library reads leniently: whatever they get, not a 5xx.
    for (const bytes of lenientCases(token)) {
      const r = await sendRaw(port, bytes);
      assert.ok(r.status === null || r.status < 500, `lenient ${JSON.stringify(bytes.toString('latin1'))}: ${r.status}`);
    }

    const total = [...stats.values()].reduce((n, s) => n + s.count, 0);
    t.diagnostic(`${total} malformed requests of ${list.length} kinds in ${elapsed} ms ` +
      `(the answered ones in ${quickMs} ms, the unfinished ones in ${slowMs} ms)`);
    for (const [label, s] of stats) t.diagnostic(`${label}: ${JSON.stringify(s.statuses)}`);
    assert.equal(total, COUNT);

    // Still up and still right.
    assert.equal(srv.proc.exitCode, null, 'the server is still running');
    assert.equal(srv.proc.signalCode, null);
    const health = await fetch(srv.url + '/healthz');
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    const res = await fetch(`${srv.url}/api/v1/orgs/${target.id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).name, '靶子企业', 'the target was never changed');

    const failed = [...failures].map(([label, f]) => `${label}: ${f.count} of ${stats.get(label).count} got ${f.example}`);
    assert.deepEqual(failed, [], 'every answered malformed request is 4xx (505 for an unknown version)');
    assert.equal(dbRows(db.url, 'SELECT COUNT(*) AS n FROM org')[0].n, orgsBefore, 'no malformed request created anything');
  } finally {
    const { code } = await srv.stop();
    assert.equal(code, 0, 'the server exits 0 on SIGTERM');
    assert.doesNotMatch(srv.stderr, sanitizerReport);
    db.dispose();
  }
});
