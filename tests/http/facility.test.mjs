// The shared facilities over HTTP: the catalogue, bookings that never
// clash (fifty requests for one slot: one booking; an overlapping row
// written straight into the table is refused by the database itself; a
// four-seat room takes four and refuses the fifth; a booking of a cell
// holds its share of the room it lies in), partner agreements with their
// hours per term (past the allocation: 409 with used, allocated and asked;
// a staff override is in the audit log), cancelling, who sees which
// bookings, and a resource's week.
// Every JSON answer is checked against the served OpenAPI document, and
// the database is read directly where the claim is about what was written.
// Runs once on SQLite and once on PostgreSQL (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDatabase, dbRows, dbTryExec } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';

let db, srv, api, adminToken, teacherToken, firmToken, otherToken;
let univ, firm, other, room, cell, lathe, hall, term;

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

async function userWithToken(name, roles, org) {
  const args = ['user', 'add', name, '--db', db.url];
  for (const r of roles) args.push('--role', r);
  if (org) args.push('--org', String(org));
  const add = await runCli(args, { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', name, '--db', db.url]);
  assert.equal(tok.status, 0, tok.stderr);
  return tok.stdout.trim();
}

// A time of 2030 (always in the future for these tests), UTC.
const at = (day, hour, minute = 0) =>
  `2030-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

before(async () => {
  db = freshDatabase();
  adminToken = await userWithToken('root', ['admin']);
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
  univ = await create('/api/v1/orgs', { kind: 'university', name: '长春工业大学' });
  firm = await create('/api/v1/orgs', { kind: 'enterprise', name: '哈工大机器人集团' });
  other = await create('/api/v1/orgs', { kind: 'enterprise', name: '吉林精工数控有限公司' });
  teacherToken = await userWithToken('laoshi', ['college'], univ.id);
  firmToken = await userWithToken('hrg', ['enterprise'], firm.id);
  otherToken = await userWithToken('jinggong', ['enterprise'], other.id);
  room = await create(`${B}/resources`, { name: '工业机器人实训室', kind: 'room', seats: 4, place: '实训楼二层', owner_org_id: firm.id });
  cell = await create(`${B}/resources`, { name: '机器人工作站1号', kind: 'cell', seats: 1, parent_id: room.id, parent_seats: 2 });
  lathe = await create(`${B}/resources`, { name: '五轴数控加工中心', kind: 'machine', seats: 1 });
  hall = await create(`${B}/resources`, { name: '公共实训教室', kind: 'room', seats: 4 });
  term = await create(`${B}/terms`, { name: '2030 春季学期', starts_on: '2030-02-20', ends_on: '2030-07-10' });
  const agreement = await create(`${B}/agreements`, {
    org_id: univ.id, title: '共建共享技术技能实训设施合作协议', signed_on: '2029-06-01',
    starts_on: '2029-09-01', ends_on: '2032-08-31', kinds: 'room,cell',
  });
  await create(`${B}/allocations`, { agreement_id: agreement.id, term_id: term.id, minutes: 120 });
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0, 'the server exits 0 on SIGTERM');
});

test('the catalogue: a cell inside a room holds some of its seats; bad input names its field', async () => {
  assertError(await api.request('POST', `${B}/resources`, as(adminToken, { name: '机器人工作站2号', kind: 'cell', seats: 1, parent_id: room.id })), 400, 'invalid', 'parent_seats');
  assertError(await api.request('POST', `${B}/resources`, as(adminToken, { name: '机器人工作站2号', kind: 'robot', seats: 1 })), 400, 'invalid', 'kind');
  assertError(await api.request('POST', `${B}/resources`, as(adminToken, { name: '机器人工作站2号', kind: 'cell', seats: 0 })), 400, 'invalid', 'seats');
  assertError(await api.request('POST', `${B}/resources`, as(firmToken, { name: '机器人工作站2号', kind: 'cell', seats: 1 })), 403, 'forbidden');
  assert.equal(count(`facility_resource WHERE name = '机器人工作站2号'`), 0);
  const list = await api.request('GET', `${B}/resources?kind=cell`, as(teacherToken));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((r) => r.name), ['机器人工作站1号']);
  assertError(await api.request('POST', `${B}/agreements`, as(adminToken, {
    org_id: univ.id, title: '协议', signed_on: '2019-01-01', starts_on: '2019-01-01', ends_on: '2020-01-01', kinds: 'room,robot',
  })), 400, 'invalid', 'kinds');
  assertError(await api.request('POST', `${B}/terms`, as(adminToken, { name: '重叠学期', starts_on: '2030-07-01', ends_on: '2030-08-31' })), 409, 'conflict', 'starts_on');
});

test('fifty requests at once for one slot of a one-seat resource: one booking, 49 conflicts', async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => api.request('POST', `${B}/bookings`,
    as(i % 2 ? firmToken : otherToken, { resource_id: lathe.id, starts_at: at(4, 1, i % 30), ends_at: at(4, 3) }))));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [201, ...Array(49).fill(409)], answers.filter((a) => a.status !== 409).map((a) => a.text).join('\n'));
  for (const a of answers.filter((x) => x.status === 409)) {
    assertError(a, 409, 'conflict', 'resource_id');
    assert.match(a.json.error.message, /五轴数控加工中心/);
  }
  assert.equal(count(`facility_booking WHERE resource_id = ${lathe.id}`), 1);
  assert.equal(count(`audit_log WHERE entity = 'facility_booking' AND entity_id IN (SELECT id FROM facility_booking WHERE resource_id = ${lathe.id})`), 1);
  // Back to back is no clash: the intervals are half-open.
  await create(`${B}/bookings`, { resource_id: lathe.id, starts_at: at(4, 3), ends_at: at(4, 4) }, firmToken);
});

test('an overlapping row written straight into the table is refused by the database', async () => {
  const [{ id: booked }] = rows(`SELECT id FROM facility_booking WHERE resource_id = ${lathe.id} ORDER BY id LIMIT 1`);
  assert.ok(booked);
  const insert = (seats, whole) => `INSERT INTO facility_booking (resource_id, org_id, starts_at, ends_at, minutes, on_date, seats, whole, status, created_at, updated_at) VALUES (${lathe.id}, ${other.id}, '${at(4, 2)}', '${at(4, 5)}', 180, '2030-03-04', ${seats}, ${whole}, 'confirmed', '${at(1, 0)}', '${at(1, 0)}')`;
  const res = dbTryExec(db.url, insert(1, 1));
  assert.equal(res.ok, false, 'the overlap was written');
  assert.match(res.error, /facility_booking_no_overlap|facility_booking_clash/);
  // Nor may a row claim to take only part of a one-seat resource.
  assert.equal(dbTryExec(db.url, insert(1, 0)).ok, false);
  assert.equal(count(`facility_booking WHERE resource_id = ${lathe.id} AND org_id = ${other.id} AND starts_at = '${at(4, 2)}'`), 0);
});

test('a four-seat room takes four one-seat bookings and refuses the fifth, and a whole booking', async () => {
  for (let i = 0; i < 4; i++)
    await create(`${B}/bookings`, { resource_id: hall.id, starts_at: at(5, 1 + (i % 2)), ends_at: at(5, 4), seats: 1 }, i % 2 ? firmToken : otherToken);
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(5, 3), ends_at: at(5, 5) })), 409, 'conflict', 'resource_id');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(5, 0), ends_at: at(5, 2), seats: 4 })), 409, 'conflict', 'resource_id');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(5, 5), ends_at: at(5, 6), seats: 5 })), 400, 'invalid', 'seats');
  assert.equal(count(`facility_booking WHERE resource_id = ${hall.id}`), 4);
  // After the four end, the room is free again, whole.
  const whole = await create(`${B}/bookings`, { resource_id: hall.id, starts_at: at(5, 4), ends_at: at(5, 6), seats: 4 }, otherToken);
  assert.equal(whole.whole, 1);
  // Fifty one-seat bookings at once on the four-seat room: four pass.
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => api.request('POST', `${B}/bookings`,
    as(i % 2 ? firmToken : otherToken, { resource_id: hall.id, starts_at: at(6, 1), ends_at: at(6, 2) }))));
  assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(4).fill(201), ...Array(46).fill(409)]);
  assert.equal(count(`facility_booking WHERE resource_id = ${hall.id} AND starts_at = '${at(6, 1)}'`), 4);
});

test('a booking of a cell holds its share of the room: the whole room is then taken', async () => {
  const b = await create(`${B}/bookings`, { resource_id: cell.id, starts_at: at(7, 1), ends_at: at(7, 2), purpose: '机器人编程实训' }, firmToken);
  const held = rows(`SELECT resource_id, seats, whole FROM facility_booking WHERE held_by_id = ${b.id}`);
  assert.deepEqual(held.map((h) => [Number(h.resource_id), Number(h.seats), Number(h.whole)]), [[room.id, 2, 0]]);
  const res = await api.request('POST', `${B}/bookings`, as(adminToken, { resource_id: room.id, org_id: other.id, starts_at: at(7, 1, 30), ends_at: at(7, 3), seats: 4 }));
  assertError(res, 409, 'conflict', 'resource_id');
  assert.match(res.json.error.message, /工业机器人实训室/);
  // Two seats of the room are still free at that time.
  await create(`${B}/bookings`, { resource_id: room.id, starts_at: at(7, 1), ends_at: at(7, 2), seats: 2 }, otherToken);
  // Cancelling the cell's booking frees its share of the room too.
  const cancelled = await api.request('POST', `${B}/bookings/${b.id}/cancel`, as(firmToken));
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.status, 'cancelled');
  assert.equal(count(`facility_booking WHERE held_by_id = ${b.id} AND status = 'confirmed'`), 0);
  await create(`${B}/bookings`, { resource_id: room.id, starts_at: at(7, 1), ends_at: at(7, 2), seats: 2 }, otherToken);
});

test('a partner books within its agreement and its hours for the term; staff override, audited', async () => {
  // 90 minutes of the 120 allocated.
  await create(`${B}/bookings`, { resource_id: room.id, starts_at: at(11, 1), ends_at: at(11, 2, 30), purpose: '机器人课程实训' }, teacherToken);
  const past = await api.request('POST', `${B}/bookings`, as(teacherToken, { resource_id: room.id, starts_at: at(12, 1), ends_at: at(12, 2) }));
  assertError(past, 409, 'conflict', 'ends_at');
  assert.match(past.json.error.message, /used 1\.50 hours, allocated 2\.00 hours, asked for 1\.00 hours/);
  assert.match(past.json.error.message, /2030 春季学期/);
  // No agreement covers machines: 403 naming the kind.
  const machine = await api.request('POST', `${B}/bookings`, as(teacherToken, { resource_id: lathe.id, starts_at: at(12, 5), ends_at: at(12, 6) }));
  assertError(machine, 403, 'forbidden', 'resource_id');
  assert.match(machine.json.error.message, /machine/);
  // Only staff override, and they say why.
  assertError(await api.request('POST', `${B}/bookings`, as(teacherToken, { resource_id: room.id, starts_at: at(12, 1), ends_at: at(12, 2), override_reason: '补课' })), 403, 'forbidden', 'override_reason');
  assertError(await api.request('POST', `${B}/bookings`, as(adminToken, { resource_id: room.id, org_id: univ.id, starts_at: at(12, 1), ends_at: at(12, 2) })), 409, 'conflict', 'ends_at');
  assert.equal(count(`facility_booking WHERE org_id = ${univ.id}`), 1);
  const over = await create(`${B}/bookings`, { resource_id: room.id, org_id: univ.id, starts_at: at(12, 1), ends_at: at(12, 2), override_reason: '期末补课，经园区批准' });
  assert.equal(over.override_reason, '期末补课，经园区批准');
  const audit = rows(`SELECT after_json FROM audit_log WHERE action = 'override' AND entity = 'facility_allocation'`);
  assert.equal(audit.length, 1);
  const detail = JSON.parse(audit[0].after_json);
  assert.deepEqual([detail.used_minutes, detail.allocated_minutes, detail.asked_minutes, detail.reason], [90, 120, 60, '期末补课，经园区批准']);
  // Outside any term there is nothing to count against.
  const summer = await api.request('POST', `${B}/bookings`, as(teacherToken, { resource_id: room.id, starts_at: '2030-08-01T01:00:00Z', ends_at: '2030-08-01T02:00:00Z' }));
  assertError(summer, 409, 'conflict', 'starts_at');
});

test('bad times name their field and write nothing', async () => {
  const before = count('facility_booking');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(20, 3), ends_at: at(20, 2) })), 400, 'invalid', 'ends_at');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: '2030-03-20T01:00:30Z', ends_at: at(20, 2) })), 400, 'invalid', 'starts_at');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: '2020-03-20T01:00:00Z', ends_at: '2020-03-20T02:00:00Z' })), 400, 'invalid', 'starts_at');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, on: '2030-03-20', from: '09:00', to: '25:00' })), 400, 'invalid', 'to');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(20, 1), ends_at: at(20, 2), org_id: other.id })), 403, 'forbidden', 'org_id');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: 999999, starts_at: at(20, 1), ends_at: at(20, 2) })), 400, 'invalid', 'resource_id');
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: hall.id, starts_at: at(20, 1), ends_at: at(20, 2), colour: 'red' })), 400, 'invalid', 'colour');
  assert.equal(count('facility_booking'), before);
  // Beijing time from a form: 09:00-10:30 on 2030-03-20 is 01:00-02:30Z.
  const b = await create(`${B}/bookings`, { resource_id: hall.id, on: '2030-03-20', from: '09:00', to: '10:30' }, firmToken);
  assert.deepEqual([b.starts_at, b.ends_at, b.minutes, b.on_date], [at(20, 1), at(20, 2, 30), 90, '2030-03-20']);
});

test('an organisation sees and cancels only its own bookings; the week hides who else booked', async () => {
  const mine = await api.request('GET', `${B}/bookings?limit=200`, as(firmToken));
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.length > 0);
  assert.ok(mine.json.items.every((b) => b.org_id === firm.id));
  const theirs = rows(`SELECT id FROM facility_booking WHERE org_id = ${other.id} AND held_by_id IS NULL ORDER BY id LIMIT 1`)[0].id;
  assertError(await api.request('GET', `${B}/bookings/${theirs}`, as(firmToken)), 404, 'not_found');
  assertError(await api.request('POST', `${B}/bookings/${theirs}/cancel`, as(firmToken)), 404, 'not_found');
  assert.equal(rows(`SELECT status FROM facility_booking WHERE id = ${theirs}`)[0].status, 'confirmed');
  const again = await api.request('POST', `${B}/bookings/${theirs}/cancel`, as(otherToken));
  assert.equal(again.status, 200, again.text);
  assertError(await api.request('POST', `${B}/bookings/${theirs}/cancel`, as(otherToken)), 409, 'conflict');
  assert.equal(count(`audit_log WHERE action = 'cancel' AND entity = 'facility_booking' AND entity_id = ${theirs}`), 1);

  const week = await api.request('GET', `${B}/resources/${hall.id}/week?from=2030-03-06`, as(firmToken));
  assert.equal(week.status, 200, week.text);
  assert.equal(week.json.from, '2030-03-04');
  assert.deepEqual([week.json.prev, week.json.next], ['2030-02-25', '2030-03-11']);
  assert.ok(week.json.bookings.length >= 4);
  for (const b of week.json.bookings) assert.equal('org_name' in b, b.mine, JSON.stringify(b));
  // 2030-03-06 01:00Z is 09:00 in Beijing: four seats of four taken.
  const nine = week.json.hours.find((h) => h.hour === '09:00').cells.find((c) => c.date === '2030-03-06');
  assert.deepEqual([nine.taken, nine.full], [4, true]);
  const staff = await api.request('GET', `${B}/resources/${hall.id}/week?from=2030-03-06`, as(adminToken));
  assert.ok(staff.json.bookings.every((b) => b.org_name));
  assertError(await api.request('GET', `${B}/resources/${hall.id}/week?from=2030-13-01`, as(firmToken)), 400, 'invalid', 'from');
});

test('agreements and allocations: a partner reads its own, a firm none', async () => {
  const own = await api.request('GET', `${B}/agreements`, as(teacherToken));
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.json.items.map((a) => a.org_id), [univ.id]);
  const alloc = await api.request('GET', `${B}/allocations`, as(teacherToken));
  assert.equal(alloc.status, 200, alloc.text);
  assert.deepEqual(alloc.json.items.map((a) => [a.org_name, a.term_name, a.minutes]), [['长春工业大学', '2030 春季学期', 120]]);
  assertError(await api.request('GET', `${B}/agreements`, as(firmToken)), 403, 'forbidden');
});

test('approval: a pending booking holds its slot until the owner approves or staff reject it; unanswered, it expires', async () => {
  const sim = await create(`${B}/resources`, { name: '城轨列车驾驶模拟器', kind: 'machine', seats: 1, owner_org_id: firm.id, approval: 'staff' });
  const asked = await create(`${B}/bookings`, { resource_id: sim.id, starts_at: at(21, 1), ends_at: at(21, 3), purpose: '司机驾驶实训' }, otherToken);
  assert.equal(asked.status, 'pending');
  assert.ok(asked.expires_at > asked.created_at);
  assert.equal(count(`notification WHERE role = 'admin' AND title = '设施预约待审批'`), 1);
  // Pending holds the slot.
  assertError(await api.request('POST', `${B}/bookings`, as(firmToken, { resource_id: sim.id, starts_at: at(21, 2), ends_at: at(21, 4) })), 409, 'conflict', 'resource_id');
  // The owner's accounts see it in their queue; another firm neither sees nor decides it.
  const queue = await api.request('GET', `${B}/approvals`, as(firmToken));
  assert.equal(queue.status, 200, queue.text);
  assert.deepEqual(queue.json.items.map((b) => b.id), [asked.id]);
  assert.deepEqual((await api.request('GET', `${B}/approvals`, as(otherToken))).json.items, []);
  assertError(await api.request('POST', `${B}/bookings/${asked.id}/approve`, as(otherToken)), 404, 'not_found');
  assertError(await api.request('POST', `${B}/bookings/${asked.id}/approve`, as(teacherToken)), 403, 'forbidden');
  const ok = await api.request('POST', `${B}/bookings/${asked.id}/approve`, as(firmToken));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'confirmed');
  assert.ok(ok.json.decided_at);
  assertError(await api.request('POST', `${B}/bookings/${asked.id}/reject`, as(adminToken)), 409, 'conflict');
  assert.equal(count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'jinggong') AND title = '设施预约已通过审批'`), 1);
  assert.equal(count(`audit_log WHERE action = 'approve' AND entity = 'facility_booking' AND entity_id = ${asked.id}`), 1);

  // Staff reject one: its slot is free again.
  const second = await create(`${B}/bookings`, { resource_id: sim.id, starts_at: at(22, 1), ends_at: at(22, 3) }, otherToken);
  const no = await api.request('POST', `${B}/bookings/${second.id}/reject`, as(adminToken));
  assert.equal(no.json.status, 'rejected');
  const third = await create(`${B}/bookings`, { resource_id: sim.id, starts_at: at(22, 1), ends_at: at(22, 3) }, firmToken);
  assert.equal(third.status, 'pending');
  // Nobody answers: past its time, the job rejects it and tells the requester.
  assert.ok(dbTryExec(db.url, `UPDATE facility_booking SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ${third.id}`).ok);
  const run = await runCli(['jobs', 'run', 'facility.expire', '--db', db.url]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(rows(`SELECT status FROM facility_booking WHERE id = ${third.id}`)[0].status, 'rejected');
  assert.equal(count(`audit_log WHERE action = 'expire' AND entity_id = ${third.id}`), 1);
  assert.equal(count(`notification WHERE account_id = (SELECT id FROM account WHERE name = 'hrg') AND title LIKE '设施预约审批超时%'`), 1);
  // Staff's own bookings need no approval.
  const staffs = await create(`${B}/bookings`, { resource_id: sim.id, org_id: other.id, starts_at: at(23, 1), ends_at: at(23, 2) });
  assert.equal(staffs.status, 'confirmed');
});

test('a weekly series that clashes on one date is refused whole, naming the date; skipped and moved dates', async () => {
  // 2030-04-10 is a Wednesday; 09:00-10:00 in Beijing.
  await create(`${B}/bookings`, { resource_id: lathe.id, on: '2030-04-10', from: '09:00', to: '10:00' }, firmToken);
  const body = { resource_id: lathe.id, on: '2030-04-01', weekdays: '1,3', count: 6, from: '09:30', to: '11:00', purpose: '数控加工课' };
  const before = count('facility_booking');
  const refused = await api.request('POST', `${B}/series`, as(otherToken, body));
  assertError(refused, 409, 'conflict', 'on');
  assert.match(refused.json.error.message, /clashes on 2030-04-10: 五轴数控加工中心/);
  assert.doesNotMatch(refused.json.error.message, /2030-04-08|2030-04-15/);
  assert.equal(count('facility_booking'), before);
  assert.equal(count('facility_series'), 0);
  const made = await create(`${B}/series`, { ...body, skip: ['2030-04-10'], move: [{ on: '2030-04-15', to_on: '2030-04-16' }] }, otherToken);
  assert.deepEqual(made.bookings.map((b) => b.on), ['2030-04-01', '2030-04-03', '2030-04-08', '2030-04-16', '2030-04-17']);
  assert.deepEqual([made.occurrences, made.first_on, made.until_on, made.weekdays], [5, '2030-04-01', '2030-04-17', '1,3']);
  assert.equal(count(`facility_booking WHERE series_id = ${made.id} AND status = 'confirmed'`), 5);
  const starts = rows(`SELECT starts_at FROM facility_booking WHERE series_id = ${made.id} ORDER BY starts_at`).map((r) => r.starts_at);
  assert.deepEqual(starts[0], '2030-04-01T01:30:00Z');
  const list = await api.request('GET', `${B}/series`, as(otherToken));
  assert.deepEqual(list.json.items.map((x) => x.id), [made.id]);
  assert.deepEqual((await api.request('GET', `${B}/series`, as(firmToken))).json.items, []);
  assertError(await api.request('POST', `${B}/series`, as(otherToken, { ...body, weekdays: '3,1' })), 400, 'invalid', 'weekdays');
  assertError(await api.request('POST', `${B}/series`, as(otherToken, { ...body, until: '2030-05-01' })), 400, 'invalid', 'until');
  assertError(await api.request('POST', `${B}/series`, as(otherToken, { ...body, count: undefined })), 400, 'invalid', 'until');
  assertError(await api.request('POST', `${B}/series`, as(otherToken, { ...body, skip: ['2030-04-31'] })), 400, 'invalid', 'skip');
  assertError(await api.request('POST', `${B}/bookings`, as(otherToken, { resource_id: lathe.id, on: '2030-04-20', from: '09:00', to: '10:00', skip: [] })), 400, 'invalid', 'skip');
});

test('the same POST twice with one Idempotency-Key makes one series and one booking; another body under the key is 409', async () => {
  const key = (k) => ({ headers: { authorization: `Bearer ${firmToken}`, 'idempotency-key': k } });
  const body = { resource_id: hall.id, on: '2030-05-06', weekdays: '2,4', until: '2030-05-31', from: '14:00', to: '16:00', seats: 2 };
  const first = await api.request('POST', `${B}/series`, { ...key('series-2030-05'), body });
  assert.equal(first.status, 201, first.text);
  const again = await api.request('POST', `${B}/series`, { ...key('series-2030-05'), body });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.json, first.json);
  assert.equal(count(`facility_series WHERE resource_id = ${hall.id}`), 1);
  assert.equal(count(`facility_booking WHERE series_id = ${first.json.id}`), first.json.occurrences);
  assertError(await api.request('POST', `${B}/series`, { ...key('series-2030-05'), body: { ...body, seats: 3 } }), 409, 'conflict');
  // The same key of another account is that account's own.
  const other = await api.request('POST', `${B}/series`, { headers: { authorization: `Bearer ${otherToken}`, 'idempotency-key': 'series-2030-05' },
    body: { ...body, seats: 1 } });
  assert.equal(other.status, 201, other.text);
  const one = { resource_id: lathe.id, on: '2030-06-03', from: '09:00', to: '10:00' };
  const b1 = await api.request('POST', `${B}/bookings`, { ...key('b-2030-06-03'), body: one });
  const b2 = await api.request('POST', `${B}/bookings`, { ...key('b-2030-06-03'), body: one });
  assert.deepEqual([b1.status, b2.status, b2.json.id], [201, 201, b1.json.id]);
  assert.equal(count(`facility_booking WHERE resource_id = ${lathe.id} AND on_date = '2030-06-03'`), 1);
});

test('a resource that asks for a certificate: none is 403 naming it, one issued too long ago too, a recent one books', async () => {
  const welder = await create('/api/v1/people', { name: '龚师傅' });
  const gongToken = await userWithToken('gong', ['enterprise'], firm.id);
  // The account names its person through the CLI's --person.
  const add = await runCli(['user', 'add', 'gong2', '--role', 'enterprise', '--org', String(firm.id), '--person', String(welder.id), '--db', db.url], { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  const tok = await runCli(['user', 'token', 'gong2', '--db', db.url]);
  const welderToken = tok.stdout.trim();
  const cell2 = await create(`${B}/resources`, { name: '焊接机器人工作站', kind: 'cell', seats: 1,
    required_occupation: '焊工', required_level: 4, cert_months: 24 });
  assertError(await api.request('POST', `${B}/resources`, as(adminToken, { name: '半截要求', kind: 'cell', seats: 1, required_occupation: '焊工' })), 400, 'invalid', 'required_level');
  const slot = { resource_id: cell2.id, starts_at: at(25, 1), ends_at: at(25, 2) };
  // An account that names no person, then a person with no certificate.
  const nobody = await api.request('POST', `${B}/bookings`, as(gongToken, slot));
  assertError(nobody, 403, 'forbidden', 'person_id');
  assert.match(nobody.json.error.message, /焊工 中级工及以上/);
  const none = await api.request('POST', `${B}/bookings`, as(welderToken, slot));
  assertError(none, 403, 'forbidden', 'person_id');
  assert.match(none.json.error.message, /焊接机器人工作站 asks for 焊工 中级工及以上职业技能等级证书 issued since/);
  // A certificate of the right occupation and level, but issued too long ago.
  const number = (n) => `GZ-2030-${n}`;
  await create('/api/v1/training/skill-certificates', { person_id: welder.id, occupation: '焊工', level: 4, number: number(1), issuer: '吉林省职业技能鉴定中心', issued_on: '2019-06-01' });
  assertError(await api.request('POST', `${B}/bookings`, as(welderToken, slot)), 403, 'forbidden', 'person_id');
  // A lower level, recent: still refused. A higher level, recent: booked.
  const recent = new Date(Date.now() + 8 * 3600e3 - 30 * 86400e3).toISOString().slice(0, 10);
  await create('/api/v1/training/skill-certificates', { person_id: welder.id, occupation: '焊工', level: 5, number: number(2), issuer: '吉林省职业技能鉴定中心', issued_on: recent });
  assertError(await api.request('POST', `${B}/bookings`, as(welderToken, slot)), 403, 'forbidden', 'person_id');
  assert.equal(count(`facility_booking WHERE resource_id = ${cell2.id}`), 0);
  await create('/api/v1/training/skill-certificates', { person_id: welder.id, occupation: '焊工', level: 3, number: number(3), issuer: '吉林省职业技能鉴定中心', issued_on: recent });
  const ok = await create(`${B}/bookings`, slot, welderToken);
  assert.equal(ok.person_id, welder.id);
});

test('figures: partners sharing as of a date, their hours, seat-hours per resource', async () => {
  const f = await api.request('GET', `${B}/figures?as_of=2030-03-31`, as(teacherToken));
  assert.equal(f.status, 200, f.text);
  assert.deepEqual([f.json.as_of, f.json.since, f.json.partners, f.json.partner_minutes], ['2030-03-31', '2029-03-31', 1, 150]);
  assert.deepEqual(f.json.partner_list.map((p) => [p.id, p.minutes, p.bookings]), [[univ.id, 150, 2]]);
  const lathe_ = f.json.resources.find((r) => r.id === lathe.id);
  const [{ n }] = rows(`SELECT coalesce(sum(seats * minutes), 0) AS n FROM facility_booking WHERE resource_id = ${lathe.id} AND status = 'confirmed' AND ends_at <= '2030-03-31T16:00:00Z'`);
  assert.ok(Number(n) >= 60);
  assert.equal(lathe_.seat_minutes, Number(n));
  // Before its bookings took place, the partner does not count yet.
  const early = await api.request('GET', `${B}/figures?as_of=2030-03-10`, as(teacherToken));
  assert.deepEqual([early.json.partners, early.json.partner_minutes], [0, 0]);
  // Nor once they were cancelled.
  const ids = rows(`SELECT id FROM facility_booking WHERE org_id = ${univ.id} AND held_by_id IS NULL`).map((b) => b.id);
  for (const id of ids) assert.equal((await api.request('POST', `${B}/bookings/${id}/cancel`, as(adminToken))).status, 200);
  const none = await api.request('GET', `${B}/figures?as_of=2030-03-31`, as(adminToken));
  assert.deepEqual([none.json.partners, none.json.partner_list], [0, []]);
  assertError(await api.request('GET', `${B}/figures?as_of=2030-02-30`, as(adminToken)), 400, 'invalid', 'as_of');
});
