-- 0007_training: training centres, programmes, cohorts, sessions, enrolment,
-- attendance and the dual mentors of apprentices (src/training/training.h).
--
-- Hours are kept in minutes: a session's `minutes` is its length, fixed
-- from its start and end when it is scheduled; a module's planned hours are
-- whole hours. A session's `on_date` is its Beijing date, so that "held
-- before the trainee enrolled" is a comparison of two dates on both back
-- ends. Rules that span rows are triggers here, so that no path around the
-- C rules can break them: a cohort's capacity, the legal order of an
-- enrolment's events, attendance only for sessions on or after enrolment,
-- and a master's limit of current apprentices (the setting
-- training.master_max_apprentices, default 8). SQLite runs every write in
-- BEGIN IMMEDIATE, so a trigger's count cannot be raced.

CREATE TABLE training_centre (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    operator_org_id INTEGER REFERENCES org (id),
    address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 100000),
    opened_on TEXT CHECK (opened_on IS NULL OR opened_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

-- The co-builders of a centre: firms, universities, institutes, each with
-- its share in percent (together at most 100).
CREATE TABLE training_partner (
    id INTEGER PRIMARY KEY,
    centre_id INTEGER NOT NULL REFERENCES training_centre (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    share_pct INTEGER NOT NULL CHECK (share_pct BETWEEN 0 AND 100),
    contribution TEXT NOT NULL DEFAULT '' CHECK (length(contribution) <= 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (centre_id, org_id)
) STRICT;
CREATE INDEX training_partner_org ON training_partner (org_id);

CREATE TRIGGER training_partner_share_insert
BEFORE INSERT ON training_partner
WHEN new.archived_at IS NULL AND new.share_pct + (SELECT coalesce(sum(share_pct), 0)
    FROM training_partner WHERE centre_id = new.centre_id
    AND archived_at IS NULL) > 100
BEGIN
    SELECT RAISE(ABORT, 'the co-builders'' shares of a centre add up to more than 100%');
END;
CREATE TRIGGER training_partner_share_update
BEFORE UPDATE ON training_partner
WHEN new.archived_at IS NULL AND new.share_pct + (SELECT coalesce(sum(share_pct), 0)
    FROM training_partner WHERE centre_id = new.centre_id
    AND archived_at IS NULL AND id <> new.id) > 100
BEGIN
    SELECT RAISE(ABORT, 'the co-builders'' shares of a centre add up to more than 100%');
END;

-- Rooms and workshops of a centre, with their seats.
CREATE TABLE training_room (
    id INTEGER PRIMARY KEY,
    centre_id INTEGER NOT NULL REFERENCES training_centre (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind TEXT NOT NULL CHECK (kind IN ('classroom', 'workshop')),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (centre_id, name)
) STRICT;

-- A programme. Order classes, pre-job and in-service programmes serve a
-- firm (firm_org_id); an order class also has its seat quota and hiring
-- commitment; a college programme names the college and its intake date.
-- The completion rule: min_attendance_pct of planned hours attended and
-- verified, and (assessments_required) every syllabus module passed; NULL
-- takes the settings training.min_attendance_pct and
-- training.assessments_required. certificate_level: 5 初级工 .. 1 高级技师.
CREATE TABLE training_programme (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('order_class', 'pre_job',
        'in_service', 'apprenticeship', 'entrepreneurship', 'college')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    occupation TEXT NOT NULL CHECK (length(occupation) BETWEEN 1 AND 100),
    firm_org_id INTEGER REFERENCES org (id),
    seat_quota INTEGER CHECK (seat_quota IS NULL OR seat_quota BETWEEN 1 AND 100000),
    hiring_commitment INTEGER CHECK (hiring_commitment IS NULL OR
        hiring_commitment BETWEEN 0 AND 100000),
    college_org_id INTEGER REFERENCES org (id),
    intake_on TEXT CHECK (intake_on IS NULL OR intake_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    min_attendance_pct INTEGER CHECK (min_attendance_pct IS NULL OR
        min_attendance_pct BETWEEN 0 AND 100),
    assessments_required INTEGER CHECK (assessments_required IS NULL OR
        assessments_required IN (0, 1)),
    certificate_name TEXT NOT NULL DEFAULT '' CHECK (length(certificate_name) <= 100),
    certificate_level INTEGER CHECK (certificate_level IS NULL OR
        certificate_level BETWEEN 1 AND 5),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (kind NOT IN ('order_class', 'pre_job', 'in_service')
        OR firm_org_id IS NOT NULL),
    CHECK (kind <> 'order_class' OR (seat_quota IS NOT NULL AND
        hiring_commitment IS NOT NULL AND hiring_commitment <= seat_quota)),
    CHECK (kind <> 'college' OR (college_org_id IS NOT NULL AND
        intake_on IS NOT NULL))
) STRICT;
CREATE INDEX training_programme_kind ON training_programme (kind);
CREATE INDEX training_programme_firm ON training_programme (firm_org_id);
CREATE INDEX training_programme_college ON training_programme (college_org_id);

-- The syllabus: modules in order, with planned classroom hours at the base
-- and practice hours in a firm's workshop.
CREATE TABLE training_module (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 1000),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    classroom_hours INTEGER NOT NULL CHECK (classroom_hours BETWEEN 0 AND 10000),
    workshop_hours INTEGER NOT NULL CHECK (workshop_hours BETWEEN 0 AND 10000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (classroom_hours + workshop_hours > 0),
    UNIQUE (programme_id, seq)
) STRICT;

-- A class (班级) of a programme at a centre, with its head teacher.
CREATE TABLE training_cohort (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    centre_id INTEGER NOT NULL REFERENCES training_centre (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    teacher_person_id INTEGER NOT NULL REFERENCES person (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX training_cohort_programme ON training_cohort (programme_id);
CREATE INDEX training_cohort_teacher ON training_cohort (teacher_person_id);

-- A session of a cohort: in a centre's room or in a firm's workshop, led by
-- a person (a school teacher or an enterprise master). `code` is what the
-- trainees type to check themselves in while it runs.
CREATE TABLE training_session (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES training_cohort (id),
    module_id INTEGER REFERENCES training_module (id),
    kind TEXT NOT NULL CHECK (kind IN ('classroom', 'workshop')),
    topic TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 200),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT NOT NULL CHECK (ends_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at > starts_at),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    room_id INTEGER REFERENCES training_room (id),
    workshop_org_id INTEGER REFERENCES org (id),
    teacher_person_id INTEGER NOT NULL REFERENCES person (id),
    code TEXT NOT NULL CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((room_id IS NULL) <> (workshop_org_id IS NULL))
) STRICT;
CREATE INDEX training_session_cohort ON training_session (cohort_id, starts_at);
CREATE INDEX training_session_teacher ON training_session (teacher_person_id);

-- A trainee in a cohort, where they come from (source_org_id: the partner
-- university, the firm, the college; none for the unemployed), and the
-- status its latest event gave it (kept by the trigger below).
CREATE TABLE training_enrolment (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES training_cohort (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    source TEXT NOT NULL CHECK (source IN ('partner_university',
        'firm_staff', 'unemployed', 'college')),
    source_org_id INTEGER REFERENCES org (id),
    enrolled_on TEXT NOT NULL CHECK (enrolled_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled',
        'completed', 'withdrawn')),
    status_on TEXT NOT NULL CHECK (status_on >= enrolled_on),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((source = 'unemployed') = (source_org_id IS NULL)),
    UNIQUE (cohort_id, person_id)
) STRICT;
CREATE INDEX training_enrolment_person ON training_enrolment (person_id);
CREATE INDEX training_enrolment_source ON training_enrolment (source_org_id);

-- A cohort takes at most `capacity` trainees who have not withdrawn.
CREATE TRIGGER training_enrolment_capacity
BEFORE INSERT ON training_enrolment
WHEN (SELECT count(*) FROM training_enrolment WHERE cohort_id = new.cohort_id
    AND status <> 'withdrawn' AND archived_at IS NULL) >=
    (SELECT capacity FROM training_cohort WHERE id = new.cohort_id)
BEGIN
    SELECT RAISE(ABORT, 'the cohort is full');
END;

-- What happened to an enrolment, dated; append-only. The first event is
-- 'enrolled' on the enrolment date; then one 'completed' or 'withdrawn'.
CREATE TABLE training_enrolment_event (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    kind TEXT NOT NULL CHECK (kind IN ('enrolled', 'completed', 'withdrawn')),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    actor_account_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_enrolment_event_enrolment
    ON training_enrolment_event (enrolment_id);
CREATE INDEX training_enrolment_event_kind
    ON training_enrolment_event (kind, on_date);

CREATE TRIGGER training_enrolment_event_order
BEFORE INSERT ON training_enrolment_event
BEGIN
    SELECT RAISE(ABORT, 'an enrolment begins with one enrolled event')
    WHERE (new.kind = 'enrolled') <> NOT EXISTS (SELECT 1
        FROM training_enrolment_event WHERE enrolment_id = new.enrolment_id);
    SELECT RAISE(ABORT, 'the enrolment has already ended')
    WHERE new.kind <> 'enrolled' AND (SELECT status FROM training_enrolment
        WHERE id = new.enrolment_id) <> 'enrolled';
    SELECT RAISE(ABORT, 'an event cannot be dated before the enrolment')
    WHERE new.on_date < (SELECT enrolled_on FROM training_enrolment
        WHERE id = new.enrolment_id);
END;
CREATE TRIGGER training_enrolment_event_status
AFTER INSERT ON training_enrolment_event
BEGIN
    UPDATE training_enrolment SET status = new.kind, status_on = new.on_date,
        updated_at = new.created_at WHERE id = new.enrolment_id;
END;
CREATE TRIGGER training_enrolment_event_no_update
BEFORE UPDATE ON training_enrolment_event
BEGIN
    SELECT RAISE(ABORT, 'enrolment events are append-only');
END;
CREATE TRIGGER training_enrolment_event_no_delete
BEFORE DELETE ON training_enrolment_event
BEGIN
    SELECT RAISE(ABORT, 'enrolment events are append-only');
END;

-- Attendance of one enrolment at one session. checked_in_at: the trainee
-- checked in with the session's code; verified_at/verified_by_account_id:
-- the account of the teacher, master or staff member who vouched for it
-- (marking it, or confirming a check-in).
CREATE TABLE training_attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_session (id),
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    status TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused',
        'absent')),
    checked_in_at TEXT,
    verified_at TEXT,
    verified_by_account_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((verified_at IS NULL) = (verified_by_account_id IS NULL)),
    UNIQUE (session_id, enrolment_id)
) STRICT;
CREATE INDEX training_attendance_enrolment ON training_attendance (enrolment_id);

CREATE TRIGGER training_attendance_fits
BEFORE INSERT ON training_attendance
BEGIN
    SELECT RAISE(ABORT, 'the session is not of the enrolment''s cohort')
    WHERE (SELECT cohort_id FROM training_session WHERE id = new.session_id)
        <> (SELECT cohort_id FROM training_enrolment WHERE id = new.enrolment_id);
    SELECT RAISE(ABORT, 'the session was held before the trainee enrolled')
    WHERE (SELECT on_date FROM training_session WHERE id = new.session_id)
        < (SELECT enrolled_on FROM training_enrolment WHERE id = new.enrolment_id);
END;

-- Assessment of an enrolment in one syllabus module (score 0-100, passed).
-- The completion rule reads it; the assessments part of the module keeps it.
CREATE TABLE training_assessment (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    module_id INTEGER NOT NULL REFERENCES training_module (id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    assessed_on TEXT NOT NULL CHECK (assessed_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    assessor_person_id INTEGER REFERENCES person (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX training_assessment_enrolment ON training_assessment (enrolment_id);

-- The dual mentors of an apprentice (an enrolment in an apprenticeship
-- programme): the enterprise master and the school teacher. Current while
-- `until` is NULL, the row is not archived and the enrolment is 'enrolled'.
CREATE TABLE training_mentor (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    master_person_id INTEGER NOT NULL REFERENCES person (id),
    master_org_id INTEGER NOT NULL REFERENCES org (id),
    teacher_person_id INTEGER NOT NULL REFERENCES person (id),
    since TEXT NOT NULL CHECK (since GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    until TEXT CHECK (until IS NULL OR (until GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND until >= since)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (master_person_id <> teacher_person_id)
) STRICT;
CREATE UNIQUE INDEX training_mentor_current ON training_mentor (enrolment_id)
    WHERE until IS NULL AND archived_at IS NULL;
CREATE INDEX training_mentor_master ON training_mentor (master_person_id);
CREATE INDEX training_mentor_teacher ON training_mentor (teacher_person_id);
CREATE INDEX training_mentor_org ON training_mentor (master_org_id);

CREATE TRIGGER training_mentor_apprentice
BEFORE INSERT ON training_mentor
WHEN (SELECT p.kind FROM training_enrolment e
    JOIN training_cohort c ON c.id = e.cohort_id
    JOIN training_programme p ON p.id = c.programme_id
    WHERE e.id = new.enrolment_id) <> 'apprenticeship'
BEGIN
    SELECT RAISE(ABORT, 'mentors are for enrolments in an apprenticeship programme');
END;

-- A master's current apprentices: at most training.master_max_apprentices.
CREATE TRIGGER training_mentor_cap_insert
BEFORE INSERT ON training_mentor
WHEN new.until IS NULL AND new.archived_at IS NULL AND
    (SELECT count(*) FROM training_mentor m JOIN training_enrolment e
        ON e.id = m.enrolment_id
     WHERE m.master_person_id = new.master_person_id AND m.until IS NULL
        AND m.archived_at IS NULL AND e.status = 'enrolled') >=
    coalesce((SELECT CAST(value AS INTEGER) FROM setting
        WHERE key = 'training.master_max_apprentices'), 8)
BEGIN
    SELECT RAISE(ABORT, 'the master already has the most apprentices allowed');
END;
CREATE TRIGGER training_mentor_cap_update
BEFORE UPDATE ON training_mentor
WHEN new.until IS NULL AND new.archived_at IS NULL AND
    (new.master_person_id <> old.master_person_id OR old.until IS NOT NULL
     OR old.archived_at IS NOT NULL) AND
    (SELECT count(*) FROM training_mentor m JOIN training_enrolment e
        ON e.id = m.enrolment_id
     WHERE m.master_person_id = new.master_person_id AND m.until IS NULL
        AND m.archived_at IS NULL AND e.status = 'enrolled'
        AND m.id <> new.id) >=
    coalesce((SELECT CAST(value AS INTEGER) FROM setting
        WHERE key = 'training.master_max_apprentices'), 8)
BEGIN
    SELECT RAISE(ABORT, 'the master already has the most apprentices allowed');
END;

-- An apprentice's weekly log: written by the apprentice, confirmed by the
-- master.
CREATE TABLE training_weekly_log (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    week_of TEXT NOT NULL CHECK (week_of GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    confirmed_at TEXT,
    confirmed_by_person_id INTEGER REFERENCES person (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((confirmed_at IS NULL) = (confirmed_by_person_id IS NULL)),
    UNIQUE (enrolment_id, week_of)
) STRICT;
