-- bench/seed-facility.sql - 500 resources booked through a term, for
-- bench/facility.sh (SQLite, through Debian's sqlite3 shell, on a freshly
-- migrated database).
--
-- Five centres' worth of resources (rooms of 40 seats, cells of 4,
-- machines, kits and labs of 1), a fifth of them inside a room; each open
-- on weekdays 08:00-12:00 and 13:00-21:00; the term 2030 春季学期 (1 March
-- to 10 July 2030) with its public holidays and a make-up working day;
-- a window of maintenance on every tenth resource; and two bookings a
-- week of each resource through the term (18,000), made by one
-- firm, each two hours at an hour of its own (no row holds a room's share
-- for a booking of what lies in it). The database's triggers
-- check every row as bookings made through the rules are.
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 500)
INSERT INTO n (i) SELECT i FROM r;

INSERT INTO org (id, name, kind, created_at, updated_at)
VALUES (1000001, '基准测试示例企业', 'enterprise', '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z');

-- Rooms first (every fifth), then what lies in them.
INSERT INTO facility_resource (id, name, kind, seats, place, created_at,
    updated_at)
SELECT i, '基准资源' || i, CASE i % 5 WHEN 0 THEN 'room' WHEN 1 THEN 'cell'
    WHEN 2 THEN 'machine' WHEN 3 THEN 'kit' ELSE 'lab' END,
    CASE i % 5 WHEN 0 THEN 40 WHEN 1 THEN 4 ELSE 1 END,
    '基准实训楼' || (i % 10 + 1) || '层', '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z'
FROM n ORDER BY i;
UPDATE facility_resource SET parent_id = id + 4, parent_seats = 2
WHERE id % 5 = 1 AND id + 4 <= 500;

INSERT INTO facility_hours (resource_id, weekday, opens_at, closes_at,
    created_at, updated_at)
SELECT n.i, d.i, h.opens, h.closes, '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z'
FROM n, (SELECT i FROM n WHERE i <= 5) d,
    (SELECT '08:00' AS opens, '12:00' AS closes
     UNION ALL SELECT '13:00', '21:00') h
ORDER BY n.i, d.i;

INSERT INTO facility_term (name, starts_on, ends_on, created_at, updated_at)
VALUES ('2030 春季学期', '2030-03-01', '2030-07-10', '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z');
INSERT INTO facility_day (on_date, kind, name, as_weekday, created_at,
    updated_at) VALUES
    ('2030-04-05', 'holiday', '清明节', NULL, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ('2030-05-01', 'holiday', '劳动节', NULL, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ('2030-05-02', 'holiday', '劳动节', NULL, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ('2030-05-03', 'holiday', '劳动节', NULL, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ('2030-05-11', 'workday', '劳动节调休', 5, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ('2030-06-05', 'holiday', '端午节', NULL, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z');

INSERT INTO facility_maintenance (resource_id, starts_at, ends_at, reason,
    created_at, updated_at)
SELECT i, '2030-04-10T00:00:00Z', '2030-04-12T10:00:00Z', '定期保养',
    '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'
FROM n WHERE i % 10 = 0;

-- Two bookings a week of each resource: Tuesday and Thursday, two hours
-- from an hour of its own (Beijing 08:00 to 19:00, stored UTC), one seat;
-- the whole of a one-seat resource. 2030-03-04 is a Monday.
CREATE TEMP TABLE w (k INTEGER PRIMARY KEY);
WITH RECURSIVE r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r WHERE k < 17)
INSERT INTO w (k) SELECT k FROM r;
INSERT INTO facility_booking (resource_id, org_id, starts_at, ends_at,
    minutes, on_date, seats, whole, status, purpose, created_at, updated_at)
SELECT f.id, 1000001,
    strftime('%Y-%m-%dT%H:00:00Z', '2030-03-04', '+' || (7 * w.k + d.day)
        || ' days', '+' || (f.id % 12) || ' hours'),
    strftime('%Y-%m-%dT%H:00:00Z', '2030-03-04', '+' || (7 * w.k + d.day)
        || ' days', '+' || (f.id % 12 + 2) || ' hours'),
    120, date('2030-03-04', '+' || (7 * w.k + d.day) || ' days'), 1,
    f.seats = 1, 'confirmed', '基准', '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z'
FROM facility_resource f, w, (SELECT 1 AS day UNION ALL SELECT 3) d
ORDER BY f.id, w.k, d.day;
COMMIT;
ANALYZE;
