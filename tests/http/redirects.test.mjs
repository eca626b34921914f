// Redirect targets taken from input never leave the site: signing in with
// `next`, and the language switch, send a browser only to a local path,
// whatever tricks the target plays (a tab a browser drops, leaving
// "//evil.example"; backslashes; percent-encoding, once or twice). The
// signed-out login form keeps a good `next` URL-encoded in its action, so
// a target with its own query survives the round trip whole.
// Runs on SQLite and on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase } from '../lib/server.mjs';

const NAME = 'redirect1';
const PASSWORD = 'Redirect-pass-1';
let db, srv;

// The targets an attacker would try, as they appear in the query string.
const EVIL = [
  '/%09/evil.example', '/%2509/evil.example', '%2F%2Fevil.example',
  '/%5Cevil.example', '/%0D%0ALocation:%20//evil.example', '%5C%5Cevil.example',
  'https://evil.example/', '/%2F/evil.example', '/%252F/evil.example',
];

// Where a browser goes for a Location header: it drops tabs and newlines
// and reads a backslash as a slash (the URL standard), then resolves.
function hostOf(location) {
  const cleaned = location.replace(/[\t\n\r]/g, '').replaceAll('\\', '/');
  return new URL(cleaned, 'http://jianggu.test/').host;
}

// A signed-out browser's visit to the login page: its CSRF cookie and token.
async function loginPage(query) {
  const res = await fetch(srv.url + '/login' + query, { redirect: 'manual' });
  assert.equal(res.status, 200);
  const html = await res.text();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jg_csrf='))?.split(';')[0];
  assert.ok(cookie, 'a signed-out browser gets a CSRF cookie');
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const action = html.match(/<form method="post" action="([^"]*)" class="form">/)[1];
  return { html, cookie, csrf, action };
}

async function postForm(path, cookie, fields) {
  return fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

before(async () => {
  db = freshDatabase();
  const add = await runCli(['user', 'add', NAME, '--role', 'trainee', '--db', db.url], { input: PASSWORD + '\n' });
  assert.equal(add.status, 0, add.stderr);
  srv = await startServer({ db: db.url });
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

test('signing in with a hostile next lands on this site', async () => {
  for (const next of EVIL) {
    const page = await loginPage(`?next=${next}`);
    // Posted where an attacker's link says, and where the form says.
    for (const to of [`/login?next=${next}`, page.action]) {
      const res = await postForm(to, page.cookie, { csrf: page.csrf, name: NAME, password: PASSWORD });
      assert.equal(res.status, 303, `sign-in posted to ${to}`);
      const location = res.headers.get('location');
      assert.equal(hostOf(location), 'jianggu.test', `posted to ${to}: Location ${JSON.stringify(location)}`);
      assert.equal(location, '/', `posted to ${to}`);
    }
    // The form never carries the hostile target along, raw or otherwise.
    assert.equal(page.action, '/login', `the form's action for next=${next}`);
  }
});

test('a good next is URL-encoded in the login form and comes back whole', async () => {
  const next = '/training/mine?tab=hours&x="q"';
  const page = await loginPage(`?next=${encodeURIComponent(next)}`);
  assert.equal(page.action, '/login?next=%2Ftraining%2Fmine%3Ftab%3Dhours%26x%3D%22q%22');
  // A wrong password shows the form again, still with next encoded.
  let res = await postForm(page.action, page.cookie, { csrf: page.csrf, name: NAME, password: 'wrong-pass-1' });
  assert.equal(res.status, 401);
  const again = (await res.text()).match(/<form method="post" action="([^"]*)" class="form">/)[1];
  assert.equal(again, page.action);
  res = await postForm(page.action, page.cookie, { csrf: page.csrf, name: NAME, password: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), next);
});

test('a private page sends a signed-out browser to sign in with next encoded', async () => {
  const res = await fetch(srv.url + '/me', { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=%2Fme');
});

test('the language switch goes back only to a local path', async () => {
  const page = await loginPage('');
  for (const next of EVIL.map(decodeURIComponent).concat(['//evil.example', '/\\evil.example', '/\t/evil.example'])) {
    const res = await postForm('/lang', page.cookie, { csrf: page.csrf, lang: 'en', next });
    assert.equal(res.status, 303, `next=${JSON.stringify(next)}`);
    assert.equal(res.headers.get('location'), '/', `next=${JSON.stringify(next)}`);
  }
  const res = await postForm('/lang', page.cookie, { csrf: page.csrf, lang: 'en', next: '/training/mine?tab=1' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/training/mine?tab=1');
});
