// The platform services over HTTP and the command line: notifications to an
// account and to a role with unread counts and read marks; uploads judged by
// content, size-limited, stored outside the web root and read only with
// permission; scheduled jobs with their run log, their lock and the purge
// they ship; the job timer; `jianggu jobs`. Every JSON answer is checked
// against web/api/openapi.json; the database and the uploads directory are
// read directly where the claim is about what is stored.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

const PASSWORD = 'Secret-pass-1';

let db, srv, api, dir, uploads;
const ids = {};
const tokens = {};

// ---- the database, read and (for back-dating) written directly ----------

const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;
const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);

// Change rows behind the server's back: only to make records old.
function dbExec(sql) {
  if (db.url.startsWith('postgres'))
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c', sql]);
  else
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', db.url, sql]);
}

// The files in the uploads directory (none while it does not exist).
const storedFiles = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);

// ---- HTTP helpers ---------------------------------------------------------

const bearer = (name) => ({ authorization: `Bearer ${tokens[name]}` });

async function call(method, pathname, name, body) {
  return api.request(method, pathname, { body, headers: name ? bearer(name) : {} });
}

async function createUser(name, roles, orgId) {
  const body = { name, password: PASSWORD, roles };
  if (orgId) body.org_id = orgId;
  const res = await call('POST', '/api/v1/users', 'root', body);
  assert.equal(res.status, 201, res.text);
  ids[name] = res.json.id;
  const t = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(t.status, 0, t.stderr);
  tokens[name] = t.stdout.trim();
}

// POST /api/v1/uploads as `name` with one file part.
async function upload(name, bytes, filename, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  return api.request('POST', '/api/v1/uploads', { raw: form, headers: bearer(name) });
}

async function putSetting(key, value) {
  const res = await call('PUT', `/api/v1/settings/${key}`, 'root', { value });
  assert.equal(res.status, 200, res.text);
}

async function unread(name) {
  const res = await call('GET', '/api/v1/notifications/unread-count', name);
  assert.equal(res.status, 200, res.text);
  return res.json.unread;
}

// ---- files ------------------------------------------------------------------

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD' +
  'hgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

// A ZIP of stored entries (APPNOTE 4.3), enough to be an Office package.
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

// ---- the server ------------------------------------------------------------

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-platform-'));
  uploads = path.join(dir, 'files', 'uploads');
  db = freshDatabase();
  const made = await runCli(['user', 'add', 'root', '--role', 'admin', '--db', db.url],
    { input: 'Root-pass-2026\n' });
  assert.equal(made.status, 0, made.stderr);
  const t = await runCli(['user', 'token', 'root', '--db', db.url]);
  tokens.root = t.stdout.trim();
  srv = await startServer({ db: db.url, args: ['--uploads', uploads, '--job-tick', '0'] });
  api = await apiClient(srv.url);
  ids.root = rows("SELECT id FROM account WHERE name = 'root'")[0].id;
  await createUser('alice', ['enterprise'], 7);
  await createUser('bob', ['enterprise'], 7);
  await createUser('carol', ['enterprise'], 8);
  await createUser('dave', ['trainee']);
});

after(async () => {
  const r = await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
  assert.equal(r?.code, 0, 'the server exits 0');
});

// ---- notifications -----------------------------------------------------------

test('notifications to an account and to a role, with unread counts and read marks', async () => {
  let res = await call('POST', '/api/v1/notifications', 'root',
    { account_id: ids.alice, title: '入孵协议待签', body: '请于 30 日内签订。', link: '/me' });
  assert.equal(res.status, 201, res.text);
  const toAlice = res.json.id;
  assert.deepEqual({ ...res.json, id: 0 }, {
    id: 0, account_id: ids.alice, role: null, org_id: null, title: '入孵协议待签', body: '请于 30 日内签订。', link: '/me',
  });
  res = await call('POST', '/api/v1/notifications', 'root', { role: 'enterprise', title: '园区停电通知' });
  assert.equal(res.status, 201, res.text);
  const toRole = res.json.id;

  // Stored as sent, each with its audit row.
  const stored = rows(`SELECT id, account_id, role, title, link FROM notification ORDER BY id`);
  assert.deepEqual(stored.map((n) => [n.account_id, n.role, n.title, n.link]), [
    [ids.alice, null, '入孵协议待签', '/me'], [null, 'enterprise', '园区停电通知', null]]);
  assert.equal(count(`audit_log WHERE entity = 'notification' AND action = 'create' AND actor_name = 'root'`), 2);

  // Who sees what: alice both, bob and carol the role's, dave none.
  assert.equal(await unread('alice'), 2);
  assert.equal(await unread('bob'), 1);
  assert.equal(await unread('carol'), 1);
  assert.equal(await unread('dave'), 0);
  res = await call('GET', '/api/v1/notifications', 'alice');
  assert.equal(res.status, 200);
  assert.equal(res.json.total, 2);
  assert.deepEqual(res.json.items.map((n) => [n.id, n.read]), [[toRole, false], [toAlice, false]],
    'newest first, unread');
  res = await call('GET', '/api/v1/notifications', 'dave');
  assert.equal(res.json.total, 0);

  // Reading is per account: alice's mark leaves bob's count alone.
  res = await call('POST', `/api/v1/notifications/${toRole}/read`, 'alice');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.read, true);
  assert.ok(res.json.read_at);
  res = await call('POST', `/api/v1/notifications/${toRole}/read`, 'alice');
  assert.equal(res.status, 200, 'marking again is harmless');
  assert.equal(await unread('alice'), 1);
  assert.equal(await unread('bob'), 1);
  res = await call('GET', '/api/v1/notifications?unread=1', 'alice');
  assert.deepEqual(res.json.items.map((n) => n.id), [toAlice]);
  res = await call('POST', '/api/v1/notifications/read-all', 'bob');
  assert.equal(res.status, 200);
  assert.equal(res.json.marked, 1);
  res = await call('POST', '/api/v1/notifications/read-all', 'bob');
  assert.equal(res.json.marked, 0);
  assert.equal(await unread('bob'), 0);
  assert.equal(await unread('carol'), 1);
  assert.deepEqual(rows(`SELECT notification_id, account_id FROM notification_read ORDER BY account_id`)
    .map((r) => [r.notification_id, r.account_id]), [[toRole, ids.alice], [toRole, ids.bob]]);

  // Someone else's notification is not there for dave.
  res = await call('POST', `/api/v1/notifications/${toAlice}/read`, 'dave');
  assert.equal(res.status, 404);
});

test('sending notifications: admins only, bad input named and nothing stored', async () => {
  const before = count('notification');
  let res = await call('POST', '/api/v1/notifications', 'alice', { role: 'trainee', title: 'x' });
  assert.equal(res.status, 403);
  for (const [body, field] of [
    [{ account_id: ids.bob, title: '' }, 'title'],
    [{ account_id: ids.bob, title: 'x'.repeat(201) }, 'title'],
    [{ account_id: ids.bob, title: '通'.repeat(200), link: '//evil.example/' }, 'link'],
    [{ account_id: ids.bob, title: 'ok', link: 'https://evil.example/' }, 'link'],
    [{ title: 'to nobody' }, 'account_id'],
    [{ account_id: ids.bob, role: 'admin', title: 'both' }, 'role'],
    [{ role: 'janitor', title: 'x' }, 'role'],
    [{ account_id: 999999, title: 'x' }, 'account_id'],
    [{ org_id: 999999, title: 'x' }, 'org_id'],
    [{ org_id: 7, role: 'admin', title: 'both' }, 'role'],
    [{ org_id: -7, title: 'x' }, 'org_id'],
    [{ account_id: ids.bob, title: 'x', colour: 'red' }, 'colour'],
  ]) {
    res = await call('POST', '/api/v1/notifications', 'root', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.error.field, field, JSON.stringify(body));
  }
  assert.equal(count('notification'), before);
  // 200 Chinese characters is within the limit (characters, not bytes).
  res = await call('POST', '/api/v1/notifications', 'root', { account_id: ids.dave, title: '通'.repeat(200) });
  assert.equal(res.status, 201, res.text);
  assert.equal(await unread('dave'), 1);
});

test('a notice to an organisation reaches each account acting for it, and no other', async () => {
  const before = { alice: await unread('alice'), bob: await unread('bob'), carol: await unread('carol') };
  const res = await call('POST', '/api/v1/notifications', 'root', { org_id: 7, title: '企业年报请于月底前提交' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.org_id, 7);
  const sent = rows(`SELECT id, account_id, role FROM notification WHERE title = '企业年报请于月底前提交' ORDER BY account_id`);
  assert.deepEqual(sent.map((n) => [n.account_id, n.role]), [[ids.alice, null], [ids.bob, null]]);
  assert.equal(res.json.id, Math.min(...sent.map((n) => n.id)), 'the answer is the first notice');
  assert.equal(count(`audit_log WHERE entity = 'notification' AND action = 'create'
    AND entity_id IN (${sent.map((n) => n.id).join(',')})`), 2);
  assert.equal(await unread('alice'), before.alice + 1);
  assert.equal(await unread('bob'), before.bob + 1);
  assert.equal(await unread('carol'), before.carol, 'another organisation\'s account');
});

test('the portal shows the unread count in the top bar and lists notifications', async () => {
  const login = await api.request('POST', '/api/v1/sessions', { body: { name: 'carol', password: PASSWORD } });
  assert.equal(login.status, 201);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('jg_session=')).split(';')[0];
  let res = await fetch(srv.url + '/notifications', { headers: { cookie } });
  assert.equal(res.status, 200);
  let html = await res.text();
  assert.match(html, /class="link notify-link" href="\/notifications">通知 \(1\)<\/a>/);
  assert.match(html, /园区停电通知/);
  // Mark all read from the page (a form with its CSRF token).
  const csrf = login.json.csrf_token;
  res = await fetch(srv.url + '/notifications/read-all', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${encodeURIComponent(csrf)}`,
  });
  assert.equal(res.status, 303);
  res = await fetch(srv.url + '/notifications', { headers: { cookie } });
  html = await res.text();
  assert.match(html, /通知 \(0\)/);
  // Without the token the form is refused and nothing changes.
  res = await fetch(srv.url + '/admin/notifications', { headers: { cookie } });
  assert.equal(res.status, 403, 'the send page is for admins');
});

// ---- uploads ------------------------------------------------------------------

test('a PNG named .pdf is stored as image/png, outside the web root, audited, and round-trips', async () => {
  const res = await upload('alice', PNG, 'photo.pdf', 'application/pdf');
  assert.equal(res.status, 201, res.text);
  const u = res.json;
  assert.equal(u.content_type, 'image/png');
  assert.equal(u.kind, 'png');
  assert.equal(u.original_name, 'photo.pdf');
  assert.equal(u.size, PNG.length);
  assert.equal(u.sha256, sha256(PNG));
  assert.equal(u.owner_id, ids.alice);
  assert.equal(u.org_id, 7);
  ids.png = u.id;

  // The row, and the file under its random name with the same bytes.
  const [row] = rows(`SELECT stored_name, content_type, size, sha256 FROM upload WHERE id = ${u.id}`);
  assert.match(row.stored_name, /^[0-9a-f]{32}$/);
  assert.deepEqual(storedFiles(), [row.stored_name], 'one file, no temporary left');
  assert.deepEqual(readFileSync(path.join(uploads, row.stored_name)), PNG);
  assert.equal(count(`audit_log WHERE entity = 'upload' AND action = 'create' AND entity_id = ${u.id}
    AND actor_name = 'alice'`), 1);

  // The bytes come back to the owner as an attachment, never sniffed.
  const got = await fetch(`${srv.url}/api/v1/uploads/${u.id}/content`, { headers: bearer('alice') });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
  // Under the name of its kind, not the one it was sent with (issue 13).
  assert.equal(got.headers.get('content-disposition'),
    `attachment; filename="photo.png"; filename*=UTF-8''photo.png`);
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
});

test('a Chinese file name is kept and sent back in UTF-8', async () => {
  const res = await upload('alice', PDF, 'C:\\文件\\营业执照 2019.pdf', 'application/pdf');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.original_name, '营业执照 2019.pdf', 'the directory part is dropped');
  assert.equal(res.json.content_type, 'application/pdf');
  const got = await fetch(`${srv.url}/api/v1/uploads/${res.json.id}/content`, { headers: bearer('root') });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-disposition'), 'attachment; filename="____ 2019.pdf"; ' +
    "filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%202019.pdf");
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
});

test('Office files are judged by their ZIP directory', async () => {
  const xlsx = zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]);
  let res = await upload('bob', xlsx, '名单.bin');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.kind, 'xlsx');
  const docx = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<document/>']]);
  res = await upload('bob', docx, 'plan.xlsx');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.kind, 'docx', 'the name does not matter');
  const macro = zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>'],
    ['xl/vbaProject.bin', 'x']]);
  res = await upload('bob', macro, 'macro.xlsx');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  res = await upload('bob', zip([['notes.txt', 'hi']]), 'notes.docx');
  assert.equal(res.status, 400, 'a plain ZIP is not a document');
});

test('content that is not an allowed kind is refused whatever its name, and nothing is kept', async () => {
  const files = storedFiles();
  const uploadsBefore = count('upload');
  let res = await upload('alice', Buffer.from('just some text\n'), 'x.pdf', 'application/pdf');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'invalid');
  assert.equal(res.json.error.field, 'file');
  res = await upload('alice', Buffer.from('<html><script>alert(1)</script></html>'), 'x.png', 'image/png');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  // A kind the setting does not allow: a real PNG, refused.
  await putSetting('upload.allowed_types', 'pdf');
  res = await upload('alice', PNG, 'photo.png', 'image/png');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  assert.match(res.json.error.message, /png/);
  await putSetting('upload.allowed_types', 'pdf,png,jpeg,xlsx,docx');
  // An empty file, a form without the file, a body that is not a form.
  res = await upload('alice', Buffer.alloc(0), 'empty.pdf');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  const form = new FormData();
  form.append('name', 'no file here');
  res = await api.request('POST', '/api/v1/uploads', { raw: form, headers: bearer('alice') });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  res = await call('POST', '/api/v1/uploads', 'alice', { file: 'x' });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'file');
  assert.equal(count('upload'), uploadsBefore);
  assert.deepEqual(storedFiles(), files, 'no file, no temporary file');
});

test('an upload over the limit is 413 and leaves no row and no file', async () => {
  const files = storedFiles();
  const uploadsBefore = count('upload');
  const audits = count(`audit_log WHERE entity = 'upload'`);
  await putSetting('upload.max_bytes', 1024);
  const big = Buffer.concat([PDF, Buffer.alloc(2000, 0x20)]);
  let res = await upload('alice', big, 'big.pdf', 'application/pdf');
  assert.equal(res.status, 413);
  assert.equal(res.json.error.code, 'too_large');
  assert.equal(res.json.error.field, 'file');
  assert.equal(count('upload'), uploadsBefore);
  assert.equal(count(`audit_log WHERE entity = 'upload'`), audits);
  assert.deepEqual(storedFiles(), files);
  // Exactly at the limit is fine.
  res = await upload('alice', big.subarray(0, 1024), 'edge.pdf');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.size, 1024);
  await putSetting('upload.max_bytes', 10485760);
});

test('a file is read by its owner, its organisation and admins; others get 404', async () => {
  const id = ids.png;
  for (const who of ['alice', 'bob', 'root']) {
    const meta = await call('GET', `/api/v1/uploads/${id}`, who);
    assert.equal(meta.status, 200, who);
    assert.equal(meta.json.id, id);
    const got = await fetch(`${srv.url}/api/v1/uploads/${id}/content`, { headers: bearer(who) });
    assert.equal(got.status, 200, who);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG, who);
  }
  for (const who of ['carol', 'dave']) {
    let res = await call('GET', `/api/v1/uploads/${id}`, who);
    assert.equal(res.status, 404, who);
    res = await call('GET', `/api/v1/uploads/${id}/content`, who);
    assert.equal(res.status, 404, who);
    assert.equal(res.json.error.code, 'not_found');
    assert.doesNotMatch(res.text, /PNG/);
  }
  // The same answer as for an id that does not exist.
  let res = await call('GET', '/api/v1/uploads/987654/content', 'carol');
  assert.equal(res.status, 404);
  res = await api.request('GET', `/api/v1/uploads/${id}/content`);
  assert.equal(res.status, 401);
  // Files do not live under the web root: no static path serves them.
  const [row] = rows(`SELECT stored_name FROM upload WHERE id = ${id}`);
  res = await fetch(`${srv.url}/static/${row.stored_name}`);
  assert.equal(res.status, 404);
});

test('archiving an upload: the owner or an admin; audited; the file stays readable', async () => {
  const id = ids.png;
  let res = await call('DELETE', `/api/v1/uploads/${id}`, 'carol');
  assert.equal(res.status, 404);
  res = await call('DELETE', `/api/v1/uploads/${id}`, 'bob');
  assert.equal(res.status, 403, 'same organisation, not the owner');
  res = await call('DELETE', `/api/v1/uploads/${id}`, 'alice');
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.archived_at);
  assert.equal(rows(`SELECT archived_at FROM upload WHERE id = ${id}`)[0].archived_at, res.json.archived_at);
  assert.equal(count(`audit_log WHERE entity = 'upload' AND action = 'archive' AND entity_id = ${id}`), 1);
  res = await call('DELETE', `/api/v1/uploads/${id}`, 'root');
  assert.equal(res.status, 200, 'again: no change');
  assert.equal(count(`audit_log WHERE entity = 'upload' AND action = 'archive' AND entity_id = ${id}`), 1);
  const got = await fetch(`${srv.url}/api/v1/uploads/${id}/content`, { headers: bearer('alice') });
  assert.equal(got.status, 200);
});

// ---- scheduled jobs ---------------------------------------------------------------

test('running sessions.purge via the API records an ok run and purges what it should', async () => {
  // Sessions: one revoked long ago, one expired long ago, one alive.
  const signIn = async () => {
    const r = await api.request('POST', '/api/v1/sessions', { body: { name: 'dave', password: PASSWORD } });
    assert.equal(r.status, 201);
    return r.json.session_id;
  };
  const [revoked, expired, alive] = [await signIn(), await signIn(), await signIn()];
  const old = '2001-01-01T00:00:00Z';
  dbExec(`UPDATE session SET revoked_at = ${lit(old)} WHERE id = ${revoked}`);
  dbExec(`UPDATE session SET expires_at = ${lit(old)} WHERE id = ${expired}`);
  // A token revoked long ago, and one revoked just now (kept for 30 days).
  let res = await call('POST', '/api/v1/tokens', 'dave', { name: 'old' });
  const oldToken = res.json.id;
  res = await call('POST', '/api/v1/tokens', 'dave', { name: 'recent' });
  const recentToken = res.json.id;
  for (const t of [oldToken, recentToken])
    assert.equal((await call('DELETE', `/api/v1/tokens/${t}`, 'dave')).status, 200);
  dbExec(`UPDATE api_token SET revoked_at = ${lit(old)} WHERE id = ${oldToken}`);
  // Sign-in log rows: two made old, the rest recent.
  const logins = count('login_log');
  dbExec(`UPDATE login_log SET at = ${lit(old)} WHERE id IN
    (SELECT id FROM login_log ORDER BY id LIMIT 2)`);

  res = await call('POST', '/api/v1/jobs/sessions.purge/run', 'alice');
  assert.equal(res.status, 403, 'admins only');
  res = await call('POST', '/api/v1/jobs/no.such/run', 'root');
  assert.equal(res.status, 404);

  res = await call('POST', '/api/v1/jobs/sessions.purge/run', 'root');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.job, 'sessions.purge');
  assert.equal(res.json.status, 'ok');
  assert.match(res.json.message, /deleted 2 sessions, 1 API tokens and 2 sign-in log rows/);
  const runId = res.json.id;

  const [run] = rows(`SELECT job, status, finished_at, message FROM job_run WHERE id = ${runId}`);
  assert.equal(run.status, 'ok');
  assert.ok(run.finished_at);
  assert.equal(count(`session WHERE id IN (${revoked}, ${expired})`), 0);
  assert.equal(count(`session WHERE id = ${alive}`), 1);
  assert.equal(count(`api_token WHERE id = ${oldToken}`), 0);
  assert.equal(count(`api_token WHERE id = ${recentToken}`), 1);
  assert.equal(count('login_log'), logins - 2);
  assert.equal(count(`audit_log WHERE entity = 'job' AND action = 'run' AND entity_id = ${runId}
    AND actor_name = 'root'`), 1);

  res = await call('GET', '/api/v1/jobs', 'root');
  assert.equal(res.status, 200);
  const job = res.json.items.find((j) => j.name === 'sessions.purge');
  assert.equal(job.last_run.id, runId);
  assert.equal(job.interval_seconds, 86400);
  res = await call('GET', '/api/v1/jobs/sessions.purge/runs', 'root');
  assert.equal(res.status, 200);
  assert.equal(res.json.items[0].id, runId);
  assert.equal((await call('GET', '/api/v1/jobs', 'bob')).status, 403);
});

test('one run at a time: a running claim blocks a second run until it goes stale', async () => {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  dbExec(`INSERT INTO job_run (job, started_at, status) VALUES ('sessions.purge', ${lit(now)}, 'running')`);
  const [claim] = rows(`SELECT id FROM job_run WHERE status = 'running'`);
  const runs = count('job_run');
  let res = await call('POST', '/api/v1/jobs/sessions.purge/run', 'root');
  assert.equal(res.status, 409);
  assert.equal(res.json.error.code, 'conflict');
  assert.equal(count('job_run'), runs, 'the refused run left no row');
  // The same claim, started long ago: its server died; the next run goes.
  dbExec(`UPDATE job_run SET started_at = '2001-01-01T00:00:00Z' WHERE id = ${claim.id}`);
  res = await call('POST', '/api/v1/jobs/sessions.purge/run', 'root');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'ok');
  const [dead] = rows(`SELECT status, message FROM job_run WHERE id = ${claim.id}`);
  assert.equal(dead.status, 'failed');
  assert.match(dead.message, /abandoned/);
});

test('the jobs page lists the jobs and runs one', async () => {
  const login = await api.request('POST', '/api/v1/sessions', { body: { name: 'root', password: 'Root-pass-2026' } });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('jg_session=')).split(';')[0];
  let res = await fetch(srv.url + '/admin/jobs', { headers: { cookie } });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<h1>定时任务<\/h1>/);
  assert.match(html, /sessions\.purge/);
  assert.match(html, /href="\/admin\/jobs"/, 'the menu links it');
  const runs = count(`job_run WHERE status = 'ok'`);
  // Running a job now asks first (an irreversible step) and runs nothing.
  res = await fetch(srv.url + '/admin/jobs/sessions.purge/run', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${encodeURIComponent(login.json.csrf_token)}`,
  });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /data-confirm-page/);
  assert.equal(count(`job_run WHERE status = 'ok'`), runs);
  res = await fetch(srv.url + '/admin/jobs/sessions.purge/run', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${encodeURIComponent(login.json.csrf_token)}&confirm=1`,
  });
  assert.equal(res.status, 303);
  assert.equal(count(`job_run WHERE status = 'ok'`), runs + 1);
  // The admin's send form sends to a role.
  res = await fetch(srv.url + '/admin/notifications', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: login.json.csrf_token, to: 'role', role: 'trainee',
      title: '实训安排已发布', body: '', link: '/me' }).toString(),
  });
  assert.equal(res.status, 303);
  assert.equal(count(`notification WHERE role = 'trainee' AND title = '实训安排已发布'`), 1);
  res = await fetch(srv.url + '/admin/notifications', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: login.json.csrf_token, to: 'account', account_id: '',
      title: 'x' }).toString(),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="f-account_id-error">用户编号须为正整数/);
});

test('jianggu jobs run sessions.purge works from the command line', async () => {
  const runs = count(`job_run WHERE job = 'sessions.purge' AND status = 'ok'`);
  let res = await runCli(['jobs', 'run', 'sessions.purge', '--db', db.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^sessions\.purge: ok \(run \d+\): deleted \d+ sessions/);
  assert.equal(count(`job_run WHERE job = 'sessions.purge' AND status = 'ok'`), runs + 1);
  assert.equal(count(`audit_log WHERE entity = 'job' AND actor_name = 'system'`), 1);
  // Without a name: only what is due, and it ran just now.
  res = await runCli(['jobs', 'run', '--db', db.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /sessions\.purge: not due/);
  res = await runCli(['jobs', 'list', '--db', db.url]);
  assert.equal(res.status, 0);
  assert.match(res.stdout, /^sessions\.purge\s+86400s\s+\S+Z\s+ok\s/m);
  res = await runCli(['jobs', 'run', 'no.such', '--db', db.url]);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /no job named 'no.such'/);
});

test('the server\'s timer runs a due job by itself', async () => {
  const own = freshDatabase();
  const timed = await startServer({ db: own.url, args: ['--job-tick', '1',
    '--uploads', path.join(dir, 'timer-uploads')] });
  try {
    let found = [];
    for (let i = 0; i < 100 && !found.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      found = dbRows(own.url, `SELECT status FROM job_run WHERE job = 'sessions.purge' AND status <> 'running'`);
    }
    assert.deepEqual(found, [{ status: 'ok' }]);
    // Other jobs are due at start too (incubation.report_reminders); this
    // one's run is audited once.
    assert.equal(Number(dbRows(own.url, `SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'job'
      AND actor_name = 'system' AND entity_id IN (SELECT id FROM job_run
      WHERE job = 'sessions.purge')`)[0].n), 1);
  } finally {
    const { code } = await timed.stop();
    own.dispose();
    assert.equal(code, 0, 'the timer stops with the server');
  }
});
