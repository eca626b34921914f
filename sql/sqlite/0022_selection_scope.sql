-- 0022_selection_scope (SQLite; see sql/postgres/0022_selection_scope.sql):
-- two more scopes of a selection round (issues 19 and 20). 'cohorts': the
-- trainees of the cohorts named in selection_round_cohort; 'region': a
-- regional fair whose candidates the organisers list (imported or
-- entered) rather than the park's training record, each with the basis
-- 'listed'.
--
-- SQLite cannot change a CHECK constraint in place, so the two tables are
-- rebuilt the way its documentation describes, inside the migration's
-- transaction: with foreign keys deferred, each old table is copied,
-- dropped and created again under its own name, and its rows put back;
-- the tables that refer to it refer to the new one by name, and a row
-- left without its parent fails the commit.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE selection_round_0012 AS SELECT * FROM selection_round;
CREATE TEMP TABLE selection_candidate_0012 AS
    SELECT * FROM selection_candidate;
DROP TABLE selection_candidate;
DROP TABLE selection_round;

CREATE TABLE selection_round (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    scope TEXT NOT NULL CHECK (scope IN ('park', 'order_class',
        'cohorts', 'region')),
    programme_id INTEGER REFERENCES training_programme (id),
    parent_id INTEGER UNIQUE REFERENCES selection_round (id),
    opens_on TEXT NOT NULL CHECK (opens_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    lock_at TEXT NOT NULL CHECK (lock_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    publish_on TEXT NOT NULL CHECK (publish_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    offer_deadline TEXT NOT NULL CHECK (offer_deadline GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND
        offer_deadline >= publish_on),
    list_cap INTEGER NOT NULL DEFAULT 0 CHECK (list_cap BETWEEN 0 AND 100),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'locked',
        'run', 'published')),
    seed_hash TEXT CHECK (seed_hash IS NULL OR length(seed_hash) = 64),
    seed TEXT CHECK (seed IS NULL OR length(seed) BETWEEN 1 AND 19),
    locked_at TEXT,
    run_at TEXT,
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((scope = 'order_class') = (programme_id IS NOT NULL)),
    CHECK ((status = 'open') = (seed_hash IS NULL)),
    CHECK ((status IN ('run', 'published')) = (seed IS NOT NULL))
) STRICT;
INSERT INTO selection_round SELECT * FROM temp.selection_round_0012;

CREATE TABLE selection_candidate (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    origin_id INTEGER REFERENCES selection_candidate (id),
    pseudonym TEXT NOT NULL CHECK (length(pseudonym) BETWEEN 1 AND 20),
    basis TEXT NOT NULL CHECK (basis IN ('completed', 'cohort',
        'certificate', 'listed')),
    consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN
        ('registered', 'withdrawn')),
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (round_id, person_id),
    UNIQUE (round_id, pseudonym)
) STRICT;
CREATE INDEX selection_candidate_person ON selection_candidate (person_id);
INSERT INTO selection_candidate SELECT * FROM temp.selection_candidate_0012;

DROP TABLE temp.selection_candidate_0012;
DROP TABLE temp.selection_round_0012;

-- The cohorts of a round scoped to cohorts.
CREATE TABLE selection_round_cohort (
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    cohort_id INTEGER NOT NULL REFERENCES training_cohort (id),
    PRIMARY KEY (round_id, cohort_id)
) STRICT;
CREATE INDEX selection_round_cohort_cohort ON selection_round_cohort
    (cohort_id);
