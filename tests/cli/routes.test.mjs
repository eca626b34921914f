// `jianggu routes`: the permission matrix as the binary has it, read from
// the route tables and the permission table with no database: the text
// table, --json (what the OpenAPI document's x-roles are), --matrix (the
// table docs/OPERATIONS.md carries, checked here to be the binary's), the
// labels /admin/permissions shows for each action, and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalog } from '../lib/merge.mjs';
import { ROOT, runCli } from '../lib/server.mjs';

const ROLES = ['admin', 'enterprise', 'college', 'teacher', 'trainee', 'expert', 'applicant', 'viewer'];

test('routes --json: every route with its methods, pattern, flags and the roles it admits', async () => {
  const res = await runCli(['routes', '--json']);
  // Exit 1 names the routes that declare nothing (on stderr).
  assert.ok(res.status === 0 || res.status === 1, res.stderr);
  const routes = JSON.parse(res.stdout);
  const undeclared = routes.filter((r) => r.roles.gate === 'none');
  assert.equal(res.status, undeclared.length ? 1 : 0);
  for (const r of undeclared)
    assert.ok(res.stderr.includes(`${r.methods.join(',')} ${r.pattern} declares no permission`), r.pattern);
  const find = (method, pattern) => routes.find((r) => r.pattern === pattern && r.methods.includes(method));

  // A permission: its roles, admin always, from the table in perm.c.
  assert.deepEqual(find('GET', '/api/v1/users'), {
    methods: ['GET'], pattern: '/api/v1/users', flags: [], irreversible: false, permission: 'account_read',
    roles: { gate: 'permission', permission: 'account_read', anonymous: false, all: ['admin'], own_org: [], own: [] },
  });
  assert.deepEqual(find('GET', '/api/v1/uploads/:id').roles.own_org, ROLES.slice(1));
  assert.deepEqual(find('GET', '/api/v1/orgs').roles.all, ROLES);
  // On their own records only: a trainee's certificates, no firm's.
  assert.deepEqual(find('GET', '/api/v1/training/certificates').roles,
    { gate: 'permission', permission: 'cert_read', anonymous: false, all: ['admin'], own_org: [], own: ['trainee'] });
  // The flags: public (anonymous too) and signed in, every role.
  const login = find('GET', '/login');
  assert.deepEqual(login.flags, ['page', 'public']);
  assert.deepEqual(login.roles, { gate: 'public', permission: null, anonymous: true, all: ROLES, own_org: [], own: [] });
  assert.deepEqual(find('GET', '/api/v1/me').roles,
    { gate: 'signed_in', permission: null, anonymous: false, all: ROLES, own_org: [], own: [] });
  assert.deepEqual(find('GET', '/admin/permissions').flags, ['page']);
  // An irreversible step says so (it asks first: tests/http/confirm.test.mjs).
  assert.equal(find('POST', '/incubation/review/:id/close').irreversible, true);
  // Every row, in the router's order; test routes are not among them.
  assert.ok(routes.length > 200);
  assert.ok(!routes.some((r) => r.pattern.startsWith('/api/v1/_test/')));
});

test('routes lists the same routes as a table; --matrix is the table of docs/OPERATIONS.md', async () => {
  const text = await runCli(['routes']);
  const json = JSON.parse((await runCli(['routes', '--json'])).stdout);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^METHODS\s+PATTERN\s+WHO/);
  assert.equal(lines.length - 1, json.length);
  assert.match(text.stdout, /^GET\s+\/api\/v1\/users\s+account_read\s+admin;/m);
  assert.match(text.stdout, /^POST\s+\/incubation\/review\/:id\/close\s+inc_write\s.* page irreversible$/m);

  const matrix = await runCli(['routes', '--matrix']);
  assert.match(matrix.stdout, /^\| action \| admin \| enterprise \| college \| teacher \| trainee \| expert \| applicant \| viewer \|$/m);
  assert.match(matrix.stdout, /^\| `inc_read` \| all \| own org \| — \| — \| — \| own \| — \| — \|$/m);
  const doc = readFileSync(path.join(ROOT, 'docs/OPERATIONS.md'), 'utf8');
  const m = doc.match(/<!-- matrix: jianggu routes --matrix -->\n([\s\S]*?)<!-- \/matrix -->/);
  assert.ok(m, 'docs/OPERATIONS.md carries the matrix between its markers');
  assert.equal(m[1], matrix.stdout,
    'docs/OPERATIONS.md has the matrix of the binary: paste `jianggu routes --matrix` between the markers');
});

test('every action of the matrix has a label in both catalogs, for /admin/permissions', async () => {
  const matrix = (await runCli(['routes', '--matrix'])).stdout;
  const actions = [...matrix.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.ok(actions.length > 30);
  for (const lang of ['zh-CN', 'en']) {
    const names = catalog(lang).perms.names;
    for (const a of actions) assert.ok(names[a], `${lang}: perms.names.${a}`);
    for (const gate of ['signed_in', 'public', 'none']) assert.ok(catalog(lang).perms[`gate_${gate}`]);
  }
});

test('routes refuses arguments it does not know with exit 2', async () => {
  for (const args of [['--bogus'], ['extra'], ['--json', '--matrix']]) {
    const res = await runCli(['routes', ...args]);
    assert.equal(res.status, 2, args.join(' '));
    assert.match(res.stderr, /usage: jianggu routes/);
  }
  const help = await runCli(['help', 'routes']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--matrix/);
});
