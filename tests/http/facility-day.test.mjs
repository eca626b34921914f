// The shared facilities' day over HTTP: check-in by the code shown at a
// resource (a wrong code counted in the shared check-in guard, five and
// then 429 even for the right one, every attempt logged), by staff, and
// check-out; a certificate that has grown too old between booking and the
// day refuses the check-in, naming it; the job facility.day releases a
// booking nobody checked in to within its grace period as a no-show and
// holds the seats for the first on the waiting list, and when that hold
// lapses, for the next, who takes it. Calendar feeds of a resource, an
// organisation and a person parse with ical.js (not libical, which wrote
// them), Chinese intact; a changed booking keeps its UID and raises its
// SEQUENCE, a cancelled one is CANCELLED; a revoked URL, and every URL of
// an account whose password was reset, answers 404. A month's statement
// charges a use by the minutes checked in (rounded up to the quarter, peak
// rate), a no-show and a late cancellation as the rate card says, and
// adds up to its total, in XLSX too; issued, it cannot be made again (409,
// nothing written) and the database refuses a change of its lines; a
// correction is a credit line of the next month. The billing pages: a rate
// card an issued statement charged by keeps its terms (form and API, 409
// naming the term), a new card from the form in yuan; the statements
// listed per organisation; a month's issued from a confirmed form, once.
// The waiting list's pages: joined from the week where one would book,
// the place, the hold and its end, taken; each step refused says why and
// writes nothing. The feeds' page: a feed's URL from site.public_base_url
// shown once, refusals in Chinese, revoked once confirmed.
// Utilisation counts a resource's opening hours, holidays, make-up days
// and maintenance.
// Every JSON answer is checked against the served OpenAPI document, and
// the database is read directly where the claim is about what was written.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';
import ICAL from 'ical.js';
import ExcelJS from 'exceljs';

let db, srv, api, adminToken, firmToken, welderToken, aToken, bToken;
let firm, orgA, orgB, welder, lathe, cell, hall;

const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const as = (token, body) => ({ headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) });
const B = '/api/v1/facility';

function assertError(res, status, code, field) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

async function create(path, body, token = adminToken) {
  const res = await api.request('POST', path, as(token, body));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function userWithToken(name, roles, org, person) {
  const args = ['user', 'add', name, '--db', db.url];
  for (const r of roles) args.push('--role', r);
  if (org) args.push('--org', String(org));
  if (person) args.push('--person', String(person));
  const add = await runCli(args, { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

// A UTC time `minutes` from now, on a whole minute.
const fromNow = (minutes) => {
  const t = new Date(Math.floor(Date.now() / 60000) * 60000 + minutes * 60000);
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

const post = (path, token, body = {}) => api.request('POST', path, as(token, body));
const runJob = async () => {
  const res = await post('/api/v1/jobs/facility.day/run', adminToken);
  assert.equal(res.status, 200, res.text);
  return res.json;
};
const booking = (id) => rows(`SELECT status, checked_in_at, checkin_by, checked_out_at, no_show_at, sequence FROM facility_booking WHERE id = ${id}`)[0];
const entry = (id) => rows(`SELECT status, booking_id, hold_until FROM facility_waitlist WHERE id = ${id}`)[0];

before(async () => {
  db = freshDatabase();
  adminToken = await userWithToken('root', ['admin']);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  firm = await create('/api/v1/orgs', { kind: 'enterprise', name: '哈工大机器人集团' });
  orgA = await create('/api/v1/orgs', { kind: 'enterprise', name: '吉林精工数控有限公司' });
  orgB = await create('/api/v1/orgs', { kind: 'enterprise', name: '长春智造科技有限公司' });
  welder = await create('/api/v1/people', { name: '龚师傅' });
  firmToken = await userWithToken('hrg', ['enterprise'], firm.id);
  welderToken = await userWithToken('gong', ['enterprise'], firm.id, welder.id);
  aToken = await userWithToken('jinggong', ['enterprise'], orgA.id);
  bToken = await userWithToken('zhizao', ['enterprise'], orgB.id);
  lathe = await create(`${B}/resources`, { name: '五轴数控加工中心', kind: 'machine', seats: 1 });
  cell = await create(`${B}/resources`, { name: '焊接机器人工作站', kind: 'cell', seats: 1,
    required_occupation: '焊工', required_level: 4, cert_months: 12 });
  hall = await create(`${B}/resources`, { name: '公共实训教室', kind: 'room', seats: 1, grace_minutes: 5, hold_minutes: 30 });
  assert.equal(lathe.grace_minutes, 15, 'a resource gives 15 minutes of grace by default');
});

after(async () => {
  const { code } = await srv.stop();
  if (code) console.log(srv.stderr.slice(-4000));
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('check-in by the code at the resource: wrong codes counted, five then 429; staff check in; check-out', async () => {
  const code = (await api.request('GET', `${B}/resources/${lathe.id}/code`, as(adminToken))).json.code;
  assert.match(code, /^\d{6}$/);
  assert.equal((await api.request('GET', `${B}/resources/${lathe.id}/code`, as(adminToken))).json.code, code, 'the same code until renewed');
  assertError(await api.request('GET', `${B}/resources/${lathe.id}/code`, as(firmToken)), 403, 'forbidden');
  const wrong = (i) => String((Number(code) + 1 + i) % 1000000).padStart(6, '0');

  const b = await create(`${B}/bookings`, { resource_id: lathe.id, org_id: firm.id, starts_at: fromNow(-5), ends_at: fromNow(55) });
  // The pages: staff's code to show at the resource, and the resource's check-in page listing the booking.
  const page = (path, token) => fetch(srv.url + path, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' } });
  let html = await (await page(`/facility/codes/${lathe.id}`, adminToken)).text();
  assert.ok(html.includes(code) && html.includes(`/facility/checkin/${lathe.id}`), html);
  assert.match(html, /<svg[^>]*role="img"/, 'the QR code of the check-in URL');
  assert.equal((await page(`/facility/codes/${lathe.id}`, firmToken)).status, 403);
  html = await (await page(`/facility/checkin/${lathe.id}`, firmToken)).text();
  assert.ok(html.includes(`/facility/bookings/${b.id}/checkin`), html);
  html = await (await page(`/facility/checkin/${lathe.id}`, aToken)).text();
  assert.ok(!html.includes(`/facility/bookings/${b.id}/checkin`), 'another firm does not see it');
  assert.equal(b.sequence, 0);
  assertError(await post(`${B}/bookings/${b.id}/checkin`, firmToken), 400, 'invalid', 'code');
  assertError(await post(`${B}/bookings/${b.id}/checkin`, aToken, { code }), 404, 'not_found');
  assertError(await post(`${B}/bookings/${b.id}/checkin`, firmToken, { code: wrong(0) }), 400, 'invalid', 'code');
  assert.equal(Number(rows(`SELECT failures FROM checkin_guard WHERE scope = 'facility_resource' AND subject_id = ${lathe.id}`)[0].failures), 1);
  assert.equal(booking(b.id).checked_in_at, null);
  assertError(await post(`${B}/bookings/${b.id}/checkout`, firmToken), 409, 'conflict');
  const ok = await post(`${B}/bookings/${b.id}/checkin`, firmToken, { code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.checkin_by, 'code');
  assert.ok(ok.json.checked_in_at);
  assert.ok(ok.json.sequence > b.sequence, 'a check-in raises the sequence');
  // The right code forgets the wrong ones: typos spread over weeks do not
  // lock a resource's regular users out.
  assert.equal(Number(rows(`SELECT failures FROM checkin_guard WHERE scope = 'facility_resource' AND subject_id = ${lathe.id}`)[0].failures), 0);
  assertError(await post(`${B}/bookings/${b.id}/checkin`, firmToken, { code }), 409, 'conflict');
  const out = await post(`${B}/bookings/${b.id}/checkout`, firmToken);
  assert.equal(out.status, 200, out.text);
  assert.ok(out.json.checked_out_at >= out.json.checked_in_at);
  assertError(await post(`${B}/bookings/${b.id}/checkout`, firmToken), 409, 'conflict');

  // Too early (more than 15 minutes before the start), and too late
  // (ended 10 minutes ago: well before the first booking's start, even
  // when a minute has begun since it was made).
  const early = await create(`${B}/bookings`, { resource_id: lathe.id, org_id: firm.id, starts_at: fromNow(60), ends_at: fromNow(61) });
  assertError(await post(`${B}/bookings/${early.id}/checkin`, firmToken, { code }), 409, 'conflict');
  const late = await create(`${B}/bookings`, { resource_id: lathe.id, org_id: firm.id, starts_at: fromNow(-70), ends_at: fromNow(-10) });
  assertError(await post(`${B}/bookings/${late.id}/checkin`, firmToken, { code }), 409, 'conflict');
  assert.equal(count(`checkin_attempt WHERE subject_id IN (${early.id}, ${late.id})`), 0);
  assert.equal((await api.request('POST', `${B}/bookings/${late.id}/cancel`, as(adminToken))).status, 200);

  // Five wrong codes at a resource, whichever of its bookings they were
  // typed for; then even the right one is refused unheard, at any of them.
  const g = await create(`${B}/bookings`, { resource_id: hall.id, org_id: firm.id, starts_at: fromNow(-1), ends_at: fromNow(4) });
  const g2 = await create(`${B}/bookings`, { resource_id: hall.id, org_id: firm.id, starts_at: fromNow(4), ends_at: fromNow(9) });
  for (let i = 0; i < 5; i++) assertError(await post(`${B}/bookings/${i % 2 ? g2.id : g.id}/checkin`, firmToken, { code: wrong(i) }), 400, 'invalid', 'code');
  const hallCode = (await api.request('GET', `${B}/resources/${hall.id}/code`, as(adminToken))).json.code;
  // The last wrong code, an hour ago.
  const lastWrong = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.ok(dbTryExec(db.url, `UPDATE checkin_guard SET updated_at = '${lastWrong}' WHERE scope = 'facility_resource' AND subject_id = ${hall.id}`).ok);
  assertError(await post(`${B}/bookings/${g2.id}/checkin`, firmToken, { code: hallCode }), 429, 'throttled', 'code');
  const refused = await post(`${B}/bookings/${g.id}/checkin`, firmToken, { code: hallCode });
  assertError(refused, 429, 'throttled', 'code');
  assert.deepEqual(rows(`SELECT outcome FROM checkin_attempt WHERE scope = 'facility_booking' AND subject_id = ${g.id} ORDER BY id`).map((r) => r.outcome),
    ['wrong', 'wrong', 'wrong', 'throttled']);
  assert.deepEqual(rows(`SELECT failures FROM checkin_guard WHERE scope = 'facility_resource' AND subject_id = ${hall.id}`).map((r) => Number(r.failures)), [5]);
  // Refused attempts do not put off the forgetting: a day after the last wrong code.
  assert.equal(rows(`SELECT updated_at FROM checkin_guard WHERE scope = 'facility_resource' AND subject_id = ${hall.id}`)[0].updated_at, lastWrong);
  assert.equal((await api.request('POST', `${B}/bookings/${g2.id}/cancel`, as(adminToken))).status, 200);
  assert.equal(booking(g.id).checked_in_at, null, 'nothing checked in');
  // A new code for the resource; the old one no longer checks in anywhere.
  const renewed = await post(`${B}/resources/${hall.id}/code`, adminToken);
  assert.equal(renewed.status, 200, renewed.text);
  const byStaff = await post(`${B}/bookings/${g.id}/checkin`, adminToken);
  assert.equal(byStaff.status, 200, byStaff.text);
  assert.equal(byStaff.json.checkin_by, 'staff');
  assert.equal(count(`audit_log WHERE entity = 'facility_booking' AND entity_id = ${g.id} AND action = 'checkin'`), 1);
  assertError(await post(`${B}/bookings/${g.id}/checkin`, firmToken, { code: hallCode }), 409, 'conflict');
  assert.equal((await api.request('POST', `${B}/bookings/${g.id}/cancel`, as(adminToken))).status, 200);
});

test('a certificate grown too old between booking and the day: check-in refused, naming it', async () => {
  const recent = new Date(Date.now() + 8 * 3600e3 - 30 * 86400e3).toISOString().slice(0, 10);
  const cert = await create('/api/v1/training/skill-certificates', { person_id: welder.id, occupation: '焊工', level: 3,
    number: 'GZ-2030-1', issuer: '吉林省职业技能鉴定中心', issued_on: recent });
  const b = await create(`${B}/bookings`, { resource_id: cell.id, starts_at: fromNow(5), ends_at: fromNow(65) }, welderToken);
  assert.equal(b.person_id, welder.id);
  // By the day, the only certificate is older than the resource's twelve months.
  const aged = dbTryExec(db.url, `UPDATE skill_certificate SET issued_on = '2019-06-01' WHERE id = ${cert.id}`);
  assert.ok(aged.ok, aged.error);
  const code = (await api.request('GET', `${B}/resources/${cell.id}/code`, as(adminToken))).json.code;
  const res = await post(`${B}/bookings/${b.id}/checkin`, welderToken, { code });
  assertError(res, 403, 'forbidden', 'person_id');
  assert.match(res.json.error.message, /焊接机器人工作站 asks for 焊工 中级工及以上职业技能等级证书 issued since \d{4}-\d{2}-\d{2}: the person named holds none/);
  assert.equal(booking(b.id).checked_in_at, null);
  assertError(await post(`${B}/bookings/${b.id}/checkin`, adminToken), 403, 'forbidden', 'person_id');
  assert.equal(count(`checkin_attempt WHERE scope = 'facility_booking' AND subject_id = ${b.id}`), 0, 'refused before the code');
});

test('a no-show is released by the job and the first waiting holds the seats; its hold lapses and the next takes them', async () => {
  const slot = { resource_id: hall.id, starts_at: fromNow(-10), ends_at: fromNow(50) };
  const taken = await create(`${B}/bookings`, { ...slot, org_id: firm.id });
  // Seats free at another time: no waiting, book them.
  assertError(await post(`${B}/waitlist`, aToken, { ...slot, starts_at: fromNow(60), ends_at: fromNow(90) }), 409, 'conflict', 'resource_id');
  assertError(await post(`${B}/waitlist`, aToken, { ...slot, seats: 2 }), 400, 'invalid', 'seats');
  assert.equal(count('facility_waitlist'), 0);
  const first = await create(`${B}/waitlist`, { ...slot, purpose: '数控编程实训' }, aToken);
  const second = await create(`${B}/waitlist`, slot, bToken);
  assert.equal(first.status, 'waiting');
  assert.equal(first.org_id, orgA.id);
  const mine = await api.request('GET', `${B}/waitlist`, as(bToken));
  assert.deepEqual(mine.json.items.map((w) => w.id), [second.id], 'an organisation sees its own entries');

  const run = await runJob();
  assert.match(run.message, /released 1 no-shows, let 0 holds lapse, offered 1 held bookings/);
  const released = booking(taken.id);
  assert.equal(released.status, 'cancelled');
  assert.ok(released.no_show_at, 'marked a no-show');
  assertError(await post(`${B}/bookings/${taken.id}/checkin`, adminToken), 409, 'conflict');
  let w1 = entry(first.id);
  assert.equal(w1.status, 'holding');
  const held = rows(`SELECT org_id, status, starts_at, ends_at, purpose FROM facility_booking WHERE id = ${w1.booking_id}`)[0];
  assert.deepEqual([Number(held.org_id), held.status, held.starts_at, held.purpose], [orgA.id, 'confirmed', slot.starts_at, '数控编程实训']);
  assert.equal(entry(second.id).status, 'waiting');
  assert.equal(count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'jinggong') AND link = '/facility/bookings/${w1.booking_id}'`), 1);
  assertError(await post(`${B}/waitlist/${second.id}/take`, bToken), 409, 'conflict');
  assertError(await post(`${B}/waitlist/${first.id}/take`, bToken), 404, 'not_found');

  // Run again at once: the held booking began long ago, but a hold is not a no-show.
  assert.match((await runJob()).message, /released 0 no-shows, let 0 holds lapse, offered 0/);
  assert.equal(booking(w1.booking_id).status, 'confirmed');

  // The first lets its hold lapse: its booking is cancelled, the next holds the seats.
  assert.ok(dbTryExec(db.url, `UPDATE facility_waitlist SET hold_until = '2020-01-01T00:00:00Z' WHERE id = ${first.id}`).ok);
  assert.match((await runJob()).message, /released 0 no-shows, let 1 holds lapse, offered 1 held bookings/);
  const lapsed = booking(w1.booking_id);
  assert.equal(lapsed.status, 'cancelled');
  assert.equal(lapsed.no_show_at, null, 'a lapsed hold is no no-show');
  assert.equal(entry(first.id).status, 'lapsed');
  const w2 = entry(second.id);
  assert.equal(w2.status, 'holding');
  assert.ok(w2.hold_until > fromNow(0) && w2.hold_until <= fromNow(31), w2.hold_until);
  assert.equal(count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'zhizao') AND link = '/facility/bookings/${w2.booking_id}'`), 1);
  const take = await post(`${B}/waitlist/${second.id}/take`, bToken);
  assert.equal(take.status, 200, take.text);
  assert.equal(take.json.status, 'booked');
  // Taken after the start: the grace is counted from the taking.
  assert.match((await runJob()).message, /released 0 no-shows/);
  assert.equal(booking(w2.booking_id).status, 'confirmed');
  const code = (await api.request('GET', `${B}/resources/${hall.id}/code`, as(adminToken))).json.code;
  const inB = await post(`${B}/bookings/${w2.booking_id}/checkin`, bToken, { code });
  assert.equal(inB.status, 200, inB.text);
  assert.equal(count(`audit_log WHERE entity = 'facility_waitlist' AND action IN ('hold', 'lapse', 'take')`), 4);
  // Withdrawn: nothing more is offered to it.
  const third = await create(`${B}/waitlist`, slot, aToken);
  const gone = await post(`${B}/waitlist/${third.id}/withdraw`, aToken);
  assert.equal(gone.json.status, 'withdrawn');
  assertError(await post(`${B}/waitlist/${third.id}/withdraw`, aToken), 409, 'conflict');
});

test('calendar feeds parse with ical.js, Chinese intact; a change raises SEQUENCE, a cancellation is CANCELLED; revoked is 404', async () => {
  const fetchFeed = async (url) => {
    const res = await fetch(srv.url + url);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const events = (text) => {
    const cal = new ICAL.Component(ICAL.parse(text));
    return { cal, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
  };
  const purpose = '数控编程实训：五轴联动加工练习与考核评估，第二期学员全体参加，请提前到场熟悉设备操作规程';
  const b = await create(`${B}/bookings`, { resource_id: lathe.id, org_id: firm.id, person_id: welder.id,
    starts_at: '2030-03-04T01:00:00Z', ends_at: '2030-03-04T03:30:00Z', purpose });
  const orgFeed = await create(`${B}/feeds`, { scope: 'org' }, firmToken);
  assert.equal(orgFeed.subject_id, firm.id);
  assert.match(orgFeed.url, /^\/feeds\/facility\/[A-Za-z0-9_-]{43}\.ics$/);
  const personFeed = await create(`${B}/feeds`, { scope: 'person' }, welderToken);
  const resourceFeed = await create(`${B}/feeds`, { scope: 'resource', resource_id: lathe.id }, aToken);
  assertError(await post(`${B}/feeds`, firmToken, { scope: 'person' }), 403, 'forbidden', 'scope');
  assertError(await post(`${B}/feeds`, firmToken, { scope: 'calendar' }), 400, 'invalid', 'scope');
  assertError(await post(`${B}/feeds`, adminToken, { scope: 'org' }), 400, 'invalid', 'org_id');
  assert.equal(count(`calendar_feed WHERE token_hash LIKE '%${orgFeed.url.slice(16, 30)}%'`), 0, 'the secret is stored hashed');

  let got = await fetchFeed(orgFeed.url);
  assert.equal(got.status, 200);
  assert.match(got.type, /^text\/calendar/);
  let { cal, events: evs } = events(got.text);
  assert.match(cal.getFirstPropertyValue('x-wr-calname'), /哈工大机器人集团/);
  const zone = cal.getFirstSubcomponent('vtimezone');
  assert.equal(zone.getFirstPropertyValue('tzid'), 'Asia/Shanghai');
  assert.equal(zone.getFirstSubcomponent('standard').getFirstPropertyValue('tzoffsetto').toString(), '+08:00');
  let ev = evs.find((e) => e.uid === `facility-booking-${b.id}@jianggu`);
  assert.ok(ev, got.text);
  assert.equal(ev.summary, '五轴数控加工中心 · 哈工大机器人集团');
  assert.ok(ev.description.startsWith(purpose), ev.description);
  assert.equal(ev.component.getFirstProperty('dtstart').getParameter('tzid'), 'Asia/Shanghai');
  assert.equal(ev.startDate.toString(), '2030-03-04T09:00:00');
  assert.equal(ev.endDate.toString(), '2030-03-04T11:30:00');
  assert.equal(ev.component.getFirstPropertyValue('status'), 'CONFIRMED');
  const seq0 = ev.sequence;

  // The person's feed shows it; the resource's, to another firm, without who booked.
  ({ events: evs } = events((await fetchFeed(personFeed.url)).text));
  assert.ok(evs.some((e) => e.uid === `facility-booking-${b.id}@jianggu`));
  assert.equal(evs.length, count(`facility_booking WHERE person_id = ${welder.id} AND held_by_id IS NULL`), "the person's bookings, and no one else's");
  ({ events: evs } = events((await fetchFeed(resourceFeed.url)).text));
  ev = evs.find((e) => e.uid === `facility-booking-${b.id}@jianggu`);
  assert.equal(ev.summary, '五轴数控加工中心 · 已预约');
  assert.ok(!ev.description.includes('数控编程'), 'another firm does not read the purpose');

  // Changed: the same UID and event, at its new time, with a higher SEQUENCE.
  const moved = await post(`${B}/bookings/${b.id}/change`, firmToken, { on: '2030-03-05', from: '14:00', to: '15:00' });
  assert.equal(moved.status, 200, moved.text);
  ({ events: evs } = events((await fetchFeed(orgFeed.url)).text));
  const same = evs.filter((e) => e.summary === '五轴数控加工中心 · 哈工大机器人集团' && e.description.startsWith(purpose));
  assert.deepEqual(same.map((e) => e.uid), [`facility-booking-${b.id}@jianggu`], 'one event, not a cancelled one and a new one');
  assert.equal(same[0].startDate.toString(), '2030-03-05T14:00:00');
  assert.equal(same[0].component.getFirstPropertyValue('status'), 'CONFIRMED');
  const seq1 = same[0].sequence;
  assert.ok(seq1 > seq0, `${seq1} > ${seq0}`);

  // Cancelled: the same UID, a higher SEQUENCE, STATUS:CANCELLED.
  assert.equal((await api.request('POST', `${B}/bookings/${b.id}/cancel`, as(firmToken))).status, 200);
  ({ events: evs } = events((await fetchFeed(orgFeed.url)).text));
  ev = evs.find((e) => e.uid === `facility-booking-${b.id}@jianggu`);
  assert.ok(ev.sequence > seq1, `${ev.sequence} > ${seq1}`);
  assert.equal(ev.component.getFirstPropertyValue('status'), 'CANCELLED');

  // Revoked by its account: 404, and nothing else of the account's is touched.
  const mine = await api.request('GET', `${B}/feeds`, as(firmToken));
  assert.deepEqual(mine.json.items.map((f) => [f.id, f.scope]), [[orgFeed.id, 'org']]);
  assertError(await post(`${B}/feeds/${orgFeed.id}/revoke`, aToken), 404, 'not_found');
  const revoked = await post(`${B}/feeds/${orgFeed.id}/revoke`, firmToken);
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal((await fetchFeed(orgFeed.url)).status, 404);
  assert.equal((await fetchFeed(personFeed.url)).status, 200);
  assert.equal((await fetchFeed('/feeds/facility/nothing.ics')).status, 404);

  // A password reset revokes every feed of the account, as its API tokens.
  const reset = await runCli(['user', 'passwd', 'gong', '--db', db.url], { input: 'New-pass-word-2027\n' });
  assert.equal(reset.status, 0, reset.stderr);
  assert.equal((await fetchFeed(personFeed.url)).status, 404);
  assert.equal((await fetchFeed(resourceFeed.url)).status, 200, 'another account\'s feed stays');

  // The log names the feed's route, never its secret.
  assert.match(srv.stderr, /GET \/feeds\/facility\/:token 200/);
  for (const feed of [orgFeed, personFeed, resourceFeed])
    assert.ok(!srv.stderr.includes(feed.url.slice('/feeds/facility/'.length, -'.ics'.length)), 'no token in the log');
});

test('a statement: a use, a no-show and a late cancellation charged as the card says, lines adding up; issued is closed; a credit next month', async () => {
  const card = await create(`${B}/rate-cards`, { name: '外部单位设备收费标准', customer_kind: 'outside', resource_kind: 'machine',
    peak_fen: 12000, offpeak_fen: 6000, rounding: 'quarter', late_cancel_hours: 24, late_cancel_percent: 50, no_show_percent: 100,
    valid_from: '2020-01-01' });
  assert.equal(card.peak_from_hour, 8);
  assertError(await post(`${B}/rate-cards`, adminToken, { ...card, id: undefined, created_at: undefined, updated_at: undefined, archived_at: undefined, customer_kind: 'friend' }), 400, 'invalid', 'customer_kind');
  assertError(await post(`${B}/rate-cards`, firmToken, { name: 'x', customer_kind: 'outside', resource_kind: 'machine', peak_fen: 1, offpeak_fen: 1, valid_from: '2020-01-01' }), 403, 'forbidden');
  const book = (starts_at, ends_at) => create(`${B}/bookings`, { resource_id: lathe.id, org_id: firm.id, starts_at, ends_at });
  // Monday 12 October 2026, 09:00-11:00 Beijing (peak): used 09:05-10:40, 95 minutes, 105 rounded.
  const used = await book('2026-10-12T01:00:00Z', '2026-10-12T03:00:00Z');
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET checked_in_at = '2026-10-12T01:05:00Z', checkin_by = 'code', checked_out_at = '2026-10-12T02:40:00Z' WHERE id = ${used.id}`).ok);
  // 20:00-21:00 (off-peak), nobody came.
  const noShow = await book('2026-10-13T12:00:00Z', '2026-10-13T13:00:00Z');
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET status = 'cancelled', cancelled_at = '2026-10-13T12:15:00Z', no_show_at = '2026-10-13T12:15:00Z' WHERE id = ${noShow.id}`).ok);
  // 10:00-12:00 (peak) cancelled two hours before: late; another three days before: not.
  const late = await book('2026-10-14T02:00:00Z', '2026-10-14T04:00:00Z');
  const early = await book('2026-10-15T02:00:00Z', '2026-10-15T04:00:00Z');
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET status = 'cancelled', cancelled_at = '2026-10-14T00:00:00Z' WHERE id = ${late.id}`).ok);
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET status = 'cancelled', cancelled_at = '2026-10-12T00:00:00Z' WHERE id = ${early.id}`).ok);

  assertError(await post(`${B}/statements`, adminToken, { org_id: firm.id, month: '2026-13' }), 400, 'invalid', 'month');
  assertError(await post(`${B}/statements`, firmToken, { org_id: firm.id, month: '2026-10' }), 403, 'forbidden');
  const oct = await create(`${B}/statements`, { org_id: firm.id, month: '2026-10' });
  const byKind = Object.fromEntries(oct.lines.map((l) => [l.kind, [l.booking_id, l.minutes, l.rate_fen, l.amount_fen]]));
  assert.deepEqual(byKind, {
    usage: [used.id, 105, 12000, 21000],
    no_show: [noShow.id, 60, 6000, 6000],
    late_cancel: [late.id, 120, 12000, 12000],
  });
  assert.equal(oct.lines.length, 3, 'the early cancellation is not charged');
  assert.equal(oct.total_fen, 39000);
  assert.equal(oct.lines.reduce((sum, l) => sum + l.amount_fen, 0), oct.total_fen);
  assert.match(oct.lines.find((l) => l.kind === 'usage').description, /五轴数控加工中心 2026-10-12 09:00 使用/);

  // The XLSX: the lines, then the total they add up to, in yuan.
  const x = await fetch(`${srv.url}${B}/statements/${oct.id}/export?format=xlsx`, { headers: { authorization: `Bearer ${firmToken}` } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()));
  const sheet = wb.worksheets[0];
  const amounts = [];
  sheet.eachRow((row, n) => { if (n > 1) amounts.push(Number(row.getCell(5).value)); });
  assert.deepEqual(amounts.slice(0, -1).sort((a, b) => a - b), [60, 120, 210]);
  assert.equal(amounts.at(-1), 390);
  assertError(await api.request('GET', `${B}/statements/${oct.id}`, as(aToken)), 404, 'not_found');
  // The printable page: every line in 元, and the total.
  const page = await fetch(`${srv.url}/facility/statements/${oct.id}`, { headers: { authorization: `Bearer ${firmToken}`, 'accept-language': 'zh-CN' } });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  for (const text of ['210.00', '60.00', '120.00', '390.00', '五轴数控加工中心 2026-10-12 09:00 使用', '爽约', '迟取消']) assert.ok(html.includes(text), text);
  const own = await api.request('GET', `${B}/statements?org_id=${firm.id}`, as(firmToken));
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.json.items.map((r) => [r.month, r.total_fen]), [['2026-10', 39000]]);

  // Issued: closed. Made again, it is 409 and nothing is written; the database refuses a change.
  const issued = await post(`${B}/statements/${oct.id}/issue`, adminToken);
  assert.equal(issued.status, 200, issued.text);
  assert.equal(issued.json.status, 'issued');
  const snapshot = rows(`SELECT id, amount_fen FROM facility_statement_line WHERE statement_id = ${oct.id} ORDER BY id`);
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET checked_out_at = '2026-10-12T02:59:00Z' WHERE id = ${used.id}`).ok);
  const again = await post(`${B}/statements`, adminToken, { org_id: firm.id, month: '2026-10' });
  assertError(again, 409, 'conflict', 'month');
  assert.equal(again.json.error.key, 'facility_statement.closed');
  assert.deepEqual(again.json.error.args, ['2026-10']);
  assertError(await post(`${B}/statements/${oct.id}/issue`, adminToken), 409, 'conflict');
  assert.deepEqual(rows(`SELECT id, amount_fen FROM facility_statement_line WHERE statement_id = ${oct.id} ORDER BY id`), snapshot);
  assert.equal(Number(rows(`SELECT total_fen FROM facility_statement WHERE id = ${oct.id}`)[0].total_fen), 39000);
  assert.equal(dbTryExec(db.url, `UPDATE facility_statement_line SET amount_fen = 1 WHERE statement_id = ${oct.id}`).ok, false);
  assert.equal(dbTryExec(db.url, `DELETE FROM facility_statement_line WHERE statement_id = ${oct.id}`).ok, false);
  assert.equal(dbTryExec(db.url, `UPDATE facility_statement SET total_fen = 0 WHERE id = ${oct.id}`).ok, false);

  // A correction: a credit line on November's statement, which stays when November is made again.
  assertError(await post(`${B}/statements/${oct.id}/credits`, adminToken, { amount_fen: 0, reason: '多计' }), 400, 'invalid', 'amount_fen');
  const credit = await post(`${B}/statements/${oct.id}/credits`, adminToken, { amount_fen: 3000, reason: '10 月 12 日实际使用至 10:59，多计一刻钟' });
  assert.equal(credit.status, 201, credit.text);
  assert.equal(credit.json.month, '2026-11');
  assert.deepEqual(credit.json.lines.map((l) => [l.kind, l.amount_fen, l.corrects_id]), [['credit', -3000, oct.id]]);
  assert.match(credit.json.lines[0].description, /更正 2026-10 对账单：10 月 12 日/);
  const nov = await create(`${B}/statements`, { org_id: firm.id, month: '2026-11' });
  assert.equal(nov.id, credit.json.id);
  assert.equal(nov.total_fen, -3000);
  assert.equal(nov.lines.reduce((sum, l) => sum + l.amount_fen, 0), nov.total_fen);
});

test('utilisation by month and kind: hours booked, used, no-show and cancelled; seat-hours used against those open', async () => {
  // October 2026 as the statement test left it: one use of 114 minutes of a 120-minute booking, a no-show
  // of 60, two cancellations of 120 (one late, one early).
  const res = await api.request('GET', `${B}/utilisation?from=2026-10&to=2026-10`, as(adminToken));
  assert.equal(res.status, 200, res.text);
  const u = res.json;
  assert.deepEqual(u.months, [{ month: '2026-10', booked: 120, used: 114, no_show: 60, cancelled: 240 }]);
  assert.deepEqual(u.kinds, [{ month: '2026-10', kind: 'machine', booked: 120, used: 114, no_show: 60, cancelled: 240 }]);
  assert.deepEqual(u.partners, [], 'a firm is no partner');
  let l = u.resources.find((r) => r.id === lathe.id);
  assert.deepEqual([l.used_seat_minutes, l.open_seat_minutes], [114, 31 * 24 * 60], 'a resource that keeps no hours is open around the clock');
  // Opening hours Monday to Friday 08:00-12:00 and 13:00-17:00: 22 weekdays of 8 hours, less National Day
  // (Thursday the 1st), plus a make-up Saturday with Monday's hours, less two overlapping windows of
  // maintenance on Tuesday the 20th, 10:00-14:00 and 11:00-12:00 in Beijing, that close 3 open hours once.
  for (let weekday = 1; weekday <= 5; weekday++) {
    await create(`${B}/hours`, { resource_id: lathe.id, weekday, opens_at: '08:00', closes_at: '12:00' });
    await create(`${B}/hours`, { resource_id: lathe.id, weekday, opens_at: '13:00', closes_at: '17:00' });
  }
  await create(`${B}/calendar`, { on_date: '2026-10-01', kind: 'holiday', name: '国庆节' });
  await create(`${B}/calendar`, { on_date: '2026-10-10', kind: 'workday', name: '国庆节调休', as_weekday: 1 });
  await create(`${B}/maintenance`, { resource_id: lathe.id, starts_at: '2026-10-20T02:00:00Z', ends_at: '2026-10-20T06:00:00Z', reason: '主轴保养' });
  await create(`${B}/maintenance`, { resource_id: lathe.id, starts_at: '2026-10-20T03:00:00Z', ends_at: '2026-10-20T04:00:00Z', reason: '换刀具' });
  l = (await api.request('GET', `${B}/utilisation?from=2026-10&to=2026-10`, as(adminToken))).json.resources.find((r) => r.id === lathe.id);
  assert.deepEqual([l.used_seat_minutes, l.open_seat_minutes], [114, (22 - 1 + 1) * 8 * 60 - 3 * 60]);
  assert.notEqual(l.open_seat_minutes, 31 * 15 * 60, 'not the week grid\'s 07:00-22:00');
  assertError(await api.request('GET', `${B}/utilisation?from=2026-10&to=2026-09`, as(adminToken)), 400, 'invalid', 'from');
  assertError(await api.request('GET', `${B}/utilisation`, as(firmToken)), 403, 'forbidden');
  const page = await fetch(`${srv.url}/facility/utilisation?from=2026-10&to=2026-10`, { headers: { authorization: `Bearer ${adminToken}`, 'accept-language': 'zh-CN' } });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  for (const text of ['设施使用率', '五轴数控加工中心', '1.9', '2.0', '173.0', '<svg']) assert.ok(html.includes(text), text);
});

// Make the database skip the update of the rows `when` picks, as if a
// racer had handled them between the job's read and its update (SQLite:
// RAISE(IGNORE); PostgreSQL: a BEFORE trigger returning NULL).
function racer(name, table, when) {
  const sql = db.url.startsWith('postgres')
    ? `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$; ` +
      `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}();`
    : `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} WHEN ${when} BEGIN SELECT RAISE(IGNORE); END;`;
  const made = dbTryExec(db.url, sql);
  assert.ok(made.ok, made.error);
  return () => {
    const gone = dbTryExec(db.url, db.url.startsWith('postgres')
      ? `DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}();` : `DROP TRIGGER ${name};`);
    assert.ok(gone.ok, gone.error);
  };
}

test('the day job skips a row a check-in or a take changed under it, and goes on; a hold past its end cannot be taken', async () => {
  const room = await create(`${B}/resources`, { name: '创新创业路演厅', kind: 'room', seats: 1, grace_minutes: 5 });
  const bench = await create(`${B}/resources`, { name: '电子装配工位', kind: 'cell', seats: 1, grace_minutes: 5 });
  const slot = { resource_id: room.id, starts_at: fromNow(-10), ends_at: fromNow(50) };
  const gone = await create(`${B}/bookings`, { ...slot, org_id: firm.id });
  const raced = await create(`${B}/bookings`, { resource_id: bench.id, org_id: firm.id, starts_at: fromNow(-10), ends_at: fromNow(50) });
  const waiting = await create(`${B}/waitlist`, slot, aToken);
  // The bench's booking is checked in by a racer as the job reaches it: skipped, the rest done.
  let drop = racer('test_checkin_race', 'facility_booking', `NEW.id = ${raced.id} AND NEW.no_show_at IS NOT NULL`);
  const run = await runJob();
  drop();
  assert.match(run.message, /released \d+ no-shows/, JSON.stringify(run));
  assert.equal(booking(raced.id).status, 'confirmed');
  assert.equal(booking(gone.id).status, 'cancelled');
  const held = entry(waiting.id);
  assert.equal(held.status, 'holding');

  // The hold has ended, the job has not run yet: the take is refused, nothing changes.
  assert.ok(dbTryExec(db.url, `UPDATE facility_waitlist SET hold_until = '${fromNow(-1)}' WHERE id = ${waiting.id}`).ok);
  const late = await post(`${B}/waitlist/${waiting.id}/take`, aToken);
  assertError(late, 409, 'conflict');
  assert.match(late.json.error.message, /the hold has ended/);
  assert.equal(entry(waiting.id).status, 'holding');

  // Taken by a racer as the job lets it lapse: the job goes on and leaves its booking.
  drop = racer('test_take_race', 'facility_waitlist', `NEW.id = ${waiting.id} AND NEW.status = 'lapsed'`);
  assert.match((await runJob()).message, /let 0 holds lapse/);
  drop();
  assert.equal(booking(held.booking_id).status, 'confirmed');
  assert.match((await runJob()).message, /let 1 holds lapse/);
  assert.equal(entry(waiting.id).status, 'lapsed');
  assert.equal(booking(held.booking_id).status, 'cancelled');
  assert.ok(booking(raced.id).no_show_at, 'with the racer gone, the next run releases it');
});

test('billing pages: rate cards (a card an issued statement charged by keeps its terms), statements listed per organisation, a month issued once confirmed', async () => {
  const page = (path, token = adminToken) => fetch(srv.url + path, { headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN' } });
  const form = (path, body, token = adminToken) => fetch(srv.url + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(body).toString(),
    headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN', 'content-type': 'application/x-www-form-urlencoded' },
  });
  const card = rows(`SELECT id FROM facility_rate_card WHERE name = '外部单位设备收费标准'`)[0];
  let html = await (await page('/facility/rate-cards')).text();
  for (const text of ['外部单位设备收费标准', '园区外单位', '120.00', 'href="/facility/rate-cards"']) assert.ok(html.includes(text), text);

  // October's issued statement charged by the card: its price does not change, by the form or the API; its end does.
  let res = await form(`/facility/rate-cards/${card.id}`, { name: '外部单位设备收费标准', peak_fen: '150.00' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /id="f-peak_fen-error">已出具的对账单按此收费标准计费/);
  assertError(await api.request('PATCH', `${B}/rate-cards/${card.id}`, as(adminToken, { offpeak_fen: 1 })), 409, 'conflict', 'offpeak_fen');
  assert.deepEqual(rows(`SELECT peak_fen, offpeak_fen, valid_until FROM facility_rate_card WHERE id = ${card.id}`).map((r) => [Number(r.peak_fen), Number(r.offpeak_fen), r.valid_until]), [[12000, 6000, null]]);
  res = await form(`/facility/rate-cards/${card.id}`, { valid_until: '2026-12-31' });
  assert.equal(res.status, 303, await res.text());
  assert.equal(rows(`SELECT valid_until FROM facility_rate_card WHERE id = ${card.id}`)[0].valid_until, '2026-12-31');

  // A new card from the form, its prices in yuan; one without a customer kind is refused, naming it, and not written.
  const cards = count('facility_rate_card');
  const fields = { name: '外部单位设备收费标准（2027）', resource_kind: 'machine', peak_fen: '150.00', offpeak_fen: '75.50', rounding: 'half_hour',
    late_cancel_hours: '24', late_cancel_percent: '50', no_show_percent: '100', valid_from: '2027-01-01' };
  res = await form('/facility/rate-cards', fields);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="f-customer_kind-error"/);
  assert.equal(count('facility_rate_card'), cards);
  res = await form('/facility/rate-cards', { ...fields, customer_kind: 'outside' });
  assert.equal(res.status, 303, await res.text());
  assert.deepEqual(rows(`SELECT peak_fen, offpeak_fen, rounding FROM facility_rate_card WHERE valid_from = '2027-01-01'`).map((r) => [Number(r.peak_fen), Number(r.offpeak_fen), r.rounding]), [[15000, 7550, 'half_hour']]);
  assert.equal((await form('/facility/rate-cards', { ...fields, customer_kind: 'outside' }, firmToken)).status, 403);

  // The statements: an organisation sees its own, each to its printable page; staff are offered to issue a month.
  const oct = rows(`SELECT id FROM facility_statement WHERE org_id = ${firm.id} AND month = '2026-10'`)[0];
  html = await (await page('/facility/statements', firmToken)).text();
  assert.ok(html.includes(`href="/facility/statements/${oct.id}"`) && html.includes('已出具'), html);
  assert.ok(!html.includes('href="/facility/statements/issue"'), 'a firm issues nothing');
  html = await (await page('/facility/statements', aToken)).text();
  assert.ok(!html.includes(`href="/facility/statements/${oct.id}"`), 'another firm does not see it');
  html = await (await page(`/facility/statements?org_id=${firm.id}&status=draft`)).text();
  assert.ok(html.includes('2026-11') && html.includes('href="/facility/statements/issue"') && !html.includes('>2026-10<'), html);
  assert.match(await (await page(`/facility/statements/${oct.id}`, firmToken)).text(), /export\?format=xlsx/);
  const novId = rows(`SELECT id FROM facility_statement WHERE org_id = ${firm.id} AND month = '2026-11'`)[0].id;
  html = await (await page(`/facility/statements/${novId}`, firmToken)).text();
  assert.ok(html.includes('更正退款') && html.includes(`href="/facility/statements/${oct.id}">查看被更正的对账单`), 'the credit line links to what it corrects');

  // Issue November: asked first, nothing written; confirmed, its draft (the credit line) is issued; once only.
  const nov = () => rows(`SELECT status, total_fen FROM facility_statement WHERE org_id = ${firm.id} AND month = '2026-11'`).map((r) => [r.status, Number(r.total_fen)]);
  assert.equal((await page('/facility/statements/issue')).status, 200);
  res = await form('/facility/statements/issue', { month: '2026-11' });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /将出具 2026-11 全部未出具的对账单/);
  assert.deepEqual(nov(), [['draft', -3000]]);
  const thisMonth = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  res = await form('/facility/statements/issue', { month: thisMonth, confirm: '1' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), new RegExp(`id="f-month-error">${thisMonth} 尚未结束`));
  res = await form('/facility/statements/issue', { month: '2026-13', confirm: '1' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /id="f-month-error">请填写月份/);
  assert.equal((await form('/facility/statements/issue', { month: '2026-11', confirm: '1' }, firmToken)).status, 403);
  assert.deepEqual(nov(), [['draft', -3000]]);
  res = await form('/facility/statements/issue', { month: '2026-11', confirm: '1' });
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), '/facility/statements');
  assert.deepEqual(nov(), [['issued', -3000]]);
  res = await form('/facility/statements/issue', { month: '2026-11', confirm: '1' });
  assert.equal(res.status, 409);
  assert.match(await res.text(), /2026-11 没有可出具的对账单/);
  // The API's twin: the same rule.
  assertError(await post(`${B}/statements/issue`, firmToken, { month: '2026-09' }), 403, 'forbidden');
  assertError(await post(`${B}/statements/issue`, adminToken, { month: '2026-9' }), 400, 'invalid', 'month');
  assertError(await post(`${B}/statements/issue`, adminToken, { month: '2026-11' }), 409, 'conflict', 'month');
  await create(`${B}/statements`, { org_id: orgA.id, month: '2026-09' });
  const sept = await post(`${B}/statements/issue`, adminToken, { month: '2026-09' });
  assert.equal(sept.status, 200, sept.text);
  assert.deepEqual(sept.json, { month: '2026-09', issued: 1 });
  assert.deepEqual(rows(`SELECT status FROM facility_statement WHERE org_id = ${orgA.id} AND month = '2026-09'`), [{ status: 'issued' }]);
});

test('waiting-list pages: joined from the week where one would book, the place, the hold, taken; refusals say why and write nothing', async () => {
  const page = (path, token) => fetch(srv.url + path, { headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN' } });
  const form = (path, body, token) => fetch(srv.url + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(body).toString(),
    headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN', 'content-type': 'application/x-www-form-urlencoded' },
  });
  // Monday 1 March 2027, 09:00-10:00 Beijing, within the lathe's hours: another firm has it.
  const held = await create(`${B}/bookings`, { resource_id: lathe.id, starts_at: '2027-03-01T01:00:00Z', ends_at: '2027-03-01T02:00:00Z' }, bToken);
  assert.ok((await (await page(`/facility/resources/${lathe.id}`, adminToken)).text()).includes(`href="/facility/waitlist?resource_id=${lathe.id}"`), 'staff reach a resource\'s waiting list from its page');
  const week = await (await page(`/facility/resources/${lathe.id}/week?from=2027-03-01`, firmToken)).text();
  assert.ok(week.includes(`formaction="/facility/resources/${lathe.id}/waitlist"`) && week.includes('加入候补'), 'the week offers to wait');
  const before = count('facility_waitlist');
  let res = await form(`/facility/resources/${lathe.id}/waitlist`, { on: '2027-03-02', from: '09:00', to: '10:00' }, firmToken);
  assert.equal(res.status, 409);
  assert.match(await res.text(), /五轴数控加工中心在该时段还有 1 个座位空闲，请直接预约/);
  res = await form(`/facility/resources/${lathe.id}/waitlist`, { on: '2027-03-01', from: '09:00' }, firmToken);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /has-error/);
  assert.equal(count('facility_waitlist'), before, 'nothing written on a refusal');
  res = await form(`/facility/resources/${lathe.id}/waitlist`, { on: '2027-03-01', from: '09:00', to: '10:00', purpose: '五轴试切' }, firmToken);
  assert.equal(res.status, 303, await res.text());
  const id = Number(res.headers.get('location').match(/\/facility\/waitlist\/(\d+)$/)[1]);
  assert.deepEqual(entry(id), { status: 'waiting', booking_id: null, hold_until: null });

  // Its page: the place, taking disabled saying why; another firm does not see it; staff see the resource's list.
  let html = await (await page(`/facility/waitlist/${id}`, firmToken)).text();
  assert.match(html, /你在候补名单上的位次：<strong>1<\/strong>/);
  assert.match(html, /disabled aria-describedby="why-take">确认预约/);
  assert.match(html, /id="why-take">暂无空位为你保留/);
  assert.equal((await page(`/facility/waitlist/${id}`, aToken)).status, 404);
  assert.ok((await (await page(`/facility/waitlist?resource_id=${lathe.id}`, adminToken)).text()).includes(`href="/facility/waitlist/${id}"`));
  assert.ok(!(await (await page('/facility/waitlist', aToken)).text()).includes(`href="/facility/waitlist/${id}"`));
  res = await form(`/facility/waitlist/${id}/take`, {}, firmToken);
  assert.equal(res.status, 409);
  assert.match(await res.text(), /当前没有为该候补保留的预约/);
  assert.equal(entry(id).status, 'waiting');

  // The other firm cancels; the job holds the seat; the page says until when, and the firm takes it.
  assert.equal((await post(`${B}/bookings/${held.id}/cancel`, bToken)).status, 200);
  await runJob();
  const hold = entry(id);
  assert.equal(hold.status, 'holding');
  html = await (await page(`/facility/waitlist/${id}`, firmToken)).text();
  assert.match(html, /已为你保留预约，请在此时间前确认：<strong>\d{4}-\d\d-\d\d \d\d:\d\d<\/strong>/);
  assert.ok(html.includes(`href="/facility/bookings/${hold.booking_id}"`) && !html.includes('id="why-take"'), html);
  res = await form(`/facility/waitlist/${id}/take`, {}, firmToken);
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), `/facility/waitlist/${id}`);
  assert.equal(entry(id).status, 'booked');
  assert.equal(booking(hold.booking_id).status, 'confirmed');
  // Over: both steps disabled, saying why; letting go asks first, then is refused and changes nothing.
  html = await (await page(`/facility/waitlist/${id}`, firmToken)).text();
  assert.match(html, /disabled aria-describedby="why-withdraw">退出候补/);
  res = await form(`/facility/waitlist/${id}/withdraw`, {}, firmToken);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /将退出这项候补/);
  res = await form(`/facility/waitlist/${id}/withdraw`, { confirm: '1' }, firmToken);
  assert.equal(res.status, 409);
  assert.equal(entry(id).status, 'booked');
});

test('the calendar feeds page: a feed made shows its URL from site.public_base_url once; refusals say why; revoked once confirmed', async () => {
  const page = (path, token) => fetch(srv.url + path, { headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN' } });
  const form = (path, body, token) => fetch(srv.url + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(body).toString(),
    headers: { authorization: `Bearer ${token}`, cookie: 'lang=zh-CN', 'content-type': 'application/x-www-form-urlencoded' },
  });
  // The welder's first account had its password reset above; a second one of the same person.
  const gongToken = await userWithToken('gong2', ['enterprise'], firm.id, welder.id);
  const base = 'https://jianggu.example.cn';
  assert.equal((await api.request('PUT', '/api/v1/settings/site.public_base_url', as(adminToken, { value: base }))).status, 200);
  let html = await (await page('/facility/feeds', firmToken)).text();
  assert.ok(html.includes('订阅本单位的预约') && html.includes('你的账号未关联个人') && html.includes('Outlook'), html);
  const feeds = () => count('calendar_feed WHERE revoked_at IS NULL');
  const before = feeds();
  let res = await form('/facility/feeds', { scope: 'person' }, firmToken);
  assert.equal(res.status, 403);
  assert.match(await res.text(), /role="alert">你的账号未关联个人/);
  res = await form('/facility/feeds', { scope: 'resource', resource_id: '' }, adminToken);
  assert.equal(res.status, 400);
  assert.match(await res.text(), /role="alert">/);
  assert.equal(feeds(), before, 'nothing written on a refusal');

  res = await form('/facility/feeds', { scope: 'person' }, gongToken);
  assert.equal(res.status, 201);
  html = await res.text();
  const url = html.match(/id="feed-url" type="text" readonly value="([^"]+)"/)[1];
  assert.match(url, /^https:\/\/jianggu\.example\.cn\/feeds\/facility\/[\w-]+\.ics$/);
  assert.ok(html.includes('data-copy="feed-url"'));
  const path = url.slice(base.length);
  assert.equal((await fetch(srv.url + path)).status, 200);
  html = await (await page('/facility/feeds', gongToken)).text();
  assert.ok(html.includes('我的预约') && html.includes('龚师傅') && !html.includes(path), 'listed, its secret not shown again');
  const feed = rows(`SELECT id FROM calendar_feed WHERE revoked_at IS NULL AND scope = 'facility_person' ORDER BY id DESC`)[0];
  res = await form(`/facility/feeds/${feed.id}/revoke`, {}, gongToken);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /将撤销这个订阅网址/);
  assert.equal((await fetch(srv.url + path)).status, 200, 'not revoked before it is confirmed');
  assert.equal((await form(`/facility/feeds/${feed.id}/revoke`, { confirm: '1' }, firmToken)).status, 404, "another's feed");
  res = await form(`/facility/feeds/${feed.id}/revoke`, { confirm: '1' }, gongToken);
  assert.equal(res.status, 303);
  assert.equal((await fetch(srv.url + path)).status, 404);
  assert.equal((await api.request('PUT', '/api/v1/settings/site.public_base_url', as(adminToken, { value: '' }))).status, 200);
});
