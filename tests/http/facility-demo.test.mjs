// The demo park's shared facilities: as of 2019-11-18, 22 partner
// universities and colleges share the training facilities because the
// records say so (an agreement in force, a booking that took place in the
// 12 months before); cancel one partner's bookings of those months and the
// figure is 21. The training figures are the article's still.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, loadDemo } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, auth;
const rows = (sql) => dbRows(db.url, sql);

before(async () => {
  db = freshDatabase();
  let res = await loadDemo(db);
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'add', 'staff', '--role', 'admin', '--db', db.url], { input: 'Jianggu2019\n' });
  assert.equal(res.status, 0, res.stderr);
  res = await runCli(['user', 'token', 'staff', '--db', db.url]);
  auth = { headers: { authorization: 'Bearer ' + res.stdout.trim() } };
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  await srv?.stop();
  db?.dispose();
});

test('the demo\'s resources belong to the five centres and their co-builders', async () => {
  const res = await api.request('GET', '/api/v1/facility/resources?limit=200', auth);
  assert.equal(res.status, 200, res.text);
  // Twelve catalogued with their co-builders, and the centres' ten
  // training rooms (a classroom and a workshop each), which training books.
  assert.equal(res.json.total, 22);
  const rooms = new Set(rows('SELECT resource_id FROM training_room').map((r) => Number(r.resource_id)));
  assert.equal(rooms.size, 10);
  const catalogued = res.json.items.filter((r) => !rooms.has(r.id));
  assert.equal(catalogued.length, 12);
  assert.ok(catalogued.every((r) => r.centre_id && r.owner_org_id), 'every resource has its centre and co-builder');
  assert.ok(res.json.items.every((r) => r.centre_id), 'every resource has its centre');
  const centres = new Set(res.json.items.map((r) => r.centre_id));
  assert.equal(centres.size, 5);
  const agreements = rows(`SELECT min(signed_on) AS first, max(signed_on) AS last, count(*) AS n FROM facility_agreement`)[0];
  assert.deepEqual([agreements.first, agreements.last, Number(agreements.n)], ['2016-03-01', '2019-09-01', 22]);
  // Open on weekdays, 08:00-12:30 and 14:00-18:00, each of them.
  const hours = rows(`SELECT COUNT(*) AS n, COUNT(DISTINCT resource_id) AS r FROM facility_hours`)[0];
  assert.deepEqual([Number(hours.n), Number(hours.r)], [22 * 10, 22]);
  // The 2019 calendar of the State Council: 22 holidays, 6 make-up days.
  const days = rows(`SELECT kind, COUNT(*) AS n FROM facility_day GROUP BY kind ORDER BY kind`);
  assert.deepEqual(days.map((d) => [d.kind, Number(d.n)]), [['holiday', 22], ['workday', 6]]);
  assert.deepEqual(rows(`SELECT name, as_weekday FROM facility_day WHERE on_date = '2019-10-12'`).map((d) => [d.name, Number(d.as_weekday)]),
    [['国庆节调休上班', 1]]);
  // No partner booked a holiday.
  assert.equal(Number(rows(`SELECT COUNT(*) AS n FROM facility_booking b JOIN facility_day d ON d.on_date = b.on_date
    AND d.kind = 'holiday'`)[0].n), 0);
});

test('as of 2019-11-18, 22 partners share the facilities; with one partner\'s year cancelled, 21', async () => {
  let f = await api.request('GET', '/api/v1/facility/figures?as_of=2019-11-18', auth);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.partners, 22);
  assert.equal(f.json.partner_minutes, f.json.partner_list.reduce((n, p) => n + p.minutes, 0));
  assert.ok(f.json.partner_minutes > 0);
  const one = f.json.partner_list[0].id;
  const ids = rows(`SELECT id FROM facility_booking WHERE org_id = ${one} AND held_by_id IS NULL AND status = 'confirmed' AND on_date > '2018-11-18' AND on_date <= '2019-11-18'`).map((b) => b.id);
  assert.ok(ids.length > 0);
  for (const id of ids) {
    const res = await api.request('POST', `/api/v1/facility/bookings/${id}/cancel`, auth);
    assert.equal(res.status, 200, res.text);
  }
  f = await api.request('GET', '/api/v1/facility/figures?as_of=2019-11-18', auth);
  assert.equal(f.json.partners, 21);
  assert.ok(!f.json.partner_list.some((p) => p.id === one));
  // A year earlier, only those whose agreements were in force and used count.
  const earlier = await api.request('GET', '/api/v1/facility/figures?as_of=2018-11-18', auth);
  assert.ok(earlier.json.partners > 0 && earlier.json.partners < 22, String(earlier.json.partners));
});

test('the training figures are the article\'s still', async () => {
  const res = await api.request('GET', '/api/v1/training/figures?as_of=2019-11-18', auth);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual([res.json.trained_for_firms.people, res.json.trained_for_firms.firms, res.json.enterprise_practice.people,
    res.json.college_intake.people, res.json.senior_technicians.firms], [1500, 20, 1800, 900, 53]);
});
