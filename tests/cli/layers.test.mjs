// scripts/check-layers: the layers of src/ only point down, and the check
// can fail — an upward include, two folders including each other and a
// folder the layer table does not list are each refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
const script = path.join(repo, 'scripts/check-layers');

function check(root) {
  return spawnSync(script, root ? [root] : [], { encoding: 'utf8' });
}

// A copy of src/ and the layer table, changed by `edit(root)`.
function withTree(edit, fn) {
  const root = mkdtempSync(path.join(tmpdir(), 'jianggu-layers-'));
  try {
    cpSync(path.join(repo, 'src'), path.join(root, 'src'), { recursive: true });
    mkdirSync(path.join(root, 'docs'));
    cpSync(path.join(repo, 'docs/ARCHITECTURE.md'),
           path.join(root, 'docs/ARCHITECTURE.md'));
    edit(root);
    fn(check(root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function addInclude(root, file, header) {
  const p = path.join(root, file);
  const text = readFileSync(p, 'utf8');
  const at = text.indexOf('#include "');
  writeFileSync(p, text.slice(0, at) + `#include "${header}"\n` +
                text.slice(at));
}

test('the tree as it is passes', () => {
  const res = check();
  assert.equal(res.status, 0, res.stdout + res.stderr);
});

test('an include that points up a layer fails, naming file and line', () => {
  withTree(root => addInclude(root, 'src/page/page.c', 'auth/auth.h'),
    res => {
      assert.equal(res.status, 1);
      assert.match(res.stdout,
        /src\/page\/page\.c:\d+: page\/ \(rank 2\) includes auth\/ of a higher rank \(3\)/);
    });
});

test('two folders of one rank that include each other fail', () => {
  withTree(root => addInclude(root, 'src/audit/audit.c',
                              'settings/settings.h'),
    res => {
      assert.equal(res.status, 1);
      assert.match(res.stdout, /audit\/ and settings\/ include each other/);
    });
});

test('a folder the layer table does not list fails', () => {
  withTree(root => {
    mkdirSync(path.join(root, 'src/gadgets'));
    writeFileSync(path.join(root, 'src/gadgets/g.c'), '#include "db/db.h"\n');
  }, res => {
    assert.equal(res.status, 1);
    assert.match(res.stdout, /src\/gadgets\/: a folder the layer table/);
  });
});
