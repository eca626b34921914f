// The incubator's pages are valid HTML (the W3C Nu checker, as
// html-valid.test.mjs does for the platform's), on the demo park as an
// admin sees them, and the public application form as anyone sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli, dbRows, loadDemo } from '../lib/server.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, auth, dir, org;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  org = dbRows(db.url, 'SELECT org_id FROM incubation ORDER BY admitted_on DESC LIMIT 1')[0].org_id;
  srv = await startServer({ db: db.url });
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-inc-html-'));
});

after(async () => {
  await srv?.stop();
  db?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function vnu(files) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files],
      { maxBuffer: 1 << 24 }, (err, stdout) => {
        try { resolve(JSON.parse(stdout)); } catch { reject(err || new Error(stdout)); }
      });
  });
}

test('the incubator\'s pages are valid HTML (W3C Nu checker)', async () => {
  const signedIn = ['/', '/dashboard', '/incubation?as_of=2019-11-18', '/incubation/startups?as_of=2019-11-18',
    '/incubation/startups?state=graduated', '/incubation/attention?as_of=2019-11-18', `/incubation/startups/${org}`, '/incubation/experts',
    '/incubation/experts/1', '/incubation/experts/new', '/incubation/experts/1/edit',
    '/incubation/assignments', '/incubation/sessions', '/incubation/projects', '/incubation/projects/1',
    '/incubation/milestones', '/incubation/investments', '/incubation/investments/totals?by=investor',
    '/incubation/investments/totals?by=target', '/incubation/applications',
    '/incubation/applications/1', '/incubation/review', '/incubation/review/1', '/apply'];
  const files = [];
  for (const [list, headers] of [[signedIn, auth], [['/apply'], {}]]) {
    for (const p of list) {
      const res = await fetch(srv.url + p, { headers: { ...headers, accept: 'text/html' } });
      assert.equal(res.status, 200, p);
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
