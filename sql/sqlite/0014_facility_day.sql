-- 0014_facility_day (SQLite; see sql/postgres/0014_facility_day.sql): the
-- shared facilities' day (issue 18): check-in and check-out, no-shows,
-- waitlists, and a sequence per booking for the calendars; and one guard
-- of check-in codes for training and facility alike.

-- ---- check-in codes, one guard for every module ----------------------------

-- Wrong check-in codes of one holder at one subject: a trainee's enrolment
-- at a training session ('training_session'), or an account at a booking
-- ('facility_booking'). The row is what a check-in locks before it
-- compares the code (PostgreSQL: the upsert takes the row lock, so two
-- guesses at once are counted one after the other); the CHECK holds the
-- limit of five even against a path around the C rule. It takes over
-- training's guard of migration 0009, rows and all.
CREATE TABLE checkin_guard (
    scope TEXT NOT NULL CHECK (scope IN ('training_session',
        'facility_booking')),
    subject_id INTEGER NOT NULL,
    holder_id INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures BETWEEN 0 AND 5),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (scope, subject_id, holder_id)
) STRICT;
INSERT INTO checkin_guard (scope, subject_id, holder_id, failures,
    updated_at)
SELECT 'training_session', session_id, enrolment_id, failures, updated_at
FROM training_checkin_guard;

-- Every check-in attempt that reached the code: accepted, wrong, or
-- refused unheard ('throttled') after five wrong ones.
CREATE TABLE checkin_attempt (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('training_session',
        'facility_booking')),
    subject_id INTEGER NOT NULL,
    holder_id INTEGER NOT NULL,
    account_id INTEGER REFERENCES account (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'wrong',
        'throttled')),
    ip TEXT NOT NULL DEFAULT '' CHECK (length(ip) <= 64),
    at TEXT NOT NULL
) STRICT;
INSERT INTO checkin_attempt (id, scope, subject_id, holder_id, account_id,
    outcome, ip, at)
SELECT id, 'training_session', session_id, enrolment_id, account_id,
    outcome, ip, at
FROM training_checkin_attempt;
CREATE INDEX checkin_attempt_subject
    ON checkin_attempt (scope, subject_id, holder_id);
DROP TABLE training_checkin_guard;
DROP TABLE training_checkin_attempt;

-- ---- a resource's day ------------------------------------------------------

-- A booking not checked in within grace_minutes of its start is released
-- as a no-show; a slot offered to the waiting list is held hold_minutes.
ALTER TABLE facility_resource ADD COLUMN grace_minutes INTEGER NOT NULL
    DEFAULT 15 CHECK (grace_minutes BETWEEN 0 AND 1440);
ALTER TABLE facility_resource ADD COLUMN hold_minutes INTEGER NOT NULL
    DEFAULT 30 CHECK (hold_minutes BETWEEN 1 AND 1440);

-- The code shown at a resource (six digits, a secret: it is shown to
-- staff and at the resource, never in the catalogue), made when staff
-- first ask for it and made anew on request.
CREATE TABLE facility_resource_code (
    resource_id INTEGER PRIMARY KEY REFERENCES facility_resource (id),
    code TEXT NOT NULL CHECK (length(code) = 6),
    updated_at TEXT NOT NULL
) STRICT;

-- Who came: checked in (by the code at the resource, or by staff) and
-- out; a booking nobody checked in within the grace period is cancelled
-- by the job with no_show_at, which frees its seats. `sequence` is raised
-- by every change of the row (the calendars' SEQUENCE).
ALTER TABLE facility_booking ADD COLUMN checked_in_at TEXT;
ALTER TABLE facility_booking ADD COLUMN checkin_by TEXT CHECK (checkin_by
    IS NULL OR checkin_by IN ('code', 'staff'));
ALTER TABLE facility_booking ADD COLUMN checked_out_at TEXT
    CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND
        checked_out_at >= checked_in_at));
ALTER TABLE facility_booking ADD COLUMN no_show_at TEXT
    CHECK (no_show_at IS NULL OR (status = 'cancelled' AND
        checked_in_at IS NULL));
ALTER TABLE facility_booking ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0
    CHECK (sequence >= 0);
CREATE TRIGGER facility_booking_checkin_by
BEFORE UPDATE OF checked_in_at, checkin_by ON facility_booking
WHEN (NEW.checked_in_at IS NULL) <> (NEW.checkin_by IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'facility_booking_checkin: a check-in says how it was made');
END;
CREATE TRIGGER facility_booking_sequence AFTER UPDATE ON facility_booking
WHEN NEW.sequence = OLD.sequence
BEGIN
    UPDATE facility_booking SET sequence = OLD.sequence + 1
    WHERE id = NEW.id;
END;

-- A waiting list per resource and time: waiting in the order they came;
-- when seats free, the first that fits is given a booking held for it
-- (holding, until hold_until), which it takes (booked) or lets lapse
-- (lapsed: the booking is cancelled and the next is offered).
CREATE TABLE facility_waitlist (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER REFERENCES person (id),
    account_id INTEGER REFERENCES account (id),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT NOT NULL CHECK (ends_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at > starts_at),
    seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 10000),
    purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 200),
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting',
        'holding', 'booked', 'lapsed', 'withdrawn')),
    booking_id INTEGER REFERENCES facility_booking (id),
    hold_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((status IN ('holding', 'booked', 'lapsed')) =
        (booking_id IS NOT NULL)),
    CHECK (status <> 'holding' OR hold_until IS NOT NULL)
) STRICT;
CREATE INDEX facility_waitlist_open ON facility_waitlist (status,
    created_at);
CREATE INDEX facility_waitlist_resource ON facility_waitlist (resource_id,
    starts_at);
CREATE INDEX facility_waitlist_booking ON facility_waitlist (booking_id);

-- ---- calendar subscriptions ------------------------------------------------

-- A secret subscription URL of an account's (an iCalendar feed a calendar
-- program reads without signing in): stored as the BLAKE2b-256 hash of its
-- token, like API tokens, and revoked with them when the account's
-- password is changed or reset. `scope` says what it shows (a resource's
-- bookings, an organisation's, a person's) and subject_id which one.
CREATE TABLE calendar_feed (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    scope TEXT NOT NULL CHECK (scope IN ('facility_resource',
        'facility_org', 'facility_person')),
    subject_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX calendar_feed_account ON calendar_feed (account_id);
