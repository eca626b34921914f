// The HTTP suite through nginx against two app servers on a primary and a
// streaming replica (make test-cluster, scripts/test-cluster).
//
// JIANGGU_TEST_REPLICA_URL  the replica of JIANGGU_TEST_PG_URL's cluster
//                           (scripts/pg-cluster replica); when set,
//                           startServer() starts a cluster instead of one
//                           server: two `serve` processes on the test's
//                           database, each reading from the same database
//                           on the replica (--db-replica), behind an nginx
//                           configured by deploy/nginx/jianggu.conf.
//
// A database created on the primary appears on the replica by itself.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPLICA_URL = process.env.JIANGGU_TEST_REPLICA_URL || '';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NGINX = process.env.JIANGGU_NGINX || '/usr/sbin/nginx';

// The URL of database `dbUrl` (on the primary) on the replica.
export function replicaOf(dbUrl, replicaUrl = REPLICA_URL) {
  const name = dbUrl.match(/\/(\w+)\?/)[1];
  return replicaUrl.replace(/\/\w+\?/, `/${name}?`);
}

// A free loopback port (taken by no one the moment we looked).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// deploy/nginx/jianggu.conf with its addresses and paths made this run's:
// the upstream's servers are `upstreams` (HOST:PORT), it listens on
// 127.0.0.1:`port`, and keeps its cache under `dir`.
export function renderNginxConf(upstreams, port, dir) {
  let conf = readFileSync(path.join(ROOT, 'deploy/nginx/jianggu.conf'), 'utf8');
  const servers = upstreams.map((u) => `    server ${u} max_fails=2 fail_timeout=5s;`).join('\n');
  conf = conf.replace(/( {4}server 127\.0\.0\.1:808\d[^\n]*\n)+/, servers + '\n');
  conf = conf.replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  conf = conf.replace('/var/cache/nginx/jianggu', path.join(dir, 'cache'));
  if (!conf.includes(`listen 127.0.0.1:${port}`) || !conf.includes(upstreams[0]))
    throw new Error('deploy/nginx/jianggu.conf no longer has the lines the harness renders');
  return conf;
}

// Start nginx in front of `upstreams`; returns { url, dir, stop }.
export async function startNginx(upstreams) {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-nginx-'));
  const port = await freePort();
  for (const d of ['cache', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(dir, d));
  writeFileSync(path.join(dir, 'site.conf'), renderNginxConf(upstreams, port, dir));
  writeFileSync(path.join(dir, 'nginx.conf'), [
    process.getuid && process.getuid() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    `  client_body_temp_path ${dir}/body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    `  include ${dir}/site.conf;`,
    '}', ''].join('\n'));
  const proc = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  // A test file that dies leaves no nginx behind.
  const orphan = () => proc.kill('SIGQUIT');
  process.on('exit', orphan);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url + '/static/none');
      break;
    } catch {
      if (proc.exitCode !== null || i > 100)
        throw new Error(`nginx did not start: ${stderr}${safeRead(path.join(dir, 'error.log'))}`);
      await sleep(50);
    }
  }
  return {
    url,
    dir,
    get accessLog() { return safeRead(path.join(dir, 'access.log')); },
    async stop() {
      process.off('exit', orphan);
      if (proc.exitCode === null) proc.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file) {
  try { return readFileSync(file, 'utf8'); } catch { return ''; }
}

// Two servers started by `startOne(options)` on one database, reading
// from the same database on `replicaUrl`'s cluster, behind nginx: what
// startServer() returns in cluster mode. `servers` are the two, for tests
// that stop one; `dispose` is called when it stops.
export async function startCluster(startOne, { args = [], ...rest } = {}, dbUrl, dispose,
  replicaUrl = REPLICA_URL) {
  const extra = ['--db-replica', replicaOf(dbUrl, replicaUrl), '--trusted-proxy', '127.0.0.1', ...args];
  const a = await startOne({ ...rest, db: dbUrl, args: extra });
  const b = await startOne({ ...rest, db: dbUrl, args: extra });
  const nginx = await startNginx([a.url.replace('http://', ''), b.url.replace('http://', '')]);
  return {
    url: nginx.url,
    dbUrl,
    proc: a.proc,
    exited: a.exited,
    servers: [a, b],
    nginx,
    get stderr() { return a.stderr + b.stderr; },
    async stop() {
      await nginx.stop();
      const [ra] = await Promise.all([a.stop(), b.stop()]);
      if (dispose) dispose();
      return ra;
    },
  };
}

// Wait until the replica has replayed everything the primary has written
// so far (for tests that need it to have seen something).
export async function replicaCaughtUp(primaryUrl, replicaUrl, timeoutMs = 20000) {
  const lsn = execFileSync('psql', ['-X', '-A', '-t', '-q', primaryUrl, '-c',
    'SELECT pg_current_wal_lsn()'], { encoding: 'utf8' }).trim();
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    const ok = execFileSync('psql', ['-X', '-A', '-t', '-q', replicaUrl, '-c',
      `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`], { encoding: 'utf8' }).trim();
    if (ok === 't') return;
    await sleep(50);
  }
  throw new Error('the replica did not catch up');
}
