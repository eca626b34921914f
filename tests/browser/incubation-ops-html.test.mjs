// The pages of the incubator's space and reports are valid HTML (the W3C
// Nu checker, as html-valid.test.mjs does for the platform's), on the
// demo park: as an admin sees them, and as a startup's account sees its
// own leases, reports and area chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, freshDatabase, runCli, dbRows, loadDemo } from '../lib/server.mjs';

const vnuJar = createRequire(import.meta.url)('vnu-jar');
let db, srv, auth, startupAuth, dir, drone, reportId;

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'admin', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'admin', '--db', db.url]);
  auth = { authorization: 'Bearer ' + res.stdout.trim() };
  drone = dbRows(db.url, `SELECT id FROM org WHERE name = '吉林龙航科技服务有限公司'`)[0].id;
  reportId = dbRows(db.url, `SELECT id FROM inc_report WHERE org_id = ${drone} ORDER BY id DESC LIMIT 1`)[0].id;
  res = await runCli(['user', 'add', 'longhang', '--role', 'enterprise', '--org', String(drone), '--db', db.url],
    { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'longhang', '--db', db.url]);
  startupAuth = { authorization: 'Bearer ' + res.stdout.trim() };
  srv = await startServer({ db: db.url });
  dir = mkdtempSync(path.join(tmpdir(), 'jianggu-inc-ops-html-'));
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

test('the pages of space and reports are valid HTML (W3C Nu checker)', async () => {
  const signedIn = ['/incubation/buildings', '/incubation/buildings/1', '/incubation/buildings/new',
    '/incubation/buildings/1/edit', '/incubation/floors', '/incubation/floors/1', '/incubation/units',
    '/incubation/units/1', '/incubation/leases', '/incubation/leases?unit_id=1&archived=1', '/incubation/leases/1', '/incubation/leases/new',
    '/incubation/occupancy?on=2019-11-18', `/incubation/startups/${drone}/area`, '/incubation/report-templates',
    '/incubation/report-templates/1', '/incubation/report-periods', '/incubation/report-periods/9',
    '/incubation/reports', '/incubation/reports?status=submitted', `/incubation/reports/${reportId}`,
    '/incubation/reports/new', '/incubation/reports/new?period_id=9', '/incubation/reports/1/edit'];
  const startup = ['/', '/incubation/leases', '/incubation/leases?org_id=1', '/incubation/reports', `/incubation/reports/${reportId}`,
    `/incubation/startups/${drone}/area`, '/incubation/reports/new?period_id=9'];
  const files = [];
  for (const [list, headers] of [[signedIn, auth], [startup, startupAuth]]) {
    for (const p of list) {
      const res = await fetch(srv.url + p, { headers: { ...headers, accept: 'text/html' } });
      assert.equal(res.status, 200, p);
      const file = path.join(dir, `${files.length}.html`);
      writeFileSync(file, await res.text());
      files.push({ file, page: `${p}${headers === auth ? '' : ' (startup)'}` });
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
