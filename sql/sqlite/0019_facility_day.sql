-- 0017_facility_day (SQLite; see sql/postgres/0017_facility_day.sql): the
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

-- ---- billing ---------------------------------------------------------------

-- What a use of a resource of `resource_kind` costs a customer of
-- `customer_kind` (a partner under agreement, a park startup, an outside
-- firm), valid from valid_from to valid_until (NULL: open): fen per hour
-- at peak (weekdays, peak_from_hour to peak_to_hour, Beijing time, by the
-- hour the use starts) and off-peak, for the whole resource or per seat;
-- the hours used are rounded up to `rounding` (minute, quarter of an hour,
-- half hour, hour); a cancellation less than late_cancel_hours before the
-- start is charged late_cancel_percent of the booked time, a no-show
-- no_show_percent.
CREATE TABLE facility_rate_card (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    customer_kind TEXT NOT NULL CHECK (customer_kind IN ('partner',
        'startup', 'outside')),
    resource_kind TEXT NOT NULL CHECK (resource_kind IN ('room', 'cell',
        'machine', 'kit', 'lab')),
    peak_fen INTEGER NOT NULL CHECK (peak_fen BETWEEN 0 AND 100000000),
    offpeak_fen INTEGER NOT NULL CHECK (offpeak_fen BETWEEN 0 AND 100000000),
    peak_from_hour INTEGER NOT NULL DEFAULT 8 CHECK (peak_from_hour BETWEEN 0
        AND 24),
    peak_to_hour INTEGER NOT NULL DEFAULT 18 CHECK (peak_to_hour BETWEEN 0
        AND 24),
    per_seat INTEGER NOT NULL DEFAULT 0 CHECK (per_seat IN (0, 1)),
    rounding TEXT NOT NULL DEFAULT 'quarter' CHECK (rounding IN ('minute',
        'quarter', 'half_hour', 'hour')),
    late_cancel_hours INTEGER NOT NULL DEFAULT 24 CHECK (late_cancel_hours
        BETWEEN 0 AND 720),
    late_cancel_percent INTEGER NOT NULL DEFAULT 50 CHECK (late_cancel_percent
        BETWEEN 0 AND 100),
    no_show_percent INTEGER NOT NULL DEFAULT 100 CHECK (no_show_percent
        BETWEEN 0 AND 100),
    valid_from TEXT NOT NULL CHECK (valid_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    valid_until TEXT CHECK (valid_until IS NULL OR (valid_until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
        AND valid_until >= valid_from)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (peak_to_hour >= peak_from_hour)
) STRICT;
CREATE INDEX facility_rate_card_kind ON facility_rate_card (customer_kind,
    resource_kind, valid_from);

-- An organisation's statement of a month (YYYY-MM, by the Beijing date a
-- booking starts): a draft is made again from the bookings as often as
-- staff like; once issued it is closed, and a correction is a credit
-- line on the next month's. total_fen is the sum of its lines.
CREATE TABLE facility_statement (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org (id),
    month TEXT NOT NULL CHECK (month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
        'issued')),
    total_fen INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((status = 'issued') = (issued_at IS NOT NULL)),
    UNIQUE (org_id, month)
) STRICT;

-- A line: a use (usage, the minutes used and rounded), a late
-- cancellation or a no-show (the minutes booked), each of one booking at
-- the rate of its card; or a credit correcting an issued statement
-- (corrects_id), negative.
CREATE TABLE facility_statement_line (
    id INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES facility_statement (id),
    kind TEXT NOT NULL CHECK (kind IN ('usage', 'late_cancel', 'no_show',
        'credit')),
    booking_id INTEGER REFERENCES facility_booking (id),
    rate_card_id INTEGER REFERENCES facility_rate_card (id),
    corrects_id INTEGER REFERENCES facility_statement (id),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    rate_fen INTEGER NOT NULL DEFAULT 0 CHECK (rate_fen >= 0),
    amount_fen INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((kind = 'credit') = (corrects_id IS NOT NULL)),
    CHECK (kind <> 'credit' OR amount_fen < 0),
    CHECK (kind = 'credit' OR booking_id IS NOT NULL)
) STRICT;
CREATE INDEX facility_statement_line_statement ON facility_statement_line
    (statement_id);

-- An issued statement is closed: its lines are neither added, changed nor
-- taken away, and it is not changed (nor issued twice).
CREATE TRIGGER facility_statement_closed BEFORE UPDATE ON facility_statement
WHEN OLD.status = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'facility_statement_closed: an issued statement cannot be changed');
END;
CREATE TRIGGER facility_statement_line_insert BEFORE INSERT
    ON facility_statement_line
WHEN (SELECT status FROM facility_statement WHERE id = NEW.statement_id) =
    'issued'
BEGIN
    SELECT RAISE(ABORT, 'facility_statement_closed: an issued statement cannot be changed');
END;
CREATE TRIGGER facility_statement_line_update BEFORE UPDATE
    ON facility_statement_line
WHEN (SELECT status FROM facility_statement WHERE id = OLD.statement_id) =
    'issued' OR (SELECT status FROM facility_statement
    WHERE id = NEW.statement_id) = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'facility_statement_closed: an issued statement cannot be changed');
END;
CREATE TRIGGER facility_statement_line_delete BEFORE DELETE
    ON facility_statement_line
WHEN (SELECT status FROM facility_statement WHERE id = OLD.statement_id) =
    'issued'
BEGIN
    SELECT RAISE(ABORT, 'facility_statement_closed: an issued statement cannot be changed');
END;
