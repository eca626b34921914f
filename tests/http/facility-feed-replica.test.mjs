// A calendar feed on a server that reads from a replica (issue 18): a
// fetch records when the feed was last used, so its route says that it
// writes (ROUTE_WRITES) and runs on the primary, instead of failing on the
// standby, marking it down and running again. The "replica" here is the
// primary opened read-only, which refuses a write as a standby does
// (SQLSTATE 25006). And the feed's token, the secret in its path, is in no
// log line.
// PostgreSQL only (--db-replica is PostgreSQL's); skipped on SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOneServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';

const PG = process.env.JIANGGU_TEST_DB === 'postgres';

test('a feed is fetched on the primary, not the replica; its token is not logged', { skip: !PG && 'PostgreSQL only' }, async () => {
  const db = freshDatabase();
  const readOnly = `${db.url}${db.url.includes('?') ? '&' : '?'}options=-c%20default_transaction_read_only%3Don`;
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url], { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const token = (await runCli(['user', 'token', 'root', '--db', db.url])).stdout.trim();
  const srv = await startOneServer({ db: db.url, args: ['--db-replica', readOnly] });
  let secret;
  try {
    const call = async (method, path, body) => {
      const res = await fetch(srv.url + path, { method, headers: { authorization: `Bearer ${token}`,
        'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    };
    const lathe = await call('POST', '/api/v1/facility/resources', { name: '五轴数控加工中心', kind: 'machine', seats: 1 });
    assert.equal(lathe.status, 201, JSON.stringify(lathe.json));
    const feed = await call('POST', '/api/v1/facility/feeds', { scope: 'resource', resource_id: lathe.json.id });
    assert.equal(feed.status, 201, JSON.stringify(feed.json));
    secret = feed.json.url.slice('/feeds/facility/'.length, -'.ics'.length);

    const got = await fetch(srv.url + feed.json.url);
    assert.equal(got.status, 200);
    assert.match(await got.text(), /BEGIN:VCALENDAR/);
    assert.ok(dbRows(db.url, `SELECT last_used_at FROM calendar_feed WHERE id = ${feed.json.id}`)[0].last_used_at,
      'the fetch was recorded');
    assert.equal((await fetch(`${srv.url}/feeds/facility/${secret}x.ics`)).status, 404);
  } finally {
    const { code } = await srv.stop();
    assert.equal(code, 0);
    db.dispose();
  }
  assert.match(srv.stderr, /GET \/feeds\/facility\/:token 200/);
  assert.doesNotMatch(srv.stderr, /replica: GET \/feeds/, 'the feed never ran on the replica');
  assert.ok(!srv.stderr.includes(secret), 'no token in the log');
});
