-- 0011_training_guards (PostgreSQL; see sql/sqlite/0011_training_guards.sql):
-- a master's cap on every day; a cohort's capacity on update too.

-- ---- a master's cap, on every day ------------------------------------------

-- The last day mentorship `m` counts: its until, or the day its enrolment
-- ended, whichever comes first ('9999-12-31' while both are open).
CREATE FUNCTION training_mentor_last_day(until TEXT, status TEXT,
    status_on TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT LEAST(coalesce(until, '9999-12-31'),
        CASE WHEN status = 'enrolled' THEN '9999-12-31' ELSE status_on END) $$;

-- As on SQLite: on no day more than training.master_max_apprentices; the
-- days looked at are the first of the new (or widened) mentorship and the
-- first days of the others within it; a change that only narrows one is
-- never refused. The master's person row is the lock that makes
-- transactions at once count one after the other.
CREATE OR REPLACE FUNCTION training_mentor_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cap BIGINT;
    last_day TEXT;
    peak BIGINT;
BEGIN
    IF TG_OP = 'INSERT' AND (SELECT p.kind FROM training_enrolment e
        JOIN training_cohort c ON c.id = e.cohort_id
        JOIN training_programme p ON p.id = c.programme_id
        WHERE e.id = NEW.enrolment_id) <> 'apprenticeship' THEN
        RAISE EXCEPTION 'mentors are for enrolments in an apprenticeship programme'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    IF NEW.archived_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.master_person_id = OLD.master_person_id
        AND NEW.enrolment_id = OLD.enrolment_id AND OLD.archived_at IS NULL
        AND NEW.since >= OLD.since
        AND coalesce(NEW.until, '9999-12-31') <= coalesce(OLD.until, '9999-12-31')
    THEN
        RETURN NEW;
    END IF;
    SELECT training_mentor_last_day(NEW.until, e.status, e.status_on)
        INTO last_day FROM training_enrolment e WHERE e.id = NEW.enrolment_id;
    IF NEW.since > last_day THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM person WHERE id = NEW.master_person_id FOR NO KEY UPDATE;
    SELECT coalesce((SELECT CAST(value AS BIGINT) FROM setting
        WHERE key = 'training.master_max_apprentices'), 8) INTO cap;
    SELECT max((SELECT count(*) FROM training_mentor m
        JOIN training_enrolment e ON e.id = m.enrolment_id
        WHERE m.master_person_id = NEW.master_person_id AND m.id <> NEW.id
        AND m.archived_at IS NULL AND m.since <= d.day
        AND training_mentor_last_day(m.until, e.status, e.status_on) >= d.day))
        INTO peak
        FROM (SELECT NEW.since AS day UNION SELECT since FROM training_mentor
            WHERE master_person_id = NEW.master_person_id
            AND archived_at IS NULL AND id <> NEW.id
            AND since > NEW.since AND since <= last_day) d;
    IF peak >= cap THEN
        RAISE EXCEPTION 'the master already has the most apprentices allowed'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$;

-- ---- a cohort's capacity, on update too ----------------------------------

-- The same function as 0007's, run on UPDATE as well: an enrolment moved
-- to another cohort, or taken out of the archive, takes a place. The
-- cohort row is locked first, as on insert.
CREATE OR REPLACE FUNCTION training_enrolment_capacity() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cap BIGINT;
BEGIN
    IF NEW.status = 'withdrawn' OR NEW.archived_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.cohort_id = OLD.cohort_id
        AND OLD.archived_at IS NULL AND OLD.status <> 'withdrawn' THEN
        RETURN NEW;
    END IF;
    SELECT capacity INTO cap FROM training_cohort WHERE id = NEW.cohort_id
        FOR NO KEY UPDATE;
    IF (SELECT count(*) FROM training_enrolment WHERE cohort_id = NEW.cohort_id
        AND status <> 'withdrawn' AND archived_at IS NULL
        AND id <> NEW.id) >= cap THEN
        RAISE EXCEPTION 'the cohort is full'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER training_enrolment_capacity_update
    BEFORE UPDATE OF cohort_id, status, archived_at ON training_enrolment
    FOR EACH ROW EXECUTE FUNCTION training_enrolment_capacity();

-- A cohort's capacity may not drop below the trainees it has. The UPDATE
-- holds the cohort row's lock, which enrolments take before they count.
CREATE FUNCTION training_cohort_capacity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.capacity < (SELECT count(*) FROM training_enrolment
        WHERE cohort_id = NEW.id AND status <> 'withdrawn'
        AND archived_at IS NULL) THEN
        RAISE EXCEPTION 'the cohort has more trainees than that'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER training_cohort_capacity BEFORE UPDATE OF capacity
    ON training_cohort FOR EACH ROW
    EXECUTE FUNCTION training_cohort_capacity();
