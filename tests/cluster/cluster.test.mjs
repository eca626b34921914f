// Beyond one machine, on this one (scripts/test-cluster runs this file
// after the HTTP suite, alone, on asynchronous commits): two app servers
// behind nginx (deploy/nginx/jianggu.conf) on a PostgreSQL primary with a
// streaming replica. What a real replica's lag does to reads, what a
// replica that stops does, what kill -9 of an app server under writes
// costs, and that a job runs once however many servers have a timer.
//
// JIANGGU_TEST_PG_URL, JIANGGU_TEST_REPLICA_URL: the primary and its
// replica; JIANGGU_TEST_PRIMARY_DIR: the primary's folder, for a second
// replica this file stops (scripts/pg-cluster replica).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, freshDatabase, runCli, dbRows, startOneServer } from '../lib/server.mjs';
import { REPLICA_URL, replicaOf, startCluster, replicaCaughtUp } from '../lib/cluster.mjs';

const PASSWORD = 'Cluster-pass-2026';
let db;

const psql = (url, sql) => execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1',
  url, '-c', sql], { encoding: 'utf8' }).trim();

before(async () => {
  assert.ok(REPLICA_URL && process.env.JIANGGU_TEST_PRIMARY_DIR,
    'run by scripts/test-cluster (make test-cluster)');
  db = freshDatabase();
  for (const name of ['writer', 'reader']) {
    const r = await runCli(['user', 'add', name, '--role', 'admin', '--db', db.url], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
  }
  await replicaCaughtUp(db.url, replicaOf(db.url));
});

after(() => db.dispose());

// Sign in through `base`; returns the headers a request of that session sends.
async function signIn(base, name) {
  const res = await fetch(base + '/api/v1/sessions', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jg_session=')).split(';')[0];
  const { csrf_token: csrf } = body;
  return { cookie, 'x-csrf-token': csrf };
}

let orgs = 0;
async function addOrg(base, who) {
  const name = `集群测试${process.pid}-${++orgs}有限公司`;
  const res = await fetch(base + '/api/v1/orgs', {
    method: 'POST', headers: { ...who, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'enterprise', name }),
  });
  return { res, name };
}

const getOrg = (base, who, id) => fetch(`${base}/api/v1/orgs/${id}`, { headers: who });

// Start the cluster on `db` with extra serve arguments, reading from `replicaUrl`.
const cluster = (args = [], replicaUrl = REPLICA_URL) =>
  startCluster(startOneServer, { args }, db.url, null, replicaUrl);

test('a write is read at once by its writer, while a replica that lags shows others the past', async () => {
  // A replica up to a minute behind may answer.
  const srv = await cluster(['--replica-max-lag', '60000']);
  try {
    const writer = await signIn(srv.url, 'writer');
    const reader = await signIn(srv.url, 'reader');
    // The reader signed in (a write) long ago.
    psql(db.url, "UPDATE session SET last_write_at = '2026-01-01T00:00:00Z' WHERE account_id = " +
      "(SELECT id FROM account WHERE name = 'reader')");
    await replicaCaughtUp(db.url, replicaOf(db.url));
    psql(replicaOf(db.url), 'SELECT pg_wal_replay_pause()');
    try {
      const { res } = await addOrg(srv.url, writer);
      assert.equal(res.status, 201);
      const { id } = await res.json();
      // Through either server: the writer reads from the primary.
      for (let i = 0; i < 4; i++)
        assert.equal((await getOrg(srv.url, writer, id)).status, 200, 'the writer sees its write');
      // The reader has written nothing: it reads the paused replica.
      assert.equal((await getOrg(srv.url, reader, id)).status, 404, 'the reader reads the replica');
    } finally {
      psql(replicaOf(db.url), 'SELECT pg_wal_replay_resume()');
    }
  } finally {
    await srv.stop();
  }
});

test('a replica stopped mid-run: reads go to the primary and no request fails', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-replica2-'));
  const url2 = execFileSync(path.join(ROOT, 'scripts/pg-cluster'),
    ['replica', process.env.JIANGGU_TEST_PRIMARY_DIR, dir], { encoding: 'utf8' }).trim();
  let stopped = false;
  const stopReplica = () => {
    if (!stopped) execFileSync(path.join(ROOT, 'scripts/pg-cluster'), ['stop', dir]);
    stopped = true;
  };
  const srv = await cluster([], url2);
  try {
    const reader = await signIn(srv.url, 'reader');
    const writer = await signIn(srv.url, 'writer');
    const { res } = await addOrg(srv.url, writer);
    const { id } = await res.json();
    await replicaCaughtUp(db.url, replicaOf(db.url, url2));
    const statuses = new Map();
    let running = true;
    const client = async () => {
      while (running) {
        const r = await getOrg(srv.url, reader, id);
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
      }
    };
    const clients = [client(), client(), client(), client()];
    await sleep(1500);
    const before = [...statuses.values()].reduce((a, b) => a + b, 0);
    stopReplica();
    await sleep(2000);
    running = false;
    await Promise.all(clients);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(`# replica stopped after ${before} reads; ${total} in all: ${JSON.stringify([...statuses])}`);
    assert.deepEqual([...statuses.keys()], [200], 'every read answered 200');
    assert.ok(total > before + 10, 'reads went on after the stop');
    assert.match(srv.stderr, /replica|answered by the primary/);
  } finally {
    await srv.stop();
    stopReplica();
  }
});

test('kill -9 of one app server under writes: nginx moves to the other, no acknowledged write is lost', async () => {
  const srv = await cluster();
  let acknowledged = [];
  const statuses = new Map();
  let failedFetch = 0;
  try {
    const writer = await signIn(srv.url, 'writer');
    let running = true;
    const client = async () => {
      while (running) {
        let r;
        try {
          r = await addOrg(srv.url, writer);
        } catch {
          failedFetch++;
          continue;
        }
        statuses.set(r.res.status, (statuses.get(r.res.status) || 0) + 1);
        if (r.res.status === 201)
          acknowledged.push({ name: r.name, id: (await r.res.json()).id });
        else
          await r.res.arrayBuffer();
      }
    };
    const clients = [client(), client(), client(), client()];
    await sleep(1500);
    srv.servers[0].proc.kill('SIGKILL');
    await sleep(2500);
    running = false;
    await Promise.all(clients);
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
    console.log(`# writes: ${JSON.stringify([...statuses])}; 5xx in flight on the killed server: ${fivexx}`);
    assert.equal(failedFetch, 0, 'nginx answered every request');
    // At most the requests in flight when it died: one per client.
    assert.ok(fivexx <= 4, `${fivexx} 5xx for 4 clients`);
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 201 && s < 500), []);
    const after = acknowledged.filter((a) => a.id > 0).length;
    assert.ok(after > 20, 'writes went on');
    const stored = new Set(dbRows(db.url, `SELECT id FROM org WHERE name LIKE '集群测试${process.pid}-%'`).map((r) => Number(r.id)));
    for (const a of acknowledged)
      assert.ok(stored.has(a.id), `acknowledged ${a.name} (${a.id}) is stored`);
  } finally {
    await srv.stop();
  }
});

test('a daily job with two servers up runs once, and the run log names its server', async () => {
  const a = await startOneServer({ db: db.url, args: ['--job-tick', '1', '--server-name', 'app-a'] });
  const b = await startOneServer({ db: db.url, args: ['--job-tick', '1', '--server-name', 'app-b'] });
  try {
    await sleep(4500);	/* four ticks of each timer */
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  const runs = dbRows(db.url, "SELECT job, server, status FROM job_run WHERE job = 'sessions.purge'");
  assert.equal(runs.length, 1, JSON.stringify(runs));
  assert.ok(['app-a', 'app-b'].includes(runs[0].server));
  assert.equal(runs[0].status, 'ok');
  // Every other job, due at start, ran once too.
  const twice = dbRows(db.url, 'SELECT job, COUNT(*) AS n FROM job_run GROUP BY job HAVING COUNT(*) > 1');
  assert.deepEqual(twice, []);
});

test('a list kept by one server is not stale after a write through the other', async () => {
  const a = await startOneServer({ db: db.url, args: ['--job-tick', '0'] });
  const b = await startOneServer({ db: db.url, args: ['--job-tick', '0'] });
  try {
    const onA = await signIn(a.url, 'reader');
    const onB = await signIn(b.url, 'writer');
    const list = async () => (await (await fetch(a.url + '/api/v1/orgs?limit=1', { headers: onA })).json()).total;
    const total = await list();
    assert.equal(await list(), total, 'kept');
    const { res } = await addOrg(b.url, onB);
    assert.equal(res.status, 201);
    assert.equal(await list(), total + 1, 'server A sees what B wrote');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('nginx: /healthz through it, static assets cached, the client address forwarded', async () => {
  const srv = await cluster();
  try {
    const h = await fetch(srv.url + '/healthz');
    assert.equal(h.status, 200);
    assert.equal((await h.json()).status, 'ok');
    const first = await fetch(srv.url + '/static/app.css');
    await first.arrayBuffer();
    const second = await fetch(srv.url + '/static/app.css');
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('x-cache-status'), 'HIT');
    // nginx appends the peer it saw; the servers trust nginx only, and
    // the sign-in log keeps the address nginx was given.
    await fetch(srv.url + '/api/v1/sessions', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ name: 'reader', password: 'wrong-password-1' }),
    });
    const log = dbRows(db.url, "SELECT ip FROM login_log WHERE account_name = 'reader' ORDER BY id DESC LIMIT 1");
    assert.equal(log[0].ip, '203.0.113.9');
  } finally {
    await srv.stop();
  }
});
