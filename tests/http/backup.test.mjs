// The backup drill: a client writes continuously through a running
// server, `jianggu backup` is taken mid-stream, and `jianggu restore` puts
// it into a fresh database. Every write acknowledged before the backup
// began is there, the restored writes are those of one moment (a prefix of
// the client's, each with its audit row), `migrate` finds nothing to do
// and an integrity check passes. A restore into a database that holds
// anything is refused and changes nothing; a backup never overwrites a
// file; a backup of the other back end is refused.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows, DIALECT } from '../lib/server.mjs';

let db, srv, token, dir;

before(async () => {
  db = freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-backup-'));
  const mig = await runCli(['migrate', '--db', db.url]);
  assert.equal(mig.status, 0, mig.stderr);
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'root', '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  token = tok.stdout.trim();
  srv = await startServer({ db: db.url, args: ['--job-tick', '0'] });
});

after(async () => {
  if (srv) assert.equal((await srv.stop()).code, 0);
  db.dispose();
  rmSync(dir, { recursive: true, force: true });
});

// One organisation through the API; its id once the server answered.
async function write(i) {
  const res = await fetch(srv.url + '/api/v1/orgs', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'enterprise', name: `备份演练公司${i}` }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.id;
}

test('backup drill: writes go on, the backup taken mid-stream restores whole', async () => {
  const acked = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) acked.push(await write(i));
  })();
  const waitFor = async (n) => {
    while (acked.length < n) await new Promise((r) => setTimeout(r, 10));
  };

  await waitFor(25);
  const file = path.join(dir, `park.${DIALECT}.backup`);
  const ackedBefore = acked.slice();
  const backup = await runCli(['backup', '--db', db.url, '--out', file]);
  const ackedByEnd = acked.length;
  await waitFor(ackedByEnd + 10);
  writing = false;
  await writer;
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /^backed up the database to .* \(\d+ bytes\)\n$/);
  assert.ok(!backup.stdout.includes(db.url.split('?')[0]), 'the URL is not printed');
  assert.ok(acked.length > ackedByEnd, 'the server kept taking writes after the backup');

  // Into a fresh database.
  const copy = freshDatabase();
  try {
    const restore = await runCli(['restore', file, '--db', copy.url]);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /integrity check ok/);
    const names = dbRows(copy.url, `SELECT id FROM org WHERE name LIKE '备份演练公司%' ORDER BY id`)
      .map((r) => Number(r.id));
    // Every write acknowledged before the backup began is there...
    for (const id of ackedBefore) assert.ok(names.includes(id), `org ${id} is missing`);
    // ...and what is there is the writes of one moment: the client's
    // first N (one writer, one after the other), each with its audit row.
    assert.deepEqual(names, acked.slice(0, names.length));
    assert.ok(names.length <= acked.length);
    const audited = Number(dbRows(copy.url, `SELECT count(*) AS n FROM audit_log WHERE entity = 'org'
      AND action = 'create' AND entity_id IN (${names.join(',')})`)[0].n);
    assert.equal(audited, names.length);

    // The schema is whole: migrate has nothing to do.
    const mig = await runCli(['migrate', '--db', copy.url]);
    assert.equal(mig.status, 0, mig.stderr);
    assert.match(mig.stdout, /up to date/);
    const status = await runCli(['migrate', '--status', '--db', copy.url]);
    assert.doesNotMatch(status.stdout, /pending/);
    // An integrity check of our own, beside restore's.
    if (DIALECT === 'postgres') {
      const bad = dbRows(copy.url, `SELECT (SELECT count(*) FROM pg_constraint WHERE NOT convalidated)
        + (SELECT count(*) FROM pg_index WHERE NOT indisvalid) AS n`)[0].n;
      assert.equal(Number(bad), 0);
      assert.ok(Number(dbRows(copy.url, `SELECT count(*) AS n FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = 'org'`)[0].n) > 0, 'constraints restored');
    } else {
      assert.deepEqual(dbRows(copy.url, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
      assert.deepEqual(dbRows(copy.url, 'PRAGMA foreign_key_check'), []);
    }
    // The restored database serves.
    const srv2 = await startServer({ db: copy.url, args: ['--job-tick', '0'] });
    try {
      const res = await fetch(`${srv2.url}/api/v1/orgs/${ackedBefore[0]}`,
        { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).name, '备份演练公司0');
    } finally {
      assert.equal((await srv2.stop()).code, 0);
    }

    // Restoring again into what now holds the park is refused.
    const orgs = dbRows(copy.url, 'SELECT count(*) AS n FROM org')[0].n;
    const again = await runCli(['restore', file, '--db', copy.url]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /not empty/);
    assert.equal(dbRows(copy.url, 'SELECT count(*) AS n FROM org')[0].n, orgs);
  } finally {
    copy.dispose();
  }
});

test('a backup never overwrites a file; restore refuses what is not a backup of its kind', async () => {
  const file = path.join(dir, 'kept.backup');
  writeFileSync(file, 'an older backup');
  const res = await runCli(['backup', '--db', db.url, '--out', file]);
  assert.equal(res.status, 1);
  assert.match(res.stderr, /exists: a backup is never overwritten/);
  assert.equal(readFileSync(file, 'utf8'), 'an older backup');

  const fresh = freshDatabase();
  try {
    const notOne = await runCli(['restore', file, '--db', fresh.url]);
    assert.equal(notOne.status, 1);
    assert.match(notOne.stderr, /is not a backup/);
    // A backup of the other back end.
    const other = path.join(dir, 'other.backup');
    writeFileSync(other, DIALECT === 'postgres' ? 'SQLite format 3\0 and the rest' : 'PGDMP and the rest');
    const wrong = await runCli(['restore', other, '--db', fresh.url]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, DIALECT === 'postgres' ? /is a SQLite backup/ : /is a PostgreSQL backup/);
    const usage = await runCli(['restore', '--db', fresh.url]);
    assert.equal(usage.status, 2);
    const noOut = await runCli(['backup', '--db', db.url]);
    assert.equal(noOut.status, 2);
  } finally {
    fresh.dispose();
  }
  // Nothing half-written was left beside the files.
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
});

// The database URL's password reaches pg_dump and pg_restore by the
// environment (PGPASSWORD), never by the command line, which every user
// of the machine can read. A stand-in pg_dump (JIANGGU_PG_BIN) writes down
// what it was given.
test('the password goes to pg_dump by its environment, not its command line', async () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'jianggu-pgbin-'));
  const seen = path.join(bin, 'seen');
  try {
    for (const prog of ['pg_dump', 'pg_restore']) {
      writeFileSync(path.join(bin, prog), '#!/bin/sh\n' +
        `printf '%s\\n' "${prog}" "$@" "PGPASSWORD=$PGPASSWORD" >> "${seen}"\nexit 3\n`, { mode: 0o755 });
    }
    const url = "postgresql://alice:s3cr%27et@127.0.0.1:1/parkdb?sslmode=disable";
    const dump = await runCli(['backup', '--db', url, '--out', path.join(dir, 'never.backup')],
      { env: { JIANGGU_PG_BIN: bin, PGPASSWORD: 'inherited' } });
    assert.equal(dump.status, 1);
    assert.match(dump.stderr, /pg_dump failed \(exit status 3\)/);
    const lines = readFileSync(seen, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'pg_dump');
    const dbname = lines[lines.indexOf('--dbname') + 1];
    assert.doesNotMatch(lines.slice(0, -1).join(' '), /s3cr/);
    assert.match(dbname, /user='alice'/);
    assert.match(dbname, /host='127\.0\.0\.1'/);
    assert.match(dbname, /port='1'/);
    assert.match(dbname, /dbname='parkdb'/);
    assert.match(dbname, /sslmode='disable'/);
    assert.equal(lines.at(-1), "PGPASSWORD=s3cr'et");
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('never')), []);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
