// scripts/check-source: the source rules a compiler does not check, and
// that they can fail — here the rule that handler files never release
// JSON themselves (the request owns it, http_own()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
const script = path.join(repo, 'scripts/check-source');

test('the tree as it is passes', () => {
  const res = spawnSync(script, { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stdout + res.stderr);
});

test('json_decref in a handler file is refused, naming file and line', () => {
  const probe = path.join(repo, 'src/party', `zz_probe${process.pid}_api.c`);
  writeFileSync(probe, '/* a probe */\nstatic void\nf(json_t *v)\n{\n' +
                '\tjson_decref(v);\n}\n');
  try {
    const res = spawnSync(script, { encoding: 'utf8' });
    assert.equal(res.status, 1);
    assert.match(res.stdout, new RegExp(
      `src/party/zz_probe${process.pid}_api\\.c:5:.*json_decref`));
    assert.match(res.stdout, /hand the value to the request with http_own/);
  } finally {
    rmSync(probe, { force: true });
  }
});

test('json_decref in a handler file of a sub-area (pages_NAME.c) is refused too', () => {
  const probe = path.join(repo, 'src/party', `pages_zz_probe${process.pid}.c`);
  writeFileSync(probe, '/* a probe */\nstatic void\nf(json_t *v)\n{\n' +
                '\tjson_decref(v);\n}\n');
  try {
    const res = spawnSync(script, { encoding: 'utf8' });
    assert.equal(res.status, 1);
    assert.match(res.stdout, new RegExp(
      `src/party/pages_zz_probe${process.pid}\\.c:5:.*json_decref`));
  } finally {
    rmSync(probe, { force: true });
  }
});

test('json_decref elsewhere (a store, a rule) is allowed', () => {
  const probe = path.join(repo, 'src/party', `zz_probe${process.pid}_rules.c`);
  writeFileSync(probe, '/* a probe */\nstatic void\nf(json_t *v)\n{\n' +
                '\tjson_decref(v);\n}\n');
  try {
    const res = spawnSync(script, { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stdout);
  } finally {
    rmSync(probe, { force: true });
  }
});
