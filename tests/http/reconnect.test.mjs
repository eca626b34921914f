// A server whose PostgreSQL backends go away (pg_terminate_backend(), a
// restart of the database) answers the next requests without an error:
// each pooled connection is checked when a request takes it and opened
// again if its backend is gone, with the session settings of a new one
// (TimeZone UTC, DateStyle ISO; tests/unit/db/test_session.c shows them
// on the reconnected session). SQLite has no backend to lose: on SQLite
// this file has nothing to run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, freshDatabase, dbRows, DIALECT } from '../lib/server.mjs';

if (DIALECT === 'postgres') {
  let db, srv;

  const backends = () => dbRows(db.url, `SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()`).map((r) => r.pid);

  before(async () => {
    db = freshDatabase();
    srv = await startServer({ db: db.url, args: ['--threads', '2', '--job-tick', '0'] });
  });

  after(async () => {
    if (srv) await srv.stop();
    db.dispose();
  });

  test('after its backends are killed, the next requests reconnect and succeed', async () => {
    const health = async () => {
      const res = await fetch(srv.url + '/healthz');
      return { status: res.status, json: await res.json() };
    };
    // Both workers' pooled connections in use once.
    for (const r of await Promise.all([health(), health()])) assert.equal(r.status, 200);
    // Four per server, one per worker thread and two for long requests
    // (http.h, SERVER_APART_MAX): through nginx (make test-cluster) there
    // are two servers.
    const before = backends();
    assert.equal(before.length, 4 * (srv.servers ? srv.servers.length : 1),
      `the pools' four sessions each: ${before}`);

    dbRows(db.url, `SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    for (let i = 0; i < 100 && backends().length; i++) await sleep(50);
    assert.deepEqual(backends(), [], 'the backends are gone');

    // Each request after that succeeds, on a new session.
    for (let i = 0; i < 4; i++) {
      const r = await health();
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.status, 'ok');
    }
    for (const r of await Promise.all([health(), health(), health()])) assert.equal(r.status, 200);
    const now = backends();
    assert.ok(now.length >= 1 && now.every((pid) => !before.includes(pid)), `new sessions: ${now}`);
  });
}
