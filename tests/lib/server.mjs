// Start the real jianggu binary for a test, on a fresh database.
//
//   const srv = await startServer();          // SQLite or PostgreSQL, per env
//   const res = await fetch(srv.url + '/healthz');
//   await srv.stop();                          // SIGTERM, waits for exit 0
//
// JIANGGU_BIN      the binary (default build/asan/jianggu)
// JIANGGU_TEST_DB  "sqlite" (default) or "postgres"
// JIANGGU_TEST_PG_URL  the scratch cluster's URL (scripts/pg-cluster)
// JIANGGU_TEST_REPLICA_URL  its streaming replica: then startServer()
//                  starts two servers behind nginx (tests/lib/cluster.mjs)
//
// Each server gets a database of its own: a file in a temporary folder, or
// a new database in the PostgreSQL cluster, so test files can run at once.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPLICA_URL, startCluster } from './cluster.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = process.env.JIANGGU_BIN || path.join(ROOT, 'build/asan/jianggu');
export const DIALECT = process.env.JIANGGU_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

// A new, empty database; returns { url, dispose }.
export function freshDatabase() {
  if (DIALECT === 'postgres') {
    const base = process.env.JIANGGU_TEST_PG_URL;
    if (!base) throw new Error('JIANGGU_TEST_PG_URL is not set');
    const name = 'jg_' + randomBytes(6).toString('hex');
    execFileSync('psql', ['-q', base, '-c', `CREATE DATABASE ${name}`]);
    const url = base.replace('/postgres?', `/${name}?`);
    return {
      url,
      dispose() {
        try {
          execFileSync('psql', ['-q', base, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
        } catch { /* the cluster is thrown away anyway */ }
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-test-'));
  return {
    url: path.join(dir, 'test.db'),
    dir,
    dispose() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// The rows of `sql` run directly on a test database, as plain objects: for
// tests that check what was (or was not) written. SQLite through Debian's
// sqlite3 shell, PostgreSQL through psql; read only.
export function dbRows(dbUrl, sql) {
  if (dbUrl.startsWith('postgres')) {
    const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', dbUrl,
      '-c', `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`], { encoding: 'utf8' });
    return JSON.parse(out);
  }
  const out = execFileSync('sqlite3', ['-readonly', '-json', '-cmd', '.timeout 5000', dbUrl, sql],
    { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

// Run the binary to completion; returns { status, stdout, stderr }.
export function runCli(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}

// Fill `db` (a freshDatabase(), still empty) with the demo park, as
// `jianggu demo --db URL` would; returns { status, stdout, stderr } like
// runCli(). The park is loaded once per binary and back end by the real
// command, into a template, and copied from there: on PostgreSQL with
// CREATE DATABASE ... TEMPLATE, on SQLite as a file. Test files that run
// at once share it (the first builds it under a lock, the others wait).
// tests/http/demo.test.mjs runs the command itself.
export async function loadDemo(db) {
  const bin = statSync(BIN);
  const key = createHash('sha256').update([BIN, bin.mtimeMs, bin.size, DIALECT,
    process.env.JIANGGU_TEST_PG_URL || ''].join('|')).digest('hex').slice(0, 16);
  const cache = path.join(ROOT, 'tests/.tmp/demo');
  // Named by back end: a SQLite and a PostgreSQL run at once (make test)
  // each clear only their own older templates.
  const dir = path.join(cache, `${DIALECT}-${key}`);
  const template = DIALECT === 'postgres'
    ? process.env.JIANGGU_TEST_PG_URL.replace('/postgres?', `/jg_demo_${key}?`)
    : path.join(dir, 'demo.db');
  mkdirSync(cache, { recursive: true });
  let built = { status: 0, stdout: '', stderr: '' };
  try {
    mkdirSync(dir);
    // Ours to build; older templates (an earlier binary) go.
    for (const old of readdirSync(cache))
      if (old.startsWith(`${DIALECT}-`) && old !== path.basename(dir))
        rmSync(path.join(cache, old), { recursive: true, force: true });
    if (DIALECT === 'postgres')
      execFileSync('psql', ['-q', process.env.JIANGGU_TEST_PG_URL, '-c', `CREATE DATABASE jg_demo_${key}`]);
    built = await runCli(['demo', '--db', template]);
    if (built.status === 0 && DIALECT === 'sqlite')
      execFileSync('sqlite3', [template, 'PRAGMA journal_mode=DELETE']);
    writeFileSync(path.join(dir, built.status === 0 ? 'ready' : 'failed'), built.stderr);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    for (let waited = 0; !existsSync(path.join(dir, 'ready')); waited += 200) {
      if (existsSync(path.join(dir, 'failed')) || waited > 600000)
        return { status: 1, stdout: '', stderr: 'the demo template could not be built' };
      await sleep(200);
    }
  }
  if (built.status !== 0)
    return built;
  if (DIALECT === 'postgres') {
    const name = db.url.match(/\/(\w+)\?/)[1];
    const base = process.env.JIANGGU_TEST_PG_URL;
    execFileSync('psql', ['-q', base, '-c', `DROP DATABASE ${name}`]);
    for (let tries = 0; ; tries++) {
      try {
        execFileSync('psql', ['-q', base, '-c', `CREATE DATABASE ${name} TEMPLATE jg_demo_${key}`],
          { stdio: 'pipe' });
        break;
      } catch (e) {
        // Another copy being made from the template at this moment.
        if (tries > 50 || !/being accessed by other users/.test(String(e.stderr))) throw e;
        await sleep(100);
      }
    }
  } else {
    copyFileSync(template, db.url);
  }
  return built;
}

// Start `jianggu serve` on a free loopback port (in cluster mode, two
// behind nginx: tests/lib/cluster.mjs).
// `listen: null` leaves the address to JIANGGU_LISTEN.
export async function startServer(options = {}) {
  if (!REPLICA_URL)
    return startOneServer(options);
  const database = options.db ? null : freshDatabase();
  return startCluster(startOneServer, options, options.db || database.url,
    database ? () => database.dispose() : null);
}

// Start one `jianggu serve`, whatever the mode.
export async function startOneServer({ args = [], db, env, listen = '127.0.0.1:0' } = {}) {
  const database = db ? null : freshDatabase();
  const dbUrl = db || database.url;
  const listenArgs = listen ? ['--listen', listen] : [];
  const proc = spawn(BIN, ['serve', ...listenArgs, '--db', dbUrl,
    '--test-routes', ...args], { env: { ...process.env, ...env } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    url,
    dbUrl,
    proc,
    exited,
    get stderr() { return stderr; },
    // Stop with SIGTERM; resolves to the exit { code, signal }.
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const result = await exited;
      if (database) database.dispose();
      return result;
    },
  };
}

// Run one writing statement directly on a test database (not through the
// server), for tests that check what the database itself refuses (an
// append-only table's triggers). Returns { ok, error }: the shell's message
// when the statement failed.
export function dbTryExec(dbUrl, sql) {
  const res = dbUrl.startsWith('postgres')
    ? spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', dbUrl, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', dbUrl, sql], { encoding: 'utf8' });
  return { ok: res.status === 0 && !/Error|ERROR/.test(res.stderr), error: res.stderr };
}
