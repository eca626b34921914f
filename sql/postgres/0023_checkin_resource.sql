-- 0023_checkin_resource (PostgreSQL; see sql/sqlite/0023_checkin_resource.sql):
-- the code shown at a facility's resource is guessed per resource, not per
-- booking (issue 18): wrong codes are counted for a resource and the
-- account that types them ('facility_resource'), whatever booking they
-- were typed for, so that trying codes across many bookings of one
-- resource is slowed as trying them at one. The attempts stay logged per
-- booking. A guard's counts so far are carried over, summed per resource
-- and account (at most five, the guard's limit).
ALTER TABLE checkin_guard DROP CONSTRAINT checkin_guard_scope_check;
CREATE TEMP TABLE checkin_guard_0023 AS
SELECT 'facility_resource'::text AS scope, b.resource_id AS subject_id,
    g.holder_id, least(sum(g.failures), 5)::bigint AS failures,
    max(g.updated_at) AS updated_at
FROM checkin_guard g JOIN facility_booking b ON b.id = g.subject_id
WHERE g.scope = 'facility_booking'
GROUP BY b.resource_id, g.holder_id;
DELETE FROM checkin_guard WHERE scope = 'facility_booking';
INSERT INTO checkin_guard (scope, subject_id, holder_id, failures,
    updated_at)
SELECT scope, subject_id, holder_id, failures, updated_at
FROM checkin_guard_0023;
DROP TABLE checkin_guard_0023;
ALTER TABLE checkin_guard ADD CONSTRAINT checkin_guard_scope_check
    CHECK (scope IN ('training_session', 'facility_resource'));
