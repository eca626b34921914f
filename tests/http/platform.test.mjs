// The platform skeleton over HTTP: health, errors in the JSON shape, limits,
// keep-alive, slow clients, static assets, security headers, graceful stop.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openapiDocument } from '../lib/merge.mjs';
import { startServer, DIALECT, ROOT } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ args: ['--max-body', '4096', '--timeout', '2'] });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('GET /healthz answers ok with the schema version and the database kind', async () => {
  const res = await api.request('GET', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.json.status, 'ok');
  assert.equal(res.json.database, DIALECT === 'postgres' ? 'postgresql' : 'sqlite');
  assert.ok(res.json.schema_version >= 1, 'migrations ran at start-up');
});

test('the OpenAPI document is served, valid OpenAPI 3.1, and cached by ETag', async () => {
  // Neither connection is kept: the validation below blocks the event loop
  // for longer than the server's 2-second idle timeout, and the next test
  // would write to a pooled socket whose close it had not yet read.
  const res = await fetch(srv.url + '/api/v1/openapi.json', { headers: { connection: 'close' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  const etag = res.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  const again = await fetch(srv.url + '/api/v1/openapi.json',
    { headers: { 'If-None-Match': etag, connection: 'close' } });
  assert.equal(again.status, 304);
  assert.equal((await again.text()).length, 0);
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors));
  // The document in the tree, with the x-roles the server adds to every
  // operation from its route (tests/http/permissions.test.mjs checks them)
  // and x-irreversible to those that ask first.
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  for (const [template, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      assert.ok(op['x-roles'], `${method.toUpperCase()} ${template} has x-roles`);
      delete op['x-roles'];
      delete op['x-irreversible'];	// also from the route (tests/http/confirm.test.mjs)
    }
  assert.deepEqual(doc, openapiDocument(), 'the binary serves the document in the tree');
});

test('an unknown route is 404 not_found in the JSON error shape', async () => {
  const res = await api.request('GET', '/api/v1/no-such-thing');
  assert.equal(res.status, 404);
  assert.equal(res.json.error.code, 'not_found');
  assert.ok(res.json.error.message.length > 0);
});

test('a known route with the wrong method is 405 with Allow', async () => {
  const res = await api.request('DELETE', '/healthz');
  assert.equal(res.status, 405);
  assert.equal(res.json.error.code, 'method_not_allowed');
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
});

test('malformed JSON is 400 invalid, saying where', async () => {
  const res = await api.request('POST', '/api/v1/_test/echo', {
    raw: '{"name": "匠谷",', headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'invalid');
  assert.match(res.json.error.message, /malformed JSON at line 1, column \d+/);
});

test('well-formed JSON reaches the handler intact, Chinese included', async () => {
  const body = { name: '吉林匠谷', n: 62 };
  const res = await api.request('POST', '/api/v1/_test/echo', { body });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.echo, body);
});

test('JSON that is not an object, or the wrong content type, is 400 invalid', async () => {
  let res = await api.request('POST', '/api/v1/_test/echo', { raw: '[1,2]', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.match(res.json.error.message, /must be a JSON object/);
  res = await api.request('POST', '/api/v1/_test/echo', { raw: '{}', headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 400);
  assert.match(res.json.error.message, /application\/json/);
});

test('a body over the limit is 413 too_large, announced or chunked', async () => {
  const big = JSON.stringify({ s: 'x'.repeat(5000) });
  let res = await api.request('POST', '/api/v1/_test/echo', { raw: big, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 413);
  assert.equal(res.json.error.code, 'too_large');
  // Without Content-Length (chunked), the limit is found while reading.
  const stream = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); },
  });
  res = await fetch(srv.url + '/api/v1/_test/echo', {
    method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'too_large');
});

test('headers over our limit are 431 headers_too_large; over the buffer, the library answers 431', async () => {
  let res = await api.request('GET', '/healthz', { headers: { 'x-filler': 'a'.repeat(20000) } });
  assert.equal(res.status, 431);
  assert.equal(res.json.error.code, 'headers_too_large');
  res = await fetch(srv.url + '/healthz', { headers: { 'x-filler': 'a'.repeat(100000) } });
  assert.equal(res.status, 431);
});

test('every response carries the security headers', async () => {
  for (const p of ['/healthz', '/', '/no-such-page']) {
    const res = await fetch(srv.url + p);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /default-src 'self'/, p);
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', p);
  }
});

test('static assets are embedded, typed, cached and revalidated by ETag', async () => {
  const res = await fetch(srv.url + '/static/app.css');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.match(res.headers.get('cache-control'), /max-age=\d+/);
  const body = await res.text();
  assert.equal(body, readFileSync(path.join(ROOT, 'web/static/app.css'), 'utf8'));
  const again = await fetch(srv.url + '/static/app.css', { headers: { 'If-None-Match': res.headers.get('etag') } });
  assert.equal(again.status, 304);
  const missing = await fetch(srv.url + '/static/nope.css');
  assert.equal(missing.status, 404);
  const escape = await fetch(srv.url + '/static/../api/openapi.json');
  assert.notEqual(escape.status, 200);
});

test('keep-alive: several requests share one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve, reject) => {
      const req = http.get(srv.url + '/healthz', { agent }, (res) => {
        sockets.add(req.socket);
        assert.equal(res.statusCode, 200);
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
  }
  agent.destroy();
  assert.equal(sockets.size, 1, 'one socket for three requests');
});

test('a client that goes silent mid-request is cut off after the timeout', async () => {
  const { port } = new URL(srv.url);
  const sock = net.connect(Number(port), '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');   // never finishes
  const started = Date.now();
  const closed = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 8000);
    sock.on('close', () => { clearTimeout(timer); resolve(true); });
    sock.on('error', () => {});
    sock.resume();
  });
  assert.equal(closed, true, 'the server closed the connection');
  assert.ok(Date.now() - started >= 1500, 'not before the 2 s timeout');
});

test('one access-log line per request: method, path, status, bytes, microseconds', async () => {
  // A fresh connection: the pooled ones may have met the 2 s idle timeout.
  await new Promise((resolve, reject) => {
    http.get(srv.url + '/healthz?probe=accesslog', { agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  // The line is written once the response is out; give a busy machine time.
  for (let i = 0; i < 100 && !/info GET \/healthz 200 \d+ \d+us/.test(srv.stderr); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.match(srv.stderr, /info GET \/healthz 200 \d+ \d+us/);
});

test('SIGTERM while a slow request is in flight: it completes, then exit 0', async () => {
  const slow = await startServer();
  const pending = fetch(slow.url + '/api/v1/_test/sleep?ms=1500').then(async (r) => ({ status: r.status, body: await r.json() }));
  await new Promise((r) => setTimeout(r, 300));
  slow.proc.kill('SIGTERM');
  const res = await pending;
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { slept_ms: 1500 });
  const { code, signal } = await slow.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.match(slow.stderr, /GET \/api\/v1\/_test\/sleep 200 .*\n(.*\n)*.*stopped/);
  await slow.stop();
});
