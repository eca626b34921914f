// Every page is valid HTML: the W3C Nu checker (vnu.jar, from npm, run on
// the machine's Java) reads each page as an admin sees it, plus the pages
// an anonymous visitor sees, and must report no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli } from '../lib/server.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, auth, dir;

before(async () => {
  db = freshDatabase();
  let res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  const post = (p, body) => fetch(srv.url + p, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((r) => r.json());
  const org = await post('/api/v1/orgs', { kind: 'startup', name: '吉林龙航科技服务有限公司', address: '九台区' });
  const person = await post('/api/v1/people', { name: '吴琼', mobile: '13800001234' });
  await post('/api/v1/affiliations', { person_id: person.id, org_id: org.id, role: 'founder', since: '2016-03-15' });
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-html-'));
});

after(async () => {
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const signedIn = [
  '/', '/orgs', '/orgs?q=%E4%B9%9D%E5%8F%B0', '/orgs/new', '/orgs/1', '/orgs/1/edit', '/orgs/import',
  '/people', '/people/1', '/people/1/edit', '/me', '/me/tokens', '/me/sessions',
  '/admin/users', '/admin/users/new', '/admin/users/1', '/admin/sessions', '/admin/settings',
  '/admin/audit', '/admin/logins', '/notifications', '/admin/notifications', '/admin/jobs',
  '/admin/permissions',
  '/no-such-page',
];
const anonymous = ['/', '/login', '/verify', '/verify?code=0000'];

function vnu(files) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files],
      { maxBuffer: 1 << 24 }, (err, stdout) => {
        // vnu exits 1 when it finds errors; its report is what we want.
        try { resolve(JSON.parse(stdout)); } catch { reject(err || new Error(stdout)); }
      });
  });
}

test('every page is valid HTML (W3C Nu checker)', async () => {
  const files = [];
  for (const [list, headers] of [[signedIn, auth], [anonymous, {}]]) {
    for (const p of list) {
      const res = await fetch(srv.url + p, { headers: { ...headers, accept: 'text/html' } });
      assert.match(res.headers.get('content-type'), /^text\/html/, p);
      const file = path.join(dir, `${files.length}.html`);
      writeFileSync(file, await res.text());
      files.push({ file, page: `${p}${headers === auth ? '' : ' (signed out)'}` });
    }
  }
  const report = await vnu(files.map((f) => f.file));
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => {
      const f = files.find((x) => m.url && path.basename(m.url) === path.basename(x.file));
      return `${f ? f.page : m.url}:${m.lastLine}: ${m.message}`;
    });
  assert.deepEqual(errors, []);
});
