// Uploads hardened (issue 13, item 14): macros refused whatever the case of
// their part names; images read to their end; files served under the
// extension of their kind; a quota per account, held under concurrency.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, dir, uploads;
const tokens = {};
const ids = {};

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const bearer = (name) => ({ authorization: `Bearer ${tokens[name]}` });
const storedFiles = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);

// A whole 1x1 PNG, and a whole 2x2 JPEG as chromium encodes one.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD' +
  'hgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdAHrB/9k=', 'base64');
const pdf = (bytes) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes - 9, 0x20)]);

// A ZIP of stored entries, [[name, text], ...].
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const n = Buffer.from(name), d = Buffer.from(text);
    const l = Buffer.alloc(30);
    l.write('PK\x03\x04', 0, 'latin1');
    l.writeUInt16LE(20, 4);
    l.writeUInt32LE(d.length, 18);
    l.writeUInt32LE(d.length, 22);
    l.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.write('PK\x01\x02', 0, 'latin1');
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(d.length, 20);
    c.writeUInt32LE(d.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(l, n, d);
    centrals.push(c, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.write('PK\x05\x06', 0, 'latin1');
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function upload(name, bytes, filename) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), filename);
  return api.request('POST', '/api/v1/uploads', { raw: form, headers: bearer(name) });
}

async function putSetting(key, value) {
  const res = await api.request('PUT', `/api/v1/settings/${key}`, { body: { value }, headers: bearer('root') });
  assert.equal(res.status, 200, res.text);
}

before(async () => {
  db = freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-uploads-'));
  uploads = path.join(dir, 'files');
  const add = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url], { input: 'Root-pass-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  for (const name of ['root', 'carol', 'dave']) {
    if (name !== 'root') {
      const u = await runCli(['user', 'add', name, '--role', 'enterprise', '--db', db.url], { input: 'Secret-pass-1\n' });
      assert.equal(u.status, 0, u.stderr);
    }
    const t = await runCli(['user', 'token', name, '--db', db.url]);
    assert.equal(t.status, 0, t.stderr);
    tokens[name] = t.stdout.trim();
    ids[name] = Number(rows(`SELECT id FROM account WHERE name = '${name}'`)[0].id);
  }
  srv = await startServer({ db: db.url, args: ['--uploads', uploads] });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0);
});

test('a macro part is refused whatever the case of its name', async () => {
  const before = count('upload');
  for (const part of ['xl/VbaProject.bin', 'XL/VBAPROJECT.BIN', 'xl/vbaProjectSignature.bin',
    'xl/macrosheets/sheet1.xml', 'word/vbaData.xml']) {
    const book = zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>'], [part, 'x']]);
    const res = await upload('carol', book, 'budget.xlsm');
    assert.equal(res.status, 400, `${part}: ${res.text}`);
    assert.equal(res.json.error.field, 'file');
  }
  assert.equal(count('upload'), before, 'nothing stored');
  assert.deepEqual(storedFiles().filter((f) => f.startsWith('.tmp-')), [], 'no temporary file left');
});

test('a file is served under the extension of its kind', async () => {
  const book = zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]);
  for (const [bytes, sent, served] of [
    [book, 'budget.xlsm', 'budget.xlsx'],
    [PNG, 'photo.pdf', 'photo.png'],
    [PNG, 'page.html', 'page.png'],
    [JPEG, 'scan.JPEG', 'scan.JPEG'],
    [JPEG, 'scan', 'scan.jpg'],
    [pdf(100), '营业执照.PDF', '营业执照.PDF'],
    [pdf(100), '.bashrc', '.bashrc.pdf'],
  ]) {
    const res = await upload('carol', bytes, sent);
    assert.equal(res.status, 201, `${sent}: ${res.text}`);
    assert.equal(res.json.original_name, sent, 'the name as sent is kept on record');
    assert.equal(res.json.file_name, served);
    const got = await fetch(`${srv.url}/api/v1/uploads/${res.json.id}/content`, { headers: bearer('carol') });
    assert.equal(got.status, 200);
    assert.match(got.headers.get('content-disposition'), new RegExp(`filename\\*=UTF-8''${encodeURIComponent(served).replace(/[.*]/g, '\\$&')}$`));
  }
});

test('images are read to their end: a picture with more behind it is refused', async () => {
  const before = count('upload');
  for (const [bytes, why] of [
    [Buffer.concat([PNG, Buffer.from('<html><script>alert(1)</script>')]), 'HTML after IEND'],
    [PNG.subarray(0, PNG.length - 12), 'no IEND'],
    [Buffer.concat([JPEG, Buffer.from('<?php system([1]); ?>')]), 'PHP after EOI'],
    [JPEG.subarray(0, 200), 'cut short'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...Buffer.from('JFIF<html>')]), 'only the first bytes'],
  ]) {
    const res = await upload('carol', bytes, 'picture.jpg');
    assert.equal(res.status, 400, `${why}: ${res.text}`);
    assert.equal(res.json.error.field, 'file');
  }
  assert.equal(count('upload'), before);
  const ok = await upload('carol', JPEG, 'picture.jpg');
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.kind, 'jpeg');
});

test('an account\'s uploads have a quota: 413 with the numbers, nothing stored past it, also at once', async () => {
  await putSetting('upload.quota_bytes', 1048576);
  try {
    const used = () => Number(rows(`SELECT bytes FROM upload_usage WHERE owner_id = ${ids.dave}`)[0]?.bytes ?? 0);
    const files = storedFiles().length;
    let res = await upload('dave', pdf(600000), 'a.pdf');
    assert.equal(res.status, 201, res.text);
    assert.equal(used(), 600000);
    res = await upload('dave', pdf(500000), 'b.pdf');
    assert.equal(res.status, 413, res.text);
    assert.equal(res.json.error.code, 'too_large');
    assert.equal(res.json.error.field, 'file');
    assert.match(res.json.error.message, /600000 bytes.*500000 bytes.*1048576 bytes/);
    assert.equal(used(), 600000, 'nothing counted');
    assert.equal(count(`upload WHERE owner_id = ${ids.dave}`), 1, 'nothing stored');
    assert.equal(storedFiles().length, files + 1, 'no file left behind');
    // A file alone over the quota.
    await putSetting('upload.quota_bytes', 2097152);
    res = await upload('carol', pdf(2200000), 'big.pdf');
    assert.equal(res.status, 413);
    assert.match(res.json.error.message, /2200000 bytes.*2097152 bytes/);
    // Ten at once, 300 000 bytes each, with 1 497 152 bytes left: four pass.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => upload('dave', pdf(300000), `p${i}.pdf`)));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 201, 413, 413, 413, 413, 413, 413]);
    assert.equal(used(), 1800000);
    assert.equal(Number(rows(`SELECT SUM(size) AS s FROM upload WHERE owner_id = ${ids.dave}`)[0].s), 1800000);
    // Another account has its own quota.
    res = await upload('carol', pdf(300000), 'mine.pdf');
    assert.equal(res.status, 201);
  } finally {
    await putSetting('upload.quota_bytes', 209715200);
  }
});
