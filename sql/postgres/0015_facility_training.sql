-- 0015_facility_training (PostgreSQL; see sql/sqlite/0015_facility_training.sql):
-- training books its rooms through the shared facilities. Each training
-- room has its resource (a room of its centre, its seats the room's
-- capacity); each session in a room holds a booking of that resource by
-- its cohort, which takes the whole room. A cohort's booking is for no
-- organisation (org_id NULL, cohort_id set); a person's names one.

ALTER TABLE facility_booking ALTER COLUMN org_id DROP NOT NULL;
ALTER TABLE facility_booking ADD COLUMN cohort_id BIGINT
    REFERENCES training_cohort (id);
ALTER TABLE facility_booking ADD CONSTRAINT facility_booking_party
    CHECK ((org_id IS NULL) = (cohort_id IS NOT NULL));
ALTER TABLE facility_booking ADD CONSTRAINT facility_booking_cohort
    CHECK (cohort_id IS NULL OR (whole = 1 AND status <> 'pending'));
CREATE INDEX facility_booking_cohort ON facility_booking (cohort_id);

-- A training room's resource, and a session's booking.
ALTER TABLE training_room ADD COLUMN resource_id BIGINT UNIQUE
    REFERENCES facility_resource (id);
ALTER TABLE training_session ADD COLUMN booking_id BIGINT UNIQUE
    REFERENCES facility_booking (id);

-- The rooms made before: each gains its resource (the centre's resource
-- of the same name, when staff had catalogued it already).
INSERT INTO facility_resource (name, kind, centre_id, seats, created_at,
    updated_at)
SELECT r.name, 'room', r.centre_id, r.capacity, r.created_at, r.updated_at
FROM training_room r WHERE NOT EXISTS (SELECT 1 FROM facility_resource f
    WHERE f.centre_id = r.centre_id AND f.name = r.name)
ORDER BY r.id;
UPDATE training_room SET resource_id = (SELECT f.id FROM facility_resource f
    WHERE f.centre_id = training_room.centre_id
    AND f.name = training_room.name);

-- The sessions made before in a room: each gains its cohort's booking,
-- unless it shares its room with another session at some instant (those
-- were double-booked before this migration; staff move one and its
-- booking is made then) or the room's resource is held by other
-- bookings then, which the constraints would refuse.
INSERT INTO facility_booking (resource_id, cohort_id, starts_at, ends_at,
    minutes, on_date, seats, whole, status, purpose, created_at, updated_at)
SELECT r.resource_id, s.cohort_id, s.starts_at, s.ends_at, s.minutes,
    s.on_date, f.seats, 1, 'confirmed', substr(s.topic, 1, 200),
    s.created_at, s.updated_at
FROM training_session s
JOIN training_room r ON r.id = s.room_id
JOIN facility_resource f ON f.id = r.resource_id
WHERE s.archived_at IS NULL
AND NOT EXISTS (SELECT 1 FROM training_session o WHERE o.room_id = s.room_id
    AND o.id <> s.id AND o.archived_at IS NULL
    AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at)
AND NOT EXISTS (SELECT 1 FROM facility_booking b
    WHERE b.resource_id = r.resource_id
    AND b.status IN ('pending', 'confirmed')
    AND b.starts_at < s.ends_at AND b.ends_at > s.starts_at)
ORDER BY s.id;
UPDATE training_session SET booking_id = (SELECT b.id FROM facility_booking b
    JOIN training_room r ON r.resource_id = b.resource_id
    WHERE r.id = training_session.room_id
    AND b.cohort_id = training_session.cohort_id
    AND b.starts_at = training_session.starts_at
    AND b.ends_at = training_session.ends_at)
WHERE room_id IS NOT NULL;
