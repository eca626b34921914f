-- 0013_facility (SQLite; see sql/postgres/0013_facility.sql): the park's
-- shared facilities. Resources (rooms, workshop cells, machines, kits),
-- bookings of them, the terms staff define, and partner universities' and
-- colleges' agreements with their hours per term.
--
-- No clash, held by the database: a booking takes `seats` of its
-- resource from starts_at to ends_at (UTC, half-open), and at no instant
-- do a resource's bookings that hold seats (pending and confirmed) take
-- more seats than it has.
-- Writers run one at a time (BEGIN IMMEDIATE), so the triggers below,
-- which count inside the write, see every booking committed before.

CREATE TABLE facility_resource (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind TEXT NOT NULL CHECK (kind IN ('room', 'cell', 'machine', 'kit',
        'lab')),
    centre_id INTEGER REFERENCES training_centre (id),
    -- A resource inside another (a robot cell in its room): booking it
    -- also holds parent_seats of the parent.
    parent_id INTEGER REFERENCES facility_resource (id),
    parent_seats INTEGER NOT NULL DEFAULT 0 CHECK (parent_seats BETWEEN 0
        AND 10000),
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 10000),
    place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 100),
    owner_org_id INTEGER REFERENCES org (id),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    photo_id INTEGER REFERENCES upload (id),
    status TEXT NOT NULL DEFAULT 'in_service' CHECK (status IN
        ('in_service', 'maintenance')),
    -- Bookings of it by others than staff are confirmed at once (auto),
    -- or wait for the approval of staff or of its owner's accounts.
    approval TEXT NOT NULL DEFAULT 'auto' CHECK (approval IN ('auto',
        'staff')),
    -- Who may use it (checked for the person named on a booking): the
    -- completion certificate of a programme, or a skill certificate of an
    -- occupation at a level or above (5 初级工 .. 1 高级技师), either
    -- issued within cert_months (0: whenever).
    required_programme_id INTEGER REFERENCES training_programme (id),
    required_occupation TEXT CHECK (required_occupation IS NULL OR
        length(required_occupation) BETWEEN 1 AND 50),
    required_level INTEGER CHECK (required_level BETWEEN 1 AND 5),
    cert_months INTEGER NOT NULL DEFAULT 0 CHECK (cert_months BETWEEN 0 AND 600),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK ((parent_id IS NULL) = (parent_seats = 0)),
    CHECK ((required_occupation IS NULL) = (required_level IS NULL)),
    UNIQUE (centre_id, name)
) STRICT;
CREATE INDEX facility_resource_parent ON facility_resource (parent_id);

CREATE VIRTUAL TABLE facility_resource_fts USING fts5(name, place,
    description, content='facility_resource', content_rowid='id',
    tokenize='trigram');
CREATE TRIGGER facility_resource_fts_insert AFTER INSERT ON facility_resource
BEGIN
    INSERT INTO facility_resource_fts (rowid, name, place, description)
    VALUES (NEW.id, NEW.name, NEW.place, NEW.description);
END;
CREATE TRIGGER facility_resource_fts_delete AFTER DELETE ON facility_resource
BEGIN
    INSERT INTO facility_resource_fts (facility_resource_fts, rowid, name,
        place, description)
    VALUES ('delete', OLD.id, OLD.name, OLD.place, OLD.description);
END;
CREATE TRIGGER facility_resource_fts_update AFTER UPDATE ON facility_resource
BEGIN
    INSERT INTO facility_resource_fts (facility_resource_fts, rowid, name,
        place, description)
    VALUES ('delete', OLD.id, OLD.name, OLD.place, OLD.description);
    INSERT INTO facility_resource_fts (rowid, name, place, description)
    VALUES (NEW.id, NEW.name, NEW.place, NEW.description);
END;

-- A weekly series of bookings (recurring): the occurrences are bookings
-- of their own (series_id), all made in one transaction or none.
-- weekdays lists ISO weekdays (1 Monday .. 7 Sunday), comma separated.
CREATE TABLE facility_series (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER REFERENCES person (id),
    account_id INTEGER REFERENCES account (id),
    weekdays TEXT NOT NULL CHECK (length(weekdays) BETWEEN 1 AND 13),
    first_on TEXT NOT NULL CHECK (first_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    until_on TEXT NOT NULL CHECK (until_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND until_on >= first_on),
    from_time TEXT NOT NULL CHECK (from_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    to_time TEXT NOT NULL CHECK (to_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 10000),
    occurrences INTEGER NOT NULL CHECK (occurrences BETWEEN 1 AND 200),
    purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX facility_series_org ON facility_series (org_id, first_on);

-- A booking by a person for an organisation. `whole` says it takes every
-- seat (always so on a one-seat resource); `minutes` and `on_date` (the
-- Beijing date it starts) are fixed when it is made, so that hours are
-- sums of integers. A booking of an inner resource holds its share of the
-- outer one through a second row, held_by_id naming the first.
CREATE TABLE facility_booking (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER REFERENCES person (id),
    account_id INTEGER REFERENCES account (id),
    held_by_id INTEGER REFERENCES facility_booking (id),
    series_id INTEGER REFERENCES facility_series (id),
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
    -- pending (waiting for approval until expires_at) and confirmed
    -- bookings hold their seats; rejected and cancelled ones do not.
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('pending',
        'confirmed', 'rejected', 'cancelled')),
    expires_at TEXT,
    decided_at TEXT,
    purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    -- Staff booked past the organisation's allocation, and said why.
    override_reason TEXT CHECK (override_reason IS NULL OR
        length(override_reason) BETWEEN 1 AND 500),
    cancelled_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (status <> 'pending' OR expires_at IS NOT NULL)
) STRICT;
CREATE INDEX facility_booking_resource ON facility_booking (resource_id,
    starts_at);
CREATE INDEX facility_booking_org ON facility_booking (org_id, on_date);
CREATE INDEX facility_booking_held_by ON facility_booking (held_by_id);
CREATE INDEX facility_booking_series ON facility_booking (series_id);

-- The seats the pending and confirmed bookings of a resource take at its
-- busiest instant within the new booking's time, plus the new one's, never above
-- the resource's seats. The busiest instant is the new booking's start or
-- the start of another booking within it. Bookings last at most 14 days
-- (`minutes`), so only those starting less than 14 days before can reach
-- into it.
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

-- A resource's seats may not drop below what its bookings to come take;
-- staff cancel or move them first.
CREATE TRIGGER facility_resource_seats BEFORE UPDATE OF seats
    ON facility_resource
WHEN NEW.seats < OLD.seats
BEGIN
    SELECT RAISE(ABORT, 'facility_resource_seats: bookings hold more seats than that')
    WHERE EXISTS (SELECT 1 FROM facility_booking WHERE resource_id = NEW.id
        AND status IN ('pending', 'confirmed') AND (seats > NEW.seats OR whole = 1));
END;

-- Terms (学期) staff define; no two share a day.
CREATE TABLE facility_term (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE TRIGGER facility_term_overlap_insert BEFORE INSERT ON facility_term
WHEN NEW.archived_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'facility_term_overlap: another term has some of these days')
    WHERE EXISTS (SELECT 1 FROM facility_term WHERE archived_at IS NULL
        AND starts_on <= NEW.ends_on AND ends_on >= NEW.starts_on);
END;
CREATE TRIGGER facility_term_overlap_update
BEFORE UPDATE OF starts_on, ends_on, archived_at ON facility_term
WHEN NEW.archived_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'facility_term_overlap: another term has some of these days')
    WHERE EXISTS (SELECT 1 FROM facility_term WHERE archived_at IS NULL
        AND id <> OLD.id AND starts_on <= NEW.ends_on
        AND ends_on >= NEW.starts_on);
END;

-- A partner's agreement (合作协议) with the park: in force from starts_on
-- to ends_on, covering the resource kinds listed (comma separated).
CREATE TABLE facility_agreement (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    signed_on TEXT NOT NULL CHECK (signed_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    kinds TEXT NOT NULL CHECK (length(kinds) BETWEEN 1 AND 100),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX facility_agreement_org ON facility_agreement (org_id, starts_on);

-- Hours (kept in minutes) an agreement allows its partner per term.
CREATE TABLE facility_allocation (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES facility_agreement (id),
    term_id INTEGER NOT NULL REFERENCES facility_term (id),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 6000000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (agreement_id, term_id)
) STRICT;

-- A POST that books (a booking or a series) with an Idempotency-Key is
-- made once per account and key: the claim is written in the booking's
-- transaction, with the request's BLAKE2b-256 and, once made, the answer
-- given again for the same request; another request under the key is
-- refused.
CREATE TABLE facility_idempotency (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 200),
    request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, idem_key)
) STRICT;
