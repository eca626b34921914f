// Start the real jianggu binary for a test, on a fresh database.
//
//   const srv = await startServer();          // SQLite or PostgreSQL, per env
//   const res = await fetch(srv.url + '/healthz');
//   await srv.stop();                          // SIGTERM, waits for exit 0
//
// JIANGGU_BIN      the binary (default build/asan/jianggu)
// JIANGGU_TEST_DB  "sqlite" (default) or "postgres"
// JIANGGU_TEST_PG_URL  the scratch cluster's URL (scripts/pg-cluster)
//
// Each server gets a database of its own: a file in a temporary folder, or
// a new database in the PostgreSQL cluster, so test files can run at once.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

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

// Start `jianggu serve` on a free loopback port.
// `listen: null` leaves the address to JIANGGU_LISTEN.
export async function startServer({ args = [], db, env, listen = '127.0.0.1:0' } = {}) {
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
