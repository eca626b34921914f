// The documents the build puts together from a base and one fragment per
// module (tools/merge-json.c), merged here the same way so that tests can
// compare what the binary serves with what is in the tree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

function merge(into, from, where) {
  for (const [k, v] of Object.entries(from)) {
    const old = into[k];
    if (old === undefined) into[k] = v;
    else if (Array.isArray(old) && Array.isArray(v)) old.push(...v);
    else if (old && typeof old === 'object' && v && typeof v === 'object') merge(old, v, `${where}/${k}`);
    else if (JSON.stringify(old) !== JSON.stringify(v)) throw new Error(`${where}/${k}: given twice, with different values`);
  }
}

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

function mergeFiles(base, parts) {
  const doc = read(base);
  for (const p of parts.sort()) merge(doc, read(p), p);
  return doc;
}

// web/api/openapi.json with every other web/api/*.json.
export function openapiDocument() {
  const dir = path.join(ROOT, 'web/api');
  const parts = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json');
  return mergeFiles(path.join(dir, 'openapi.json'), parts.map((f) => path.join(dir, f)));
}

// web/i18n/LANG.json with every web/i18n/LANG/*.json.
export function catalog(lang) {
  const dir = path.join(ROOT, 'web/i18n', lang);
  const parts = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f)) : [];
  return mergeFiles(path.join(ROOT, 'web/i18n', `${lang}.json`), parts);
}
