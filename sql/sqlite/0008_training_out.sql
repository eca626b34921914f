-- 0008_training_out: what training leads to. Workshop placements in the
-- firms (slots, assignments with dated events, weekly logs confirmed by the
-- firm's master, the trainee's evaluation of the site) and the register of
-- national vocational skill-level certificates.
--
-- A slot's places are enforced here: `taken` counts the placements that are
-- not withdrawn (kept by the triggers below) and may never pass `places`.

CREATE TABLE placement_slot (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES org (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    workshop TEXT NOT NULL CHECK (length(workshop) BETWEEN 1 AND 100),
    master_id INTEGER REFERENCES person (id),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT NOT NULL CHECK (ends_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ends_on >= starts_on),
    places INTEGER NOT NULL CHECK (places BETWEEN 1 AND 10000),
    taken INTEGER NOT NULL DEFAULT 0 CHECK (taken BETWEEN 0 AND places),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX placement_slot_firm ON placement_slot (firm_id);

-- firm_id is the slot's, kept here so that a firm's placements are one
-- indexed lookup; status is the latest event's kind.
CREATE TABLE placement (
    id INTEGER PRIMARY KEY,
    slot_id INTEGER NOT NULL REFERENCES placement_slot (id),
    firm_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    status TEXT NOT NULL CHECK (status IN ('assigned', 'completed',
        'withdrawn')),
    assigned_on TEXT NOT NULL CHECK (assigned_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ended_on TEXT CHECK (ended_on IS NULL OR (ended_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND
        ended_on >= assigned_on)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (slot_id, person_id)
) STRICT;
CREATE INDEX placement_firm ON placement (firm_id);
CREATE INDEX placement_person ON placement (person_id);

CREATE TRIGGER placement_take AFTER INSERT ON placement
WHEN NEW.status <> 'withdrawn'
BEGIN
    UPDATE placement_slot SET taken = taken + 1 WHERE id = NEW.slot_id;
END;
CREATE TRIGGER placement_release AFTER UPDATE OF status ON placement
WHEN OLD.status <> 'withdrawn' AND NEW.status = 'withdrawn'
BEGIN
    UPDATE placement_slot SET taken = taken - 1 WHERE id = NEW.slot_id;
END;
CREATE TRIGGER placement_retake AFTER UPDATE OF status ON placement
WHEN OLD.status = 'withdrawn' AND NEW.status <> 'withdrawn'
BEGIN
    UPDATE placement_slot SET taken = taken + 1 WHERE id = NEW.slot_id;
END;

-- The dated history of a placement, append-only.
CREATE TABLE placement_event (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placement (id),
    kind TEXT NOT NULL CHECK (kind IN ('assigned', 'completed',
        'withdrawn')),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    account_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX placement_event_placement ON placement_event (placement_id);
CREATE INDEX placement_event_kind ON placement_event (kind, on_date);
CREATE TRIGGER placement_event_no_update BEFORE UPDATE ON placement_event
BEGIN
    SELECT RAISE(ABORT, 'placement events are append-only');
END;
CREATE TRIGGER placement_event_no_delete BEFORE DELETE ON placement_event
BEGIN
    SELECT RAISE(ABORT, 'placement events are append-only');
END;

-- The trainee's log of a week (week_of is its Monday), confirmed by the
-- slot's master (confirmed_by) or by staff (confirmed_at alone).
CREATE TABLE placement_log (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placement (id),
    firm_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    week_of TEXT NOT NULL CHECK (week_of GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    hours INTEGER NOT NULL CHECK (hours BETWEEN 0 AND 84),
    content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
    confirmed_by INTEGER REFERENCES person (id),
    confirmed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (placement_id, week_of),
    CHECK (confirmed_by IS NULL OR confirmed_at IS NOT NULL)
) STRICT;

-- The trainee's evaluation of the placement site, one per placement.
CREATE TABLE placement_evaluation (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL UNIQUE REFERENCES placement (id),
    firm_id INTEGER NOT NULL REFERENCES org (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    guidance INTEGER NOT NULL CHECK (guidance BETWEEN 1 AND 5),
    safety INTEGER NOT NULL CHECK (safety BETWEEN 1 AND 5),
    equipment INTEGER NOT NULL CHECK (equipment BETWEEN 1 AND 5),
    learning INTEGER NOT NULL CHECK (learning BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

-- National vocational skill-level certificates (国家职业资格/职业技能等级
-- 证书): level 5 初级工, 4 中级工, 3 高级工, 2 技师, 1 高级技师.
CREATE TABLE skill_certificate (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    occupation TEXT NOT NULL CHECK (length(occupation) BETWEEN 1 AND 50),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
    issuer TEXT NOT NULL CHECK (length(issuer) BETWEEN 1 AND 100),
    issued_on TEXT NOT NULL CHECK (issued_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (issuer, number)
) STRICT;
CREATE INDEX skill_certificate_person ON skill_certificate (person_id);
CREATE INDEX skill_certificate_level ON skill_certificate (level, issued_on);

-- Internal completion certificates (结业证书), one per completed enrolment,
-- dated its completion. `code` is the public verification code: 20
-- characters of Crockford's base32 from 100 random bits, so it cannot be
-- guessed from another certificate; /verify/CODE looks it up.
CREATE TABLE training_certificate (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL UNIQUE REFERENCES training_enrolment (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    code TEXT NOT NULL UNIQUE CHECK (length(code) = 20 AND
        code NOT GLOB '*[^0-9A-HJKMNP-TV-Z]*'),
    issued_on TEXT NOT NULL CHECK (issued_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX training_certificate_person ON training_certificate (person_id);
CREATE INDEX training_certificate_programme
    ON training_certificate (programme_id);

-- What the figures read by date (training_figures()).
CREATE INDEX training_enrolment_status
    ON training_enrolment (status, status_on, id);
CREATE INDEX placement_status ON placement (status, ended_on, id);
CREATE INDEX training_enrolment_enrolled
    ON training_enrolment (enrolled_on, id);
CREATE INDEX affiliation_employee ON affiliation (role, person_id, org_id);

-- The lists' orders (out.h's tables), so a page of twenty is read from an
-- index rather than sorted from every row.
CREATE INDEX placement_order ON placement (assigned_on, id);
CREATE INDEX placement_slot_order ON placement_slot (starts_on, id);
CREATE INDEX placement_log_order ON placement_log (week_of, id);
CREATE INDEX skill_certificate_order ON skill_certificate (issued_on, id);
CREATE INDEX training_certificate_order
    ON training_certificate (issued_on, id);

-- What the lists show beside the ids: the names of the firm, the person,
-- the slot and the programme (read-only; the tables take the writes).
CREATE VIEW placement_slot_view AS
SELECT s.id, s.firm_id, s.title, s.workshop, s.master_id, s.starts_on,
    s.ends_on, s.places, s.taken, s.note, s.created_at, s.updated_at,
    s.archived_at, o.name AS firm_name, m.name AS master_name
FROM placement_slot s JOIN org o ON o.id = s.firm_id
LEFT JOIN person m ON m.id = s.master_id;

CREATE VIEW placement_view AS
SELECT l.id, l.slot_id, l.firm_id, l.person_id, l.status, l.assigned_on,
    l.ended_on, l.created_at, l.updated_at, l.archived_at,
    p.name AS person_name, o.name AS firm_name, s.title AS slot_title,
    s.master_id
FROM placement l JOIN person p ON p.id = l.person_id
JOIN org o ON o.id = l.firm_id JOIN placement_slot s ON s.id = l.slot_id;

CREATE VIEW skill_certificate_view AS
SELECT k.id, k.person_id, k.occupation, k.level, k.number, k.issuer,
    k.issued_on, k.created_at, k.updated_at, k.archived_at,
    p.name AS person_name
FROM skill_certificate k JOIN person p ON p.id = k.person_id;

CREATE VIEW training_certificate_view AS
SELECT t.id, t.enrolment_id, t.person_id, t.programme_id, t.code,
    t.issued_on, t.created_at, t.updated_at, t.archived_at,
    p.name AS person_name, g.name AS programme_name
FROM training_certificate t JOIN person p ON p.id = t.person_id
JOIN training_programme g ON g.id = t.programme_id;
