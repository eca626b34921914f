// `jianggu migrate` on the dialect under test (JIANGGU_TEST_DB): idempotent,
// and a migration that fails half-way leaves the schema as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase, runCli, DIALECT, ROOT } from '../lib/server.mjs';

const dialectDir = DIALECT === 'postgres' ? 'postgres' : 'sqlite';

// A migrations folder: the shipped ones plus `extra` files { name: sql }.
function migrationsWith(extra) {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-mig-'));
  const sub = path.join(dir, dialectDir);
  mkdirSync(sub);
  for (const f of readdirSync(path.join(ROOT, 'sql', dialectDir)))
    copyFileSync(path.join(ROOT, 'sql', dialectDir, f), path.join(sub, f));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(path.join(sub, name), sql);
  return dir;
}

test('migrate twice: the second run applies nothing and changes nothing', async () => {
  const db = freshDatabase();
  try {
    const first = await runCli(['migrate', '--db', db.url]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^applied 0001_meta\.sql$/m);
    const status1 = await runCli(['migrate', '--db', db.url, '--status']);
    const second = await runCli(['migrate', '--db', db.url]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, 'up to date\n');
    const status2 = await runCli(['migrate', '--db', db.url, '--status']);
    assert.equal(status2.stdout, status1.stdout);
    assert.doesNotMatch(status2.stdout, /pending/);
  } finally {
    db.dispose();
  }
});

test('a migration that fails half-way is rolled back whole; earlier ones stay', async () => {
  const db = freshDatabase();
  const bad = migrationsWith({
    '0900_half.sql': 'CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n' +
      'INSERT INTO half_done (id) VALUES (1);\n' +
      'INSERT INTO no_such_table (id) VALUES (1);\n',
  });
  const good = migrationsWith({
    // Succeeds only if the failed attempt left no half_done table behind.
    '0900_half.sql': 'CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n',
  });
  try {
    const res = await runCli(['migrate', '--db', db.url, '--dir', bad]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /jianggu migrate: 0900_half\.sql failed, nothing of it was applied: .*no_such_table/);
    assert.match(res.stdout, /applied 0001_meta\.sql/, 'the migrations before it were applied');
    const status = await runCli(['migrate', '--db', db.url, '--dir', bad, '--status']);
    assert.match(status.stdout, /^applied  0001_meta\.sql$/m);
    assert.match(status.stdout, /^pending  0900_half\.sql$/m);
    const retry = await runCli(['migrate', '--db', db.url, '--dir', good]);
    assert.equal(retry.status, 0, retry.stderr);
    assert.equal(retry.stdout, 'applied 0900_half.sql\n');
  } finally {
    db.dispose();
    rmSync(bad, { recursive: true, force: true });
    rmSync(good, { recursive: true, force: true });
  }
});

test('badly named migration files are refused with exit 2', async () => {
  const db = freshDatabase();
  const dir = migrationsWith({ 'add-things.sql': 'SELECT 1;' });
  try {
    const res = await runCli(['migrate', '--db', db.url, '--dir', dir]);
    assert.equal(res.status, 2);
    assert.match(res.stderr, /add-things\.sql: not named NNNN_name\.sql/);
  } finally {
    db.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JIANGGU_DB chooses the database when --db is absent', async () => {
  const db = freshDatabase();
  try {
    const res = await runCli(['migrate'], { env: { JIANGGU_DB: db.url } });
    assert.equal(res.status, 0, res.stderr);
    const again = await runCli(['migrate', '--status'], { env: { JIANGGU_DB: db.url } });
    assert.match(again.stdout, /^applied  0001_meta\.sql$/m);
  } finally {
    db.dispose();
  }
});
