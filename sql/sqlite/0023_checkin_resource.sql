-- 0023_checkin_resource (SQLite; see sql/postgres/0023_checkin_resource.sql):
-- the code shown at a facility's resource is guessed per resource, not per
-- booking (issue 18): wrong codes are counted for a resource and the
-- account that types them ('facility_resource'), whatever booking they
-- were typed for, so that trying codes across many bookings of one
-- resource is slowed as trying them at one. The attempts stay logged per
-- booking. A guard's counts so far are carried over, summed per resource
-- and account (at most five, the guard's limit).
--
-- SQLite cannot change a CHECK constraint in place: the guard (which no
-- table refers to) is created anew under another name, filled, and renamed.
CREATE TABLE checkin_guard_0023 (
    scope TEXT NOT NULL CHECK (scope IN ('training_session',
        'facility_resource')),
    subject_id INTEGER NOT NULL,
    holder_id INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures BETWEEN 0 AND 5),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (scope, subject_id, holder_id)
) STRICT;
INSERT INTO checkin_guard_0023 (scope, subject_id, holder_id, failures,
    updated_at)
SELECT scope, subject_id, holder_id, failures, updated_at
FROM checkin_guard WHERE scope = 'training_session';
INSERT INTO checkin_guard_0023 (scope, subject_id, holder_id, failures,
    updated_at)
SELECT 'facility_resource', b.resource_id, g.holder_id,
    min(sum(g.failures), 5), max(g.updated_at)
FROM checkin_guard g JOIN facility_booking b ON b.id = g.subject_id
WHERE g.scope = 'facility_booking'
GROUP BY b.resource_id, g.holder_id;
DROP TABLE checkin_guard;
ALTER TABLE checkin_guard_0023 RENAME TO checkin_guard;
