-- 0006_incubation_ops: the park's space and the startups' periodic reports
-- (issue 6, parts 4 and 5). Buildings hold floors, floors hold units
-- (office, workshop, desk) with their areas; a lease lets a unit to a
-- startup for a span of days. Report templates (monthly, quarterly,
-- annual) ask for typed fields; periods have deadlines; each startup
-- files one report per period, which staff accept or return.
--
-- Every row of a startup keys on its organisation (org.id, kind startup),
-- never on the incubation record, so space and reports stand on the party
-- ledger alone. Areas are integer 0.01 m², money integer fen, dates
-- "YYYY-MM-DD", times UTC ISO 8601.

CREATE TABLE building (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    -- The day it opened; its units count in the occupancy from then on.
    opened_on TEXT CHECK (opened_on IS NULL OR opened_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE floor (
    id INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES building (id),
    level INTEGER NOT NULL CHECK (level BETWEEN -5 AND 99 AND level <> 0),
    name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 50),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (building_id, level)
) STRICT;

CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    floor_id INTEGER NOT NULL REFERENCES floor (id),
    code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 30),
    kind TEXT NOT NULL CHECK (kind IN ('office', 'workshop', 'desk')),
    area INTEGER NOT NULL CHECK (area BETWEEN 1 AND 100000000),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (floor_id, code)
) STRICT;

-- A lease runs from starts_on to ends_on, both days included. The monthly
-- rent is per m² (fen); the deposit is the whole sum (fen).
CREATE TABLE lease (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    rent_per_m2_fen INTEGER NOT NULL CHECK (rent_per_m2_fen BETWEEN 0 AND
        100000000),
    deposit_fen INTEGER NOT NULL DEFAULT 0 CHECK (deposit_fen BETWEEN 0 AND
        100000000000),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX lease_unit ON lease (unit_id, starts_on);
CREATE INDEX lease_org ON lease (org_id, starts_on);

-- Two leases in force (not archived) never share a day of one unit. The
-- check runs inside the writer's transaction, and writers are serialised
-- (BEGIN IMMEDIATE), so two requests at once cannot both pass it.
-- RAISE(ABORT) is SQLITE_CONSTRAINT_TRIGGER, which the store reads as a
-- conflict (409).
CREATE TRIGGER lease_no_overlap_insert BEFORE INSERT ON lease
WHEN NEW.archived_at IS NULL AND EXISTS (
    SELECT 1 FROM lease l WHERE l.unit_id = NEW.unit_id AND
        l.archived_at IS NULL AND l.starts_on <= NEW.ends_on AND
        NEW.starts_on <= l.ends_on)
BEGIN
    SELECT RAISE(ABORT, 'lease_no_overlap: the unit is already leased');
END;
CREATE TRIGGER lease_no_overlap_update
BEFORE UPDATE OF unit_id, starts_on, ends_on, archived_at ON lease
WHEN NEW.archived_at IS NULL AND EXISTS (
    SELECT 1 FROM lease l WHERE l.unit_id = NEW.unit_id AND
        l.id <> NEW.id AND l.archived_at IS NULL AND
        l.starts_on <= NEW.ends_on AND NEW.starts_on <= l.ends_on)
BEGIN
    SELECT RAISE(ABORT, 'lease_no_overlap: the unit is already leased');
END;

-- `fields`: the names of the typed fields the template asks for, comma
-- separated, each one of inc_report's value columns (checked by the rule).
CREATE TABLE inc_report_template (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    kind TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'annual')),
    fields TEXT NOT NULL CHECK (length(fields) BETWEEN 1 AND 300),
    due_days INTEGER NOT NULL DEFAULT 15 CHECK (due_days BETWEEN 0 AND 120),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE inc_report_period (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES inc_report_template (id),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    due_on TEXT NOT NULL CHECK (due_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND due_on >= ends_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (template_id, starts_on)
) STRICT;
CREATE INDEX inc_report_period_due ON inc_report_period (due_on);

-- A startup's report for a period: draft → submitted → accepted, or
-- returned (with a comment) and submitted again. Values are NULL until
-- given; of the employees, students and recent graduates are counted
-- apart and together never exceed them.
CREATE TABLE inc_report (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES inc_report_period (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
        'submitted', 'accepted', 'returned')),
    employees INTEGER CHECK (employees BETWEEN 0 AND 1000000),
    student_employees INTEGER CHECK (student_employees BETWEEN 0 AND 1000000),
    graduate_employees INTEGER CHECK (graduate_employees BETWEEN 0 AND
        1000000),
    student_founders INTEGER CHECK (student_founders BETWEEN 0 AND 1000),
    revenue_fen INTEGER CHECK (revenue_fen BETWEEN 0 AND 10000000000000),
    output_value_fen INTEGER CHECK (output_value_fen BETWEEN 0 AND
        10000000000000),
    rd_spend_fen INTEGER CHECK (rd_spend_fen BETWEEN 0 AND 10000000000000),
    tax_fen INTEGER CHECK (tax_fen BETWEEN 0 AND 10000000000000),
    financing_fen INTEGER CHECK (financing_fen BETWEEN 0 AND 10000000000000),
    patents INTEGER CHECK (patents BETWEEN 0 AND 100000),
    other_ip INTEGER CHECK (other_ip BETWEEN 0 AND 100000),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    submitted_at TEXT,
    reviewed_at TEXT,
    accepted_on TEXT CHECK (accepted_on IS NULL OR accepted_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reviewer_id INTEGER REFERENCES account (id),
    review_comment TEXT NOT NULL DEFAULT '' CHECK (length(review_comment)
        <= 1000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (period_id, org_id),
    CHECK ((student_employees IS NULL AND graduate_employees IS NULL) OR
        (employees IS NOT NULL AND coalesce(student_employees, 0) +
         coalesce(graduate_employees, 0) <= employees)),
    CHECK ((status = 'accepted') = (accepted_on IS NOT NULL)),
    CHECK (status = 'draft' OR submitted_at IS NOT NULL)
) STRICT;
CREATE INDEX inc_report_org ON inc_report (org_id, status);

-- Reminders sent, so that the daily job tells each startup once that a
-- deadline is near ('due') and once that it has passed ('late').
CREATE TABLE inc_report_reminder (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES inc_report_period (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    kind TEXT NOT NULL CHECK (kind IN ('due', 'late')),
    created_at TEXT NOT NULL,
    UNIQUE (period_id, org_id, kind)
) STRICT;
