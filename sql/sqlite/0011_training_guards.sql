-- 0011_training_guards: rules that the database now holds in full (issue
-- 13): a check-in code may be guessed wrong at most five times per trainee
-- and session; a master's apprentices stay within the cap on every day,
-- whenever the mentorships end; and a cohort's capacity holds when
-- enrolments or the cohort change, not only on insert.

-- ---- check-in codes --------------------------------------------------------

-- Wrong check-in codes of one trainee (enrolment) at one session. The row
-- is also what a check-in locks before it compares the code (PostgreSQL:
-- the upsert takes the row lock, so two guesses at once are counted one
-- after the other); the CHECK holds the limit of five even against a
-- path around the C rule.
CREATE TABLE training_checkin_guard (
    session_id INTEGER NOT NULL REFERENCES training_session (id),
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures BETWEEN 0 AND 5),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, enrolment_id)
) STRICT;

-- Every check-in attempt that reached the code: accepted, wrong, or
-- refused unheard ('throttled') after five wrong ones.
CREATE TABLE training_checkin_attempt (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_session (id),
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    account_id INTEGER REFERENCES account (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'wrong',
        'throttled')),
    ip TEXT NOT NULL DEFAULT '' CHECK (length(ip) <= 64),
    at TEXT NOT NULL
) STRICT;
CREATE INDEX training_checkin_attempt_session
    ON training_checkin_attempt (session_id, enrolment_id);

-- ---- a master's cap, on every day ------------------------------------------

-- A mentorship counts on each day from `since` to `until` (inclusive;
-- open while NULL), and no later than the day its enrolment completed or
-- was withdrawn. On no day may a master have more than
-- training.master_max_apprentices of them. Over the days of a new (or
-- widened) mentorship the count of the others is highest on its first day
-- or on the first day of another: those are the days looked at. A change
-- that only narrows a mentorship is never refused, so that data from
-- before this rule can always be put right.
DROP TRIGGER training_mentor_cap_insert;
DROP TRIGGER training_mentor_cap_update;

CREATE TRIGGER training_mentor_cap_insert
BEFORE INSERT ON training_mentor
WHEN NEW.archived_at IS NULL AND NEW.since <= (SELECT min(coalesce(NEW.until,
        '9999-12-31'), CASE WHEN e.status = 'enrolled' THEN '9999-12-31'
        ELSE e.status_on END) FROM training_enrolment e
        WHERE e.id = NEW.enrolment_id) AND
    (SELECT max((SELECT count(*) FROM training_mentor m
        JOIN training_enrolment e ON e.id = m.enrolment_id
        WHERE m.master_person_id = NEW.master_person_id
        AND m.archived_at IS NULL AND m.since <= d.day
        AND min(coalesce(m.until, '9999-12-31'), CASE WHEN e.status =
            'enrolled' THEN '9999-12-31' ELSE e.status_on END) >= d.day))
     FROM (SELECT NEW.since AS day UNION SELECT since FROM training_mentor
        WHERE master_person_id = NEW.master_person_id AND archived_at IS NULL
        AND since > NEW.since
        AND since <= (SELECT min(coalesce(NEW.until, '9999-12-31'),
            CASE WHEN e.status = 'enrolled' THEN '9999-12-31'
            ELSE e.status_on END) FROM training_enrolment e
            WHERE e.id = NEW.enrolment_id)) d) >=
    coalesce((SELECT CAST(value AS INTEGER) FROM setting
        WHERE key = 'training.master_max_apprentices'), 8)
BEGIN
    SELECT RAISE(ABORT, 'the master already has the most apprentices allowed');
END;

CREATE TRIGGER training_mentor_cap_update
BEFORE UPDATE OF enrolment_id, master_person_id, since, until, archived_at
    ON training_mentor
WHEN NEW.archived_at IS NULL AND
    (NEW.master_person_id <> OLD.master_person_id
     OR NEW.enrolment_id <> OLD.enrolment_id OR OLD.archived_at IS NOT NULL
     OR NEW.since < OLD.since
     OR coalesce(NEW.until, '9999-12-31') > coalesce(OLD.until, '9999-12-31'))
    AND NEW.since <= (SELECT min(coalesce(NEW.until, '9999-12-31'),
        CASE WHEN e.status = 'enrolled' THEN '9999-12-31' ELSE e.status_on
        END) FROM training_enrolment e WHERE e.id = NEW.enrolment_id) AND
    (SELECT max((SELECT count(*) FROM training_mentor m
        JOIN training_enrolment e ON e.id = m.enrolment_id
        WHERE m.master_person_id = NEW.master_person_id AND m.id <> OLD.id
        AND m.archived_at IS NULL AND m.since <= d.day
        AND min(coalesce(m.until, '9999-12-31'), CASE WHEN e.status =
            'enrolled' THEN '9999-12-31' ELSE e.status_on END) >= d.day))
     FROM (SELECT NEW.since AS day UNION SELECT since FROM training_mentor
        WHERE master_person_id = NEW.master_person_id AND archived_at IS NULL
        AND id <> OLD.id AND since > NEW.since
        AND since <= (SELECT min(coalesce(NEW.until, '9999-12-31'),
            CASE WHEN e.status = 'enrolled' THEN '9999-12-31'
            ELSE e.status_on END) FROM training_enrolment e
            WHERE e.id = NEW.enrolment_id)) d) >=
    coalesce((SELECT CAST(value AS INTEGER) FROM setting
        WHERE key = 'training.master_max_apprentices'), 8)
BEGIN
    SELECT RAISE(ABORT, 'the master already has the most apprentices allowed');
END;

-- ---- a cohort's capacity, on update too ----------------------------------

-- training_enrolment_capacity (0007) counts on INSERT. An enrolment moved
-- to another cohort, or taken out of the archive, takes a place as well;
-- a cohort's capacity may not drop below the trainees it has.
CREATE TRIGGER training_enrolment_capacity_update
BEFORE UPDATE OF cohort_id, status, archived_at ON training_enrolment
WHEN NEW.status <> 'withdrawn' AND NEW.archived_at IS NULL AND
    (NEW.cohort_id <> OLD.cohort_id OR OLD.archived_at IS NOT NULL
     OR OLD.status = 'withdrawn') AND
    (SELECT count(*) FROM training_enrolment WHERE cohort_id = NEW.cohort_id
        AND status <> 'withdrawn' AND archived_at IS NULL AND id <> OLD.id) >=
    (SELECT capacity FROM training_cohort WHERE id = NEW.cohort_id)
BEGIN
    SELECT RAISE(ABORT, 'the cohort is full');
END;

CREATE TRIGGER training_cohort_capacity
BEFORE UPDATE OF capacity ON training_cohort
WHEN NEW.capacity < (SELECT count(*) FROM training_enrolment
    WHERE cohort_id = NEW.id AND status <> 'withdrawn'
    AND archived_at IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'the cohort has more trainees than that');
END;
