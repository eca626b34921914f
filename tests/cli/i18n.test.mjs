// The portal speaks Chinese first and English completely: both catalogs
// (web/i18n/LANG.json merged with web/i18n/LANG/*.json, as the build does)
// have the same keys, and every {{t.KEY}} a template uses is in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/server.mjs';
import { catalog } from '../lib/merge.mjs';

const zh = catalog('zh-CN');
const en = catalog('en');

// Dotted keys of the strings, leaving out the table of rules' messages
// (English there is the key itself, so en.json needs no copy of it).
function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => {
    if (prefix === '' && k === 'messages') return [];
    return typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`];
  });
}

function templates(dir = path.join(ROOT, 'web/templates')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templates(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

test('both catalogs have the same keys', () => {
  const a = new Set(keys(zh)), b = new Set(keys(en));
  assert.deepEqual([...a].filter((k) => !b.has(k)), [], 'missing in en.json');
  assert.deepEqual([...b].filter((k) => !a.has(k)), [], 'missing in zh-CN.json');
});

test('every string a template uses exists in both languages', () => {
  const has = (cat, key) => key.split('.').reduce((n, part) => n?.[part], cat) !== undefined;
  const missing = [];
  for (const file of templates()) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\{\{\s*t\.([A-Za-z0-9_.-]+)\s*\}\}/g)) {
      for (const [lang, cat] of [['zh-CN', zh], ['en', en]])
        if (!has(cat, m[1])) missing.push(`${path.relative(ROOT, file)}: t.${m[1]} (${lang})`);
    }
  }
  assert.deepEqual(missing, []);
});
