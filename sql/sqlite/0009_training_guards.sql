-- 0009_training_guards: rules that the database now holds in full (issue
-- 13): a check-in code may be guessed wrong at most five times per trainee
-- and session; a master's apprentices stay within the cap on every day,
-- whenever the mentorships end; a cohort's capacity holds when enrolments
-- or the cohort change, not only on insert; and dates and times are real
-- ones, not only the right shape.

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

-- ---- real dates and times --------------------------------------------------

-- The GLOB checks of 0004-0008 take the shape only: '2019-19-39' and
-- '2026-02-30' fit it. SQLite cannot change a table's CHECK without
-- rebuilding the table, and a rebuild is not possible here: migrate runs
-- each migration in one transaction, where foreign keys cannot be turned
-- off, and org, person and the rest are referenced from everywhere. So
-- BEFORE INSERT / UPDATE triggers refuse what is not a real date: the day
-- the text names, read as a Julian day and written back, must be the
-- text (SQLite's date() alone would echo '2026-02-30'). Times likewise,
-- with strftime(): '...T24:00:00Z' reads as the next day. PostgreSQL has
-- the same rule as CHECK constraints (its 0009); the append-only event
-- tables refuse every update already. A value these refuse is an error of
-- the caller's code: every rule validates dates (date_valid()) and times
-- (time_parse_utc()) first and names the field.
CREATE TRIGGER org_dates_insert BEFORE INSERT ON org
BEGIN
    SELECT RAISE(ABORT, 'org.founded_on is not a real date')
    WHERE date(julianday(NEW.founded_on)) IS NOT NEW.founded_on;
END;
CREATE TRIGGER org_dates_update BEFORE UPDATE OF founded_on
    ON org
BEGIN
    SELECT RAISE(ABORT, 'org.founded_on is not a real date')
    WHERE date(julianday(NEW.founded_on)) IS NOT NEW.founded_on;
END;
CREATE TRIGGER affiliation_dates_insert BEFORE INSERT ON affiliation
BEGIN
    SELECT RAISE(ABORT, 'affiliation.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'affiliation.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER affiliation_dates_update BEFORE UPDATE OF since, until
    ON affiliation
BEGIN
    SELECT RAISE(ABORT, 'affiliation.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'affiliation.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER inc_round_dates_insert BEFORE INSERT ON inc_round
BEGIN
    SELECT RAISE(ABORT, 'inc_round.opens_on is not a real date')
    WHERE date(julianday(NEW.opens_on)) IS NOT NEW.opens_on;
    SELECT RAISE(ABORT, 'inc_round.closes_on is not a real date')
    WHERE date(julianday(NEW.closes_on)) IS NOT NEW.closes_on;
END;
CREATE TRIGGER inc_round_dates_update BEFORE UPDATE OF opens_on, closes_on
    ON inc_round
BEGIN
    SELECT RAISE(ABORT, 'inc_round.opens_on is not a real date')
    WHERE date(julianday(NEW.opens_on)) IS NOT NEW.opens_on;
    SELECT RAISE(ABORT, 'inc_round.closes_on is not a real date')
    WHERE date(julianday(NEW.closes_on)) IS NOT NEW.closes_on;
END;
CREATE TRIGGER inc_application_dates_insert BEFORE INSERT ON inc_application
BEGIN
    SELECT RAISE(ABORT, 'inc_application.founded_on is not a real date')
    WHERE date(julianday(NEW.founded_on)) IS NOT NEW.founded_on;
END;
CREATE TRIGGER inc_application_dates_update BEFORE UPDATE OF founded_on
    ON inc_application
BEGIN
    SELECT RAISE(ABORT, 'inc_application.founded_on is not a real date')
    WHERE date(julianday(NEW.founded_on)) IS NOT NEW.founded_on;
END;
CREATE TRIGGER incubation_dates_insert BEFORE INSERT ON incubation
BEGIN
    SELECT RAISE(ABORT, 'incubation.admitted_on is not a real date')
    WHERE date(julianday(NEW.admitted_on)) IS NOT NEW.admitted_on;
    SELECT RAISE(ABORT, 'incubation.agreement_from is not a real date')
    WHERE date(julianday(NEW.agreement_from)) IS NOT NEW.agreement_from;
    SELECT RAISE(ABORT, 'incubation.agreement_to is not a real date')
    WHERE date(julianday(NEW.agreement_to)) IS NOT NEW.agreement_to;
END;
CREATE TRIGGER incubation_dates_update BEFORE UPDATE OF admitted_on, agreement_from, agreement_to
    ON incubation
BEGIN
    SELECT RAISE(ABORT, 'incubation.admitted_on is not a real date')
    WHERE date(julianday(NEW.admitted_on)) IS NOT NEW.admitted_on;
    SELECT RAISE(ABORT, 'incubation.agreement_from is not a real date')
    WHERE date(julianday(NEW.agreement_from)) IS NOT NEW.agreement_from;
    SELECT RAISE(ABORT, 'incubation.agreement_to is not a real date')
    WHERE date(julianday(NEW.agreement_to)) IS NOT NEW.agreement_to;
END;
CREATE TRIGGER incubation_event_dates_insert BEFORE INSERT ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation_event.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER inc_assignment_dates_insert BEFORE INSERT ON inc_assignment
BEGIN
    SELECT RAISE(ABORT, 'inc_assignment.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'inc_assignment.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER inc_assignment_dates_update BEFORE UPDATE OF since, until
    ON inc_assignment
BEGIN
    SELECT RAISE(ABORT, 'inc_assignment.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'inc_assignment.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER inc_session_dates_insert BEFORE INSERT ON inc_session
BEGIN
    SELECT RAISE(ABORT, 'inc_session.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER inc_session_dates_update BEFORE UPDATE OF on_date
    ON inc_session
BEGIN
    SELECT RAISE(ABORT, 'inc_session.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER inc_project_dates_insert BEFORE INSERT ON inc_project
BEGIN
    SELECT RAISE(ABORT, 'inc_project.started_on is not a real date')
    WHERE date(julianday(NEW.started_on)) IS NOT NEW.started_on;
END;
CREATE TRIGGER inc_project_dates_update BEFORE UPDATE OF started_on
    ON inc_project
BEGIN
    SELECT RAISE(ABORT, 'inc_project.started_on is not a real date')
    WHERE date(julianday(NEW.started_on)) IS NOT NEW.started_on;
END;
CREATE TRIGGER inc_milestone_dates_insert BEFORE INSERT ON inc_milestone
BEGIN
    SELECT RAISE(ABORT, 'inc_milestone.due_on is not a real date')
    WHERE date(julianday(NEW.due_on)) IS NOT NEW.due_on;
    SELECT RAISE(ABORT, 'inc_milestone.done_on is not a real date')
    WHERE date(julianday(NEW.done_on)) IS NOT NEW.done_on;
END;
CREATE TRIGGER inc_milestone_dates_update BEFORE UPDATE OF due_on, done_on
    ON inc_milestone
BEGIN
    SELECT RAISE(ABORT, 'inc_milestone.due_on is not a real date')
    WHERE date(julianday(NEW.due_on)) IS NOT NEW.due_on;
    SELECT RAISE(ABORT, 'inc_milestone.done_on is not a real date')
    WHERE date(julianday(NEW.done_on)) IS NOT NEW.done_on;
END;
CREATE TRIGGER investment_dates_insert BEFORE INSERT ON investment
BEGIN
    SELECT RAISE(ABORT, 'investment.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER investment_dates_update BEFORE UPDATE OF on_date
    ON investment
BEGIN
    SELECT RAISE(ABORT, 'investment.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER building_dates_insert BEFORE INSERT ON building
BEGIN
    SELECT RAISE(ABORT, 'building.opened_on is not a real date')
    WHERE date(julianday(NEW.opened_on)) IS NOT NEW.opened_on;
END;
CREATE TRIGGER building_dates_update BEFORE UPDATE OF opened_on
    ON building
BEGIN
    SELECT RAISE(ABORT, 'building.opened_on is not a real date')
    WHERE date(julianday(NEW.opened_on)) IS NOT NEW.opened_on;
END;
CREATE TRIGGER lease_dates_insert BEFORE INSERT ON lease
BEGIN
    SELECT RAISE(ABORT, 'lease.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'lease.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER lease_dates_update BEFORE UPDATE OF starts_on, ends_on
    ON lease
BEGIN
    SELECT RAISE(ABORT, 'lease.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'lease.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER inc_report_period_dates_insert BEFORE INSERT ON inc_report_period
BEGIN
    SELECT RAISE(ABORT, 'inc_report_period.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'inc_report_period.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
    SELECT RAISE(ABORT, 'inc_report_period.due_on is not a real date')
    WHERE date(julianday(NEW.due_on)) IS NOT NEW.due_on;
END;
CREATE TRIGGER inc_report_period_dates_update BEFORE UPDATE OF starts_on, ends_on, due_on
    ON inc_report_period
BEGIN
    SELECT RAISE(ABORT, 'inc_report_period.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'inc_report_period.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
    SELECT RAISE(ABORT, 'inc_report_period.due_on is not a real date')
    WHERE date(julianday(NEW.due_on)) IS NOT NEW.due_on;
END;
CREATE TRIGGER inc_report_dates_insert BEFORE INSERT ON inc_report
BEGIN
    SELECT RAISE(ABORT, 'inc_report.accepted_on is not a real date')
    WHERE date(julianday(NEW.accepted_on)) IS NOT NEW.accepted_on;
END;
CREATE TRIGGER inc_report_dates_update BEFORE UPDATE OF accepted_on
    ON inc_report
BEGIN
    SELECT RAISE(ABORT, 'inc_report.accepted_on is not a real date')
    WHERE date(julianday(NEW.accepted_on)) IS NOT NEW.accepted_on;
END;
CREATE TRIGGER training_centre_dates_insert BEFORE INSERT ON training_centre
BEGIN
    SELECT RAISE(ABORT, 'training_centre.opened_on is not a real date')
    WHERE date(julianday(NEW.opened_on)) IS NOT NEW.opened_on;
END;
CREATE TRIGGER training_centre_dates_update BEFORE UPDATE OF opened_on
    ON training_centre
BEGIN
    SELECT RAISE(ABORT, 'training_centre.opened_on is not a real date')
    WHERE date(julianday(NEW.opened_on)) IS NOT NEW.opened_on;
END;
CREATE TRIGGER training_programme_dates_insert BEFORE INSERT ON training_programme
BEGIN
    SELECT RAISE(ABORT, 'training_programme.intake_on is not a real date')
    WHERE date(julianday(NEW.intake_on)) IS NOT NEW.intake_on;
END;
CREATE TRIGGER training_programme_dates_update BEFORE UPDATE OF intake_on
    ON training_programme
BEGIN
    SELECT RAISE(ABORT, 'training_programme.intake_on is not a real date')
    WHERE date(julianday(NEW.intake_on)) IS NOT NEW.intake_on;
END;
CREATE TRIGGER training_cohort_dates_insert BEFORE INSERT ON training_cohort
BEGIN
    SELECT RAISE(ABORT, 'training_cohort.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'training_cohort.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER training_cohort_dates_update BEFORE UPDATE OF starts_on, ends_on
    ON training_cohort
BEGIN
    SELECT RAISE(ABORT, 'training_cohort.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'training_cohort.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER training_session_dates_insert BEFORE INSERT ON training_session
BEGIN
    SELECT RAISE(ABORT, 'training_session.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
    SELECT RAISE(ABORT, 'training_session.starts_at is not a real UTC time')
    WHERE strftime('%Y-%m-%dT%H:%M:%SZ', julianday(NEW.starts_at))
        IS NOT NEW.starts_at;
    SELECT RAISE(ABORT, 'training_session.ends_at is not a real UTC time')
    WHERE strftime('%Y-%m-%dT%H:%M:%SZ', julianday(NEW.ends_at))
        IS NOT NEW.ends_at;
END;
CREATE TRIGGER training_session_dates_update BEFORE UPDATE OF on_date, starts_at, ends_at
    ON training_session
BEGIN
    SELECT RAISE(ABORT, 'training_session.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
    SELECT RAISE(ABORT, 'training_session.starts_at is not a real UTC time')
    WHERE strftime('%Y-%m-%dT%H:%M:%SZ', julianday(NEW.starts_at))
        IS NOT NEW.starts_at;
    SELECT RAISE(ABORT, 'training_session.ends_at is not a real UTC time')
    WHERE strftime('%Y-%m-%dT%H:%M:%SZ', julianday(NEW.ends_at))
        IS NOT NEW.ends_at;
END;
CREATE TRIGGER training_enrolment_dates_insert BEFORE INSERT ON training_enrolment
BEGIN
    SELECT RAISE(ABORT, 'training_enrolment.enrolled_on is not a real date')
    WHERE date(julianday(NEW.enrolled_on)) IS NOT NEW.enrolled_on;
    SELECT RAISE(ABORT, 'training_enrolment.status_on is not a real date')
    WHERE date(julianday(NEW.status_on)) IS NOT NEW.status_on;
END;
CREATE TRIGGER training_enrolment_dates_update BEFORE UPDATE OF enrolled_on, status_on
    ON training_enrolment
BEGIN
    SELECT RAISE(ABORT, 'training_enrolment.enrolled_on is not a real date')
    WHERE date(julianday(NEW.enrolled_on)) IS NOT NEW.enrolled_on;
    SELECT RAISE(ABORT, 'training_enrolment.status_on is not a real date')
    WHERE date(julianday(NEW.status_on)) IS NOT NEW.status_on;
END;
CREATE TRIGGER training_enrolment_event_dates_insert BEFORE INSERT ON training_enrolment_event
BEGIN
    SELECT RAISE(ABORT, 'training_enrolment_event.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER training_assessment_dates_insert BEFORE INSERT ON training_assessment
BEGIN
    SELECT RAISE(ABORT, 'training_assessment.assessed_on is not a real date')
    WHERE date(julianday(NEW.assessed_on)) IS NOT NEW.assessed_on;
END;
CREATE TRIGGER training_assessment_dates_update BEFORE UPDATE OF assessed_on
    ON training_assessment
BEGIN
    SELECT RAISE(ABORT, 'training_assessment.assessed_on is not a real date')
    WHERE date(julianday(NEW.assessed_on)) IS NOT NEW.assessed_on;
END;
CREATE TRIGGER training_mentor_dates_insert BEFORE INSERT ON training_mentor
BEGIN
    SELECT RAISE(ABORT, 'training_mentor.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'training_mentor.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER training_mentor_dates_update BEFORE UPDATE OF since, until
    ON training_mentor
BEGIN
    SELECT RAISE(ABORT, 'training_mentor.since is not a real date')
    WHERE date(julianday(NEW.since)) IS NOT NEW.since;
    SELECT RAISE(ABORT, 'training_mentor.until is not a real date')
    WHERE date(julianday(NEW.until)) IS NOT NEW.until;
END;
CREATE TRIGGER training_weekly_log_dates_insert BEFORE INSERT ON training_weekly_log
BEGIN
    SELECT RAISE(ABORT, 'training_weekly_log.week_of is not a real date')
    WHERE date(julianday(NEW.week_of)) IS NOT NEW.week_of;
END;
CREATE TRIGGER training_weekly_log_dates_update BEFORE UPDATE OF week_of
    ON training_weekly_log
BEGIN
    SELECT RAISE(ABORT, 'training_weekly_log.week_of is not a real date')
    WHERE date(julianday(NEW.week_of)) IS NOT NEW.week_of;
END;
CREATE TRIGGER placement_slot_dates_insert BEFORE INSERT ON placement_slot
BEGIN
    SELECT RAISE(ABORT, 'placement_slot.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'placement_slot.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER placement_slot_dates_update BEFORE UPDATE OF starts_on, ends_on
    ON placement_slot
BEGIN
    SELECT RAISE(ABORT, 'placement_slot.starts_on is not a real date')
    WHERE date(julianday(NEW.starts_on)) IS NOT NEW.starts_on;
    SELECT RAISE(ABORT, 'placement_slot.ends_on is not a real date')
    WHERE date(julianday(NEW.ends_on)) IS NOT NEW.ends_on;
END;
CREATE TRIGGER placement_dates_insert BEFORE INSERT ON placement
BEGIN
    SELECT RAISE(ABORT, 'placement.assigned_on is not a real date')
    WHERE date(julianday(NEW.assigned_on)) IS NOT NEW.assigned_on;
    SELECT RAISE(ABORT, 'placement.ended_on is not a real date')
    WHERE date(julianday(NEW.ended_on)) IS NOT NEW.ended_on;
END;
CREATE TRIGGER placement_dates_update BEFORE UPDATE OF assigned_on, ended_on
    ON placement
BEGIN
    SELECT RAISE(ABORT, 'placement.assigned_on is not a real date')
    WHERE date(julianday(NEW.assigned_on)) IS NOT NEW.assigned_on;
    SELECT RAISE(ABORT, 'placement.ended_on is not a real date')
    WHERE date(julianday(NEW.ended_on)) IS NOT NEW.ended_on;
END;
CREATE TRIGGER placement_event_dates_insert BEFORE INSERT ON placement_event
BEGIN
    SELECT RAISE(ABORT, 'placement_event.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
CREATE TRIGGER placement_log_dates_insert BEFORE INSERT ON placement_log
BEGIN
    SELECT RAISE(ABORT, 'placement_log.week_of is not a real date')
    WHERE date(julianday(NEW.week_of)) IS NOT NEW.week_of;
END;
CREATE TRIGGER placement_log_dates_update BEFORE UPDATE OF week_of
    ON placement_log
BEGIN
    SELECT RAISE(ABORT, 'placement_log.week_of is not a real date')
    WHERE date(julianday(NEW.week_of)) IS NOT NEW.week_of;
END;
CREATE TRIGGER skill_certificate_dates_insert BEFORE INSERT ON skill_certificate
BEGIN
    SELECT RAISE(ABORT, 'skill_certificate.issued_on is not a real date')
    WHERE date(julianday(NEW.issued_on)) IS NOT NEW.issued_on;
END;
CREATE TRIGGER skill_certificate_dates_update BEFORE UPDATE OF issued_on
    ON skill_certificate
BEGIN
    SELECT RAISE(ABORT, 'skill_certificate.issued_on is not a real date')
    WHERE date(julianday(NEW.issued_on)) IS NOT NEW.issued_on;
END;
CREATE TRIGGER training_certificate_dates_insert BEFORE INSERT ON training_certificate
BEGIN
    SELECT RAISE(ABORT, 'training_certificate.issued_on is not a real date')
    WHERE date(julianday(NEW.issued_on)) IS NOT NEW.issued_on;
END;
CREATE TRIGGER training_certificate_dates_update BEFORE UPDATE OF issued_on
    ON training_certificate
BEGIN
    SELECT RAISE(ABORT, 'training_certificate.issued_on is not a real date')
    WHERE date(julianday(NEW.issued_on)) IS NOT NEW.issued_on;
END;
