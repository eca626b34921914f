// Every refusal people read is a catalog key (docs/STYLE.md, Messages):
// each key the code can produce — a string literal "err.NAME",
// "MODULE.err.NAME" or "MODULE.AREA.err.NAME" in src/ — has its text in both catalogs, and the two
// texts name the same placeholders ({{label}}, {{min}}, {{max}}); every
// text under an `err` of a catalog is one the code produces, and has its
// twin in the other. Adding a message without both texts fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/server.mjs';
import { catalog } from '../lib/merge.mjs';

const LANGS = ['zh-CN', 'en'];
const KEY = /"((?:[a-z_]+\.)*err\.[a-z0-9_]+)"/g;

function sources(dir = path.join(ROOT, 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name))
      : /\.[ch]$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

// key -> the files that produce it
function codeKeys() {
  const keys = new Map();
  for (const file of sources())
    for (const m of readFileSync(file, 'utf8').matchAll(KEY))
      keys.set(m[1], [...(keys.get(m[1]) ?? []), path.relative(ROOT, file)]);
  return keys;
}

const text = (cat, key) => key.split('.').reduce((n, part) => n?.[part], cat);
const placeholders = (s) => [...s.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]).sort();

// Dotted keys of every string under an `err` object of a catalog.
function catalogKeys(o, prefix = '', inErr = false) {
  return Object.entries(o).flatMap(([k, v]) => {
    if (prefix === '' && k === 'messages') return [];
    const here = inErr || k === 'err';
    if (typeof v === 'object') return catalogKeys(v, `${prefix}${k}.`, here);
    return here ? [`${prefix}${k}`] : [];
  });
}

test('the code produces message keys, the record kit\'s among them', () => {
  const keys = codeKeys();
  for (const key of ['err.required', 'err.required_choice', 'err.too_long', 'err.range', 'err.date',
    'err.choice', 'err.ref_pick', 'err.ref_gone', 'err.unique', 'party.err.credit_code_check'])
    assert.ok(keys.has(key), key);
});

test('every message key of the code has its text in both catalogs, naming the same placeholders', () => {
  const cats = Object.fromEntries(LANGS.map((l) => [l, catalog(l)]));
  const missing = [], differ = [], unknown = [];
  for (const [key, files] of codeKeys()) {
    const texts = LANGS.map((l) => text(cats[l], key));
    LANGS.forEach((l, i) => {
      if (typeof texts[i] !== 'string') missing.push(`${key} (${l}; used in ${files.join(', ')})`);
    });
    if (texts.every((t) => typeof t === 'string')) {
      const [a, b] = texts.map(placeholders);
      if (a.join() !== b.join()) differ.push(`${key}: zh-CN {{${a}}}, en {{${b}}}`);
      for (const name of a) if (!['label', 'min', 'max', '1', '2', '3', '4'].includes(name)) unknown.push(`${key}: {{${name}}}`);
    }
  }
  assert.deepEqual(missing, [], 'add the text to web/i18n/LANG/errors.json');
  assert.deepEqual(differ, []);
  assert.deepEqual(unknown, [], 'page_problem() fills {{label}}, {{min}}, {{max}} and {{1}} to {{4}} only');
});

test('every message text of either catalog is one the code produces, with its twin in the other', () => {
  const code = codeKeys();
  const [zh, en] = LANGS.map((l) => new Set(catalogKeys(catalog(l))));
  assert.deepEqual([...zh].filter((k) => !en.has(k)), [], 'missing in en');
  assert.deepEqual([...en].filter((k) => !zh.has(k)), [], 'missing in zh-CN');
  assert.deepEqual([...zh].filter((k) => !code.has(k)), [], 'no code produces these');
});
