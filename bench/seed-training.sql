-- bench/seed-training.sql - ten times the demo park's training history,
-- and a million attendance rows, for bench/training.sh (SQLite, through
-- Debian's sqlite3 shell, on a database `jianggu demo` loaded).
--
-- Nine copies of every person, with their affiliations, the cohorts with
-- their enrolments and dated events, the completion certificates, the
-- placement slots with their placements and events and the skill
-- certificates; ids are shifted by the table's largest id times the copy
-- number. Then a classroom of its own per cohort (with its resource in the
-- shared facilities), 30 sessions per cohort there (every other day from
-- its start), each holding its cohort's booking of the room as sessions
-- made through the rules do, and the attendance of every enrolment at the
-- sessions held on or after it enrolled. The database's own triggers run on every row (capacity,
-- the order of events, the places of a slot), so the copies are checked
-- as records made through the rules are.
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE copy (n INTEGER PRIMARY KEY);
INSERT INTO copy (n) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TEMP TABLE top AS SELECT
    (SELECT max(id) FROM person) AS person,
    (SELECT max(id) FROM affiliation) AS affiliation,
    (SELECT max(id) FROM training_cohort) AS cohort,
    (SELECT max(id) FROM training_enrolment) AS enrolment,
    (SELECT max(id) FROM training_enrolment_event) AS event,
    (SELECT max(id) FROM training_certificate) AS certificate,
    (SELECT max(id) FROM placement_slot) AS slot,
    (SELECT max(id) FROM placement) AS placement,
    (SELECT max(id) FROM placement_event) AS placement_event,
    (SELECT max(id) FROM skill_certificate) AS skill;

INSERT INTO person (id, name, created_at, updated_at)
SELECT p.id + c.n * t.person, p.name, p.created_at, p.updated_at
FROM person p, copy c, top t ORDER BY c.n, p.id;

INSERT INTO affiliation (id, person_id, org_id, role, title, since, until,
    created_at, updated_at)
SELECT a.id + c.n * t.affiliation, a.person_id + c.n * t.person, a.org_id,
    a.role, a.title, a.since, a.until, a.created_at, a.updated_at
FROM affiliation a, copy c, top t ORDER BY c.n, a.id;

INSERT INTO training_cohort (id, programme_id, centre_id, name, capacity,
    starts_on, ends_on, teacher_person_id, created_at, updated_at)
SELECT h.id + c.n * t.cohort, h.programme_id, h.centre_id,
    h.name || '·' || c.n, h.capacity, h.starts_on, h.ends_on,
    h.teacher_person_id, h.created_at, h.updated_at
FROM training_cohort h, copy c, top t ORDER BY c.n, h.id;

INSERT INTO training_enrolment (id, cohort_id, person_id, source,
    source_org_id, enrolled_on, status, status_on, created_at, updated_at)
SELECT e.id + c.n * t.enrolment, e.cohort_id + c.n * t.cohort,
    e.person_id + c.n * t.person, e.source, e.source_org_id, e.enrolled_on,
    'enrolled', e.enrolled_on, e.created_at, e.updated_at
FROM training_enrolment e, copy c, top t ORDER BY c.n, e.id;

INSERT INTO training_enrolment_event (id, enrolment_id, kind, on_date,
    reason, actor_account_id, created_at)
SELECT v.id + c.n * t.event, v.enrolment_id + c.n * t.enrolment, v.kind,
    v.on_date, v.reason, v.actor_account_id, v.created_at
FROM training_enrolment_event v, copy c, top t ORDER BY c.n, v.id;

-- A copy's number puts its copy number before the sequence:
-- 〔2019〕第0123号 of copy 3 is 〔2019〕第30123号, unique and never an original.
INSERT INTO training_certificate (id, enrolment_id, person_id,
    programme_id, number, code, issued_on, created_at, updated_at)
SELECT x.id + c.n * t.certificate, x.enrolment_id + c.n * t.enrolment,
    x.person_id + c.n * t.person, x.programme_id,
    replace(x.number, '〕第', '〕第' || c.n),
    -- the 19th character moved on by the copy number: never an original
    substr(x.code, 1, 18) || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ',
        (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(x.code, 19, 1))
         - 1 + c.n) % 32 + 1, 1) || substr(x.code, 20, 1), x.issued_on,
    x.created_at, x.updated_at
FROM training_certificate x, copy c, top t ORDER BY c.n, x.id;

INSERT INTO placement_slot (id, firm_id, title, workshop, master_id,
    starts_on, ends_on, places, taken, note, created_at, updated_at)
SELECT s.id + c.n * t.slot, s.firm_id, s.title, s.workshop, s.master_id,
    s.starts_on, s.ends_on, s.places, 0, s.note, s.created_at, s.updated_at
FROM placement_slot s, copy c, top t ORDER BY c.n, s.id;

INSERT INTO placement (id, slot_id, firm_id, person_id, status,
    assigned_on, ended_on, created_at, updated_at)
SELECT l.id + c.n * t.placement, l.slot_id + c.n * t.slot, l.firm_id,
    l.person_id + c.n * t.person, l.status, l.assigned_on, l.ended_on,
    l.created_at, l.updated_at
FROM placement l, copy c, top t ORDER BY c.n, l.id;

INSERT INTO placement_event (id, placement_id, kind, on_date, note,
    account_id, created_at)
SELECT v.id + c.n * t.placement_event, v.placement_id + c.n * t.placement,
    v.kind, v.on_date, v.note, v.account_id, v.created_at
FROM placement_event v, copy c, top t ORDER BY c.n, v.id;

INSERT INTO skill_certificate (id, person_id, occupation, level, number,
    issuer, issued_on, created_at, updated_at)
SELECT k.id + c.n * t.skill, k.person_id + c.n * t.person, k.occupation,
    k.level, k.number || '-' || c.n, k.issuer, k.issued_on, k.created_at,
    k.updated_at
FROM skill_certificate k, copy c, top t ORDER BY c.n, k.id;

-- A classroom of its own per cohort, so that no two classes share a room
-- at one time (the cohorts of a centre meet at the same hours).
CREATE TEMP TABLE cohort_room AS
SELECT h.id AS cohort_id, h.centre_id, h.created_at,
    (SELECT coalesce(max(id), 0) FROM facility_resource)
        + row_number() OVER (ORDER BY h.id) AS resource_id,
    (SELECT coalesce(max(id), 0) FROM training_room)
        + row_number() OVER (ORDER BY h.id) AS room_id
FROM training_cohort h;
INSERT INTO facility_resource (id, name, kind, centre_id, seats, place,
    created_at, updated_at)
SELECT resource_id, '课室 ' || cohort_id, 'room', centre_id, 60, '',
    created_at, created_at
FROM cohort_room ORDER BY cohort_id;
INSERT INTO training_room (id, centre_id, name, kind, capacity, resource_id,
    created_at, updated_at)
SELECT room_id, centre_id, '课室 ' || cohort_id, 'classroom', 60,
    resource_id, created_at, created_at
FROM cohort_room ORDER BY cohort_id;

-- Thirty sessions per cohort, in its classroom.
CREATE TEMP TABLE nth (n INTEGER PRIMARY KEY);
WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < 29)
INSERT INTO nth (n) SELECT n FROM r;
INSERT INTO training_session (cohort_id, module_id, kind, topic, starts_at,
    ends_at, on_date, minutes, room_id, teacher_person_id, code,
    created_at, updated_at)
SELECT h.id, NULL, 'classroom', '实训',
    strftime('%Y-%m-%dT01:00:00Z', h.starts_on, '+' || (2 * d.n) || ' days'),
    strftime('%Y-%m-%dT03:00:00Z', h.starts_on, '+' || (2 * d.n) || ' days'),
    date(h.starts_on, '+' || (2 * d.n) || ' days'), 120,
    r.room_id, h.teacher_person_id, '246810', h.created_at, h.created_at
FROM training_cohort h JOIN cohort_room r ON r.cohort_id = h.id, nth d
ORDER BY h.id, d.n;

-- Each holds its cohort's booking of the whole room.
INSERT INTO facility_booking (resource_id, cohort_id, starts_at, ends_at,
    minutes, on_date, seats, whole, status, purpose, created_at,
    updated_at)
SELECT r.resource_id, s.cohort_id, s.starts_at, s.ends_at, s.minutes,
    s.on_date, 60, 1, 'confirmed', s.topic, s.created_at, s.created_at
FROM training_session s JOIN cohort_room r ON r.room_id = s.room_id
ORDER BY s.id;
UPDATE training_session SET booking_id = (SELECT b.id FROM facility_booking b
    JOIN training_room r ON r.resource_id = b.resource_id
    WHERE r.id = training_session.room_id
    AND b.starts_at = training_session.starts_at)
WHERE room_id IN (SELECT room_id FROM cohort_room);

-- Checked in by the trainees (unverified: no account to vouch here), at
-- the thirty sessions above (the demo's own have their roll already).
INSERT INTO training_attendance (session_id, enrolment_id, status,
    checked_in_at, created_at, updated_at)
SELECT s.id, e.id,
    CASE (s.id + e.id) % 20 WHEN 0 THEN 'absent' WHEN 1 THEN 'late'
        WHEN 2 THEN 'excused' ELSE 'present' END,
    s.starts_at, s.ends_at, s.ends_at
FROM training_session s JOIN cohort_room r ON r.room_id = s.room_id
JOIN training_enrolment e ON e.cohort_id = s.cohort_id
WHERE s.on_date >= e.enrolled_on
ORDER BY s.id, e.id;
COMMIT;
ANALYZE;
