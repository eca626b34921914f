-- 0015_facility_training (SQLite; see sql/postgres/0015_facility_training.sql):
-- training books its rooms through the shared facilities. Each training
-- room has its resource (a room of its centre, its seats the room's
-- capacity); each session in a room holds a booking of that resource by
-- its cohort, which takes the whole room. A cohort's booking is for no
-- organisation (org_id NULL, cohort_id set); a person's names one.
--
-- SQLite cannot drop NOT NULL from a column: facility_booking is rebuilt.
-- It is renamed first, so that the references to it (its own held_by_id,
-- the seats trigger of facility_resource) follow the old table and go
-- with it, and the new one is made under the name.

DROP TRIGGER facility_resource_seats;
ALTER TABLE facility_booking RENAME TO facility_booking_old;
DROP INDEX facility_booking_resource;
DROP INDEX facility_booking_org;
DROP INDEX facility_booking_held_by;
DROP INDEX facility_booking_series;

CREATE TABLE facility_booking (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    org_id INTEGER REFERENCES org (id),
    person_id INTEGER REFERENCES person (id),
    account_id INTEGER REFERENCES account (id),
    held_by_id INTEGER REFERENCES facility_booking (id),
    series_id INTEGER REFERENCES facility_series (id),
    cohort_id INTEGER REFERENCES training_cohort (id),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT NOT NULL CHECK (ends_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at > starts_at),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 20160 AND
        minutes = CAST(round((julianday(ends_at) - julianday(starts_at))
        * 1440) AS INTEGER)),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 10000),
    whole INTEGER NOT NULL CHECK (whole IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('pending',
        'confirmed', 'rejected', 'cancelled')),
    expires_at TEXT,
    decided_at TEXT,
    purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    override_reason TEXT CHECK (override_reason IS NULL OR
        length(override_reason) BETWEEN 1 AND 500),
    cancelled_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (status <> 'pending' OR expires_at IS NOT NULL),
    -- For an organisation, or a cohort's (never pending, whole).
    CHECK ((org_id IS NULL) = (cohort_id IS NOT NULL)),
    CHECK (cohort_id IS NULL OR (whole = 1 AND status <> 'pending'))
) STRICT;
INSERT INTO facility_booking (id, resource_id, org_id, person_id,
    account_id, held_by_id, series_id, starts_at, ends_at, minutes, on_date,
    seats, whole, status, expires_at, decided_at, purpose, override_reason,
    cancelled_at, created_at, updated_at, archived_at)
SELECT id, resource_id, org_id, person_id, account_id, held_by_id,
    series_id, starts_at, ends_at, minutes, on_date, seats, whole, status,
    expires_at, decided_at, purpose, override_reason, cancelled_at,
    created_at, updated_at, archived_at
FROM facility_booking_old ORDER BY id;
DROP TABLE facility_booking_old;
CREATE INDEX facility_booking_resource ON facility_booking (resource_id,
    starts_at);
CREATE INDEX facility_booking_org ON facility_booking (org_id, on_date);
CREATE INDEX facility_booking_held_by ON facility_booking (held_by_id);
CREATE INDEX facility_booking_series ON facility_booking (series_id);
CREATE INDEX facility_booking_cohort ON facility_booking (cohort_id);

-- The triggers of 0013, as they were.
CREATE TRIGGER facility_booking_seats_insert BEFORE INSERT ON facility_booking
BEGIN
    SELECT RAISE(ABORT, 'facility_booking_whole: whole must say whether the booking takes every seat')
    WHERE NEW.whole <> (NEW.seats = (SELECT seats FROM facility_resource
        WHERE id = NEW.resource_id));
    SELECT RAISE(ABORT, 'facility_booking_clash: the resource has no seats left at this time')
    WHERE NEW.status IN ('pending', 'confirmed') AND NEW.seats + (SELECT max((SELECT
            coalesce(sum(b.seats), 0) FROM facility_booking b
            WHERE b.resource_id = NEW.resource_id
            AND b.status IN ('pending', 'confirmed')
            AND b.starts_at > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.starts_at,
                '-14 days')
            AND b.starts_at <= p.at AND b.ends_at > p.at))
        FROM (SELECT NEW.starts_at AS at UNION SELECT starts_at
            FROM facility_booking WHERE resource_id = NEW.resource_id
            AND status IN ('pending', 'confirmed') AND starts_at > NEW.starts_at
            AND starts_at < NEW.ends_at) p) > (SELECT seats
        FROM facility_resource WHERE id = NEW.resource_id);
END;

CREATE TRIGGER facility_booking_seats_update
BEFORE UPDATE OF resource_id, starts_at, ends_at, seats, whole, status
    ON facility_booking
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'facility_booking_whole: whole must say whether the booking takes every seat')
    WHERE NEW.whole <> (NEW.seats = (SELECT seats FROM facility_resource
        WHERE id = NEW.resource_id));
    SELECT RAISE(ABORT, 'facility_booking_clash: the resource has no seats left at this time')
    WHERE NEW.seats + (SELECT max((SELECT
            coalesce(sum(b.seats), 0) FROM facility_booking b
            WHERE b.resource_id = NEW.resource_id AND b.id <> OLD.id
            AND b.status IN ('pending', 'confirmed')
            AND b.starts_at > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.starts_at,
                '-14 days')
            AND b.starts_at <= p.at AND b.ends_at > p.at))
        FROM (SELECT NEW.starts_at AS at UNION SELECT starts_at
            FROM facility_booking WHERE resource_id = NEW.resource_id
            AND id <> OLD.id AND status IN ('pending', 'confirmed')
            AND starts_at > NEW.starts_at AND starts_at < NEW.ends_at) p) >
        (SELECT seats FROM facility_resource WHERE id = NEW.resource_id);
END;

CREATE TRIGGER facility_resource_seats BEFORE UPDATE OF seats
    ON facility_resource
WHEN NEW.seats < OLD.seats
BEGIN
    SELECT RAISE(ABORT, 'facility_resource_seats: bookings hold more seats than that')
    WHERE EXISTS (SELECT 1 FROM facility_booking WHERE resource_id = NEW.id
        AND status IN ('pending', 'confirmed') AND (seats > NEW.seats OR whole = 1));
END;

-- A training room's resource, and a session's booking.
ALTER TABLE training_room ADD COLUMN resource_id INTEGER
    REFERENCES facility_resource (id);
CREATE UNIQUE INDEX training_room_resource ON training_room (resource_id);
ALTER TABLE training_session ADD COLUMN booking_id INTEGER
    REFERENCES facility_booking (id);
CREATE UNIQUE INDEX training_session_booking ON training_session (booking_id);

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
-- bookings then, when the clash trigger would refuse the migration.
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
