-- 0016_facility_hours (SQLite; see sql/postgres/0016_facility_hours.sql):
-- when the shared facilities are open. A resource's weekly opening hours
-- (none: open around the clock, every day); the park's calendar of public
-- holidays (节假日: resources with hours are closed) and make-up working
-- days (调休: a weekend day that keeps the hours of a weekday); windows of
-- maintenance, when a resource cannot be booked; and how late before a
-- booking starts its booker may still cancel or change it.

-- Hours are "HH:MM" of the park's clock; closes_at may be "24:00". A
-- weekday may have several rows (a break at noon).
CREATE TABLE facility_hours (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_at TEXT NOT NULL CHECK (opens_at GLOB '[0-2][0-9]:[0-5][0-9]'
        AND opens_at < '24:00'),
    closes_at TEXT NOT NULL CHECK (closes_at GLOB '[0-2][0-9]:[0-5][0-9]'
        AND closes_at <= '24:00' AND closes_at > opens_at),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX facility_hours_resource ON facility_hours (resource_id, weekday);

-- A day of the park's calendar: a public holiday, or a make-up working
-- day that keeps the hours of weekday as_weekday. One entry per date.
CREATE TABLE facility_day (
    id INTEGER PRIMARY KEY,
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    as_weekday INTEGER CHECK (as_weekday BETWEEN 1 AND 7),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((kind = 'workday') = (as_weekday IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX facility_day_date ON facility_day (on_date)
    WHERE archived_at IS NULL;

-- A window of maintenance of a resource: nobody books it then. Staff
-- resolve the bookings it was laid over (the answer lists them).
CREATE TABLE facility_maintenance (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES facility_resource (id),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT NOT NULL CHECK (ends_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at > starts_at),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX facility_maintenance_resource ON facility_maintenance
    (resource_id, starts_at);

-- How many hours before a booking starts its booker may still cancel or
-- change it (0: until it starts); staff always may.
ALTER TABLE facility_resource ADD COLUMN change_hours INTEGER NOT NULL
    DEFAULT 0 CHECK (change_hours BETWEEN 0 AND 720);
