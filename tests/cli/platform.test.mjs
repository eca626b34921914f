// The binary's subcommand table: help, version, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, startServer } from '../lib/server.mjs';

test('help lists every subcommand', async () => {
  const res = await runCli(['help']);
  assert.equal(res.status, 0);
  for (const cmd of ['serve', 'migrate', 'match', 'backup', 'restore', 'routes', 'version', 'help'])
    assert.match(res.stdout, new RegExp(`^  ${cmd} `, 'm'));
});

test('help COMMAND prints its usage; an unknown command exits 2', async () => {
  const res = await runCli(['help', 'serve']);
  assert.equal(res.status, 0);
  assert.match(res.stdout, /--listen HOST:PORT/);
  const bad = await runCli(['frobnicate']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /'frobnicate' is not a command/);
});

test('version prints the release', async () => {
  const res = await runCli(['version']);
  assert.equal(res.status, 0);
  assert.match(res.stdout, /^jianggu \d+\.\d+\.\d+\n$/);
});

test('serve refuses bad options with exit 2 and says which', async () => {
  let res = await runCli(['serve', '--threads', 'many']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /--threads must be 1 to 256/);
  res = await runCli(['serve', '--max-body', '0']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /--max-body/);
  res = await runCli(['serve', '--bogus']);
  assert.equal(res.status, 2);
  res = await runCli(['serve', '--sqlite-sync', 'off']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /--sqlite-sync must be full or normal/);
});

test('serve --sqlite-sync normal and full both serve', async () => {
  for (const sync of ['normal', 'full']) {
    const srv = await startServer({ args: ['--sqlite-sync', sync] });
    try {
      const res = await fetch(srv.url + '/healthz');
      assert.equal(res.status, 200, sync);
    } finally {
      assert.equal((await srv.stop()).code, 0);
    }
  }
});

test('serve reports an address it cannot use', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-cli-'));
  try {
    const res = await runCli(['serve', '--db', path.join(dir, 'x.db'), '--listen', 'nonsense']);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /cannot listen on 'nonsense'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve reports a database it cannot open', async () => {
  const res = await runCli(['serve', '--db', '/nonexistent-dir/x/y.db', '--listen', '127.0.0.1:0']);
  assert.equal(res.status, 1);
  assert.match(res.stderr, /cannot open '\/nonexistent-dir\/x\/y\.db'/);
});

test('JIANGGU_LISTEN sets the address when --listen is absent', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianggu-cli-'));
  let srv;
  try {
    srv = await startServer({ db: path.join(dir, 'x.db'), listen: null, env: { JIANGGU_LISTEN: '127.0.0.1:0' } });
    const res = await fetch(srv.url + '/healthz');
    assert.equal(res.status, 200);
  } finally {
    if (srv) await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
