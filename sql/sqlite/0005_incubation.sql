-- 0005_incubation: the incubator (issue 6, src/incubation/). Applications
-- and their review, the incubated startups and their dated lifecycle,
-- experts and mentors, and the capital ledger.
--
-- The hub is `incubation` (one row per incubated startup, keyed by the
-- startup's organisation) and `incubation_event` (what happened to it and
-- when, appended and never changed). Other incubation tables (space,
-- leases, periodic reports: 0006) key on org_id, not on these.
--
-- Money in integer fen, areas in integer 0.01 m², dates "YYYY-MM-DD",
-- times UTC ISO 8601.

-- A review round. Its rubric (criteria and weights) is copied from the
-- setting incubation.rubric when the round is opened, so that changing the
-- setting never changes a round's past scores.
CREATE TABLE inc_round (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    opens_on TEXT NOT NULL CHECK (opens_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    closes_on TEXT NOT NULL CHECK (closes_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND closes_on >= opens_on),
    rubric TEXT NOT NULL CHECK (json_valid(rubric)),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;

-- An application for incubation: a student team or a registered company.
-- The applicant account follows it; a draft is kept until submitted.
CREATE TABLE inc_application (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES account (id),
    kind TEXT NOT NULL CHECK (kind IN ('team', 'company')),
    org_id INTEGER REFERENCES org (id),
    company_name TEXT NOT NULL DEFAULT '' CHECK (length(company_name) <= 100),
    credit_code TEXT CHECK (credit_code IS NULL OR length(credit_code) = 18),
    founded_on TEXT CHECK (founded_on IS NULL OR founded_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    project TEXT NOT NULL CHECK (length(project) BETWEEN 1 AND 100),
    field TEXT NOT NULL CHECK (field IN ('electronic_information',
        'optoelectronics', 'intelligent_manufacturing', 'drones',
        'new_materials', 'new_energy', 'biomedicine', 'integrated_circuit',
        'modern_agriculture', 'services', 'other')),
    summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    supervisor_name TEXT NOT NULL DEFAULT '' CHECK (length(supervisor_name) <= 50),
    supervisor_school TEXT NOT NULL DEFAULT ''
        CHECK (length(supervisor_school) <= 100),
    contact_name TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 50),
    contact_phone TEXT NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 30),
    requested_space TEXT NOT NULL DEFAULT ''
        CHECK (requested_space IN ('', 'desk', 'office', 'workshop')),
    requested_area INTEGER CHECK (requested_area IS NULL OR
        requested_area BETWEEN 0 AND 100000000),
    plan_upload_id INTEGER REFERENCES upload (id),
    -- The address a public form came from, when it made the applicant's
    -- account (the limit incubation.apply_per_ip_hour counts them).
    created_ip TEXT CHECK (created_ip IS NULL OR length(created_ip) <= 64),
    round_id INTEGER REFERENCES inc_round (id),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
        'submitted', 'admitted', 'rejected', 'waitlisted', 'withdrawn')),
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (status = 'draft' OR submitted_at IS NOT NULL)
) STRICT;
CREATE INDEX inc_application_account ON inc_application (account_id);
CREATE INDEX inc_application_org ON inc_application (org_id);
CREATE INDEX inc_application_status ON inc_application (status, round_id);
CREATE INDEX inc_application_ip ON inc_application (created_ip, created_at);

-- The team behind an application: name, school, major, year of entry.
CREATE TABLE inc_member (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES inc_application (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    school TEXT NOT NULL DEFAULT '' CHECK (length(school) <= 100),
    major TEXT NOT NULL DEFAULT '' CHECK (length(major) <= 100),
    entry_year INTEGER CHECK (entry_year IS NULL OR
        entry_year BETWEEN 1950 AND 2100),
    is_student INTEGER NOT NULL DEFAULT 1 CHECK (is_student IN (0, 1)),
    is_leader INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX inc_member_application ON inc_member (application_id);

-- Who reviews in a round (staff or expert accounts).
CREATE TABLE inc_reviewer (
    round_id INTEGER NOT NULL REFERENCES inc_round (id),
    account_id INTEGER NOT NULL REFERENCES account (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (round_id, account_id)
) STRICT;

-- One reviewer's scores of one application in one round: each criterion
-- 0..100 (scores, a JSON object), and the weighted total in hundredths.
CREATE TABLE inc_score (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES inc_round (id),
    application_id INTEGER NOT NULL REFERENCES inc_application (id),
    reviewer_id INTEGER NOT NULL REFERENCES account (id),
    scores TEXT NOT NULL CHECK (json_valid(scores)),
    total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 10000),
    comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (round_id, application_id, reviewer_id)
) STRICT;
CREATE INDEX inc_score_application ON inc_score (application_id);

-- Decisions on an application, appended; the latest one stands.
CREATE TABLE inc_decision (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES inc_application (id),
    round_id INTEGER REFERENCES inc_round (id),
    decision TEXT NOT NULL CHECK (decision IN ('admit', 'reject',
        'waitlist')),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    actor_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX inc_decision_application ON inc_decision (application_id);

-- One row per incubated startup (the organisation, kind 'startup').
CREATE TABLE incubation (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL UNIQUE REFERENCES org (id),
    application_id INTEGER REFERENCES inc_application (id),
    field TEXT NOT NULL DEFAULT 'other' CHECK (field IN (
        'electronic_information', 'optoelectronics',
        'intelligent_manufacturing', 'drones', 'new_materials', 'new_energy',
        'biomedicine', 'integrated_circuit', 'modern_agriculture',
        'services', 'other')),
    admitted_on TEXT NOT NULL CHECK (admitted_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    agreement_from TEXT CHECK (agreement_from IS NULL OR agreement_from GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    agreement_to TEXT CHECK (agreement_to IS NULL OR (agreement_to GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND
        agreement_to >= agreement_from)),
    monthly_fee INTEGER NOT NULL DEFAULT 0 CHECK (monthly_fee >= 0),
    deposit INTEGER NOT NULL DEFAULT 0 CHECK (deposit >= 0),
    fee_note TEXT NOT NULL DEFAULT '' CHECK (length(fee_note) <= 200),
    space_requested TEXT NOT NULL DEFAULT ''
        CHECK (length(space_requested) <= 200),
    space_assigned TEXT NOT NULL DEFAULT ''
        CHECK (length(space_assigned) <= 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
-- Covering: the figures count and join by these alone.
CREATE INDEX incubation_admitted ON incubation (admitted_on, org_id);
-- An incubation record is never archived or deleted: a startup leaves the
-- park by an event, and the figures count records and events as they are.

-- What happened to an incubated startup, and when, and who recorded it.
-- Appended only: a startup is admitted once and leaves at most once,
-- graduating (出园毕业) or exiting (withdrawn, failed, expelled).
CREATE TABLE incubation_event (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES incubation (org_id),
    kind TEXT NOT NULL CHECK (kind IN ('admitted', 'graduated', 'exited')),
    exit_reason TEXT CHECK (exit_reason IN ('withdrawn', 'failed',
        'expelled')),
    basis TEXT CHECK (basis IN ('high_tech', 'revenue', 'acquired_listed',
        'other')),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    actor_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL,
    CHECK ((kind = 'exited') = (exit_reason IS NOT NULL)),
    CHECK (kind = 'graduated' OR basis IS NULL)
) STRICT;
CREATE UNIQUE INDEX incubation_event_once ON incubation_event (org_id, kind);
CREATE UNIQUE INDEX incubation_event_leaves_once ON incubation_event (org_id)
    WHERE kind <> 'admitted';
CREATE INDEX incubation_event_on ON incubation_event (kind, on_date);
-- No event is dated before its startup's admission (the figures count on
-- it), and the admission date, once recorded, stays.
CREATE TRIGGER incubation_event_after_admission BEFORE INSERT
    ON incubation_event
    WHEN new.on_date < (SELECT admitted_on FROM incubation
                        WHERE org_id = new.org_id)
BEGIN
    SELECT RAISE(ABORT, 'an incubation event cannot precede the admission');
END;
CREATE TRIGGER incubation_admitted_on_stays BEFORE UPDATE OF admitted_on, org_id
    ON incubation
    WHEN new.admitted_on <> old.admitted_on OR new.org_id <> old.org_id
BEGIN
    SELECT RAISE(ABORT, 'an admission date is not changed');
END;
CREATE TRIGGER incubation_no_delete BEFORE DELETE ON incubation
BEGIN
    SELECT RAISE(ABORT, 'an incubation record is not deleted');
END;
CREATE TRIGGER incubation_event_no_update BEFORE UPDATE ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation events are append-only');
END;
CREATE TRIGGER incubation_event_no_delete BEFORE DELETE ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation events are append-only');
END;

-- The expert and mentor registry: a person of the party ledger, their home
-- institution and fields; account_id when they sign in as an expert.
CREATE TABLE inc_expert (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES person (id),
    institution_id INTEGER REFERENCES org (id),
    title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 50),
    fields TEXT NOT NULL DEFAULT '' CHECK (length(fields) <= 200),
    kind TEXT NOT NULL DEFAULT 'expert' CHECK (kind IN ('expert',
        'mentor')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

-- An expert assigned to a startup, from `since` until `until`.
CREATE TABLE inc_assignment (
    id INTEGER PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES inc_expert (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    since TEXT NOT NULL CHECK (since GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    until TEXT CHECK (until IS NULL OR (until GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND until >= since)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (expert_id, org_id, since)
) STRICT;
CREATE INDEX inc_assignment_org ON inc_assignment (org_id);

-- The session log: an expert's time with a startup.
CREATE TABLE inc_session (
    id INTEGER PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES inc_expert (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 100),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX inc_session_org ON inc_session (org_id, on_date);
CREATE INDEX inc_session_expert ON inc_session (expert_id, on_date);

-- An expert project with a startup ("set up the R&D centre of firm X").
CREATE TABLE inc_project (
    id INTEGER PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES inc_expert (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    goal TEXT NOT NULL DEFAULT '' CHECK (length(goal) <= 2000),
    started_on TEXT NOT NULL CHECK (started_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active',
        'done', 'dropped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX inc_project_org ON inc_project (org_id);
CREATE INDEX inc_project_expert ON inc_project (expert_id);

CREATE TABLE inc_milestone (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES inc_project (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    due_on TEXT NOT NULL CHECK (due_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    done_on TEXT CHECK (done_on IS NULL OR done_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX inc_milestone_project ON inc_milestone (project_id, due_on);

-- The capital ledger: money from an investor into a startup (equity, grant,
-- loan) or into an institute or college (contribution).
CREATE TABLE investment (
    id INTEGER PRIMARY KEY,
    investor_id INTEGER NOT NULL REFERENCES org (id),
    target_id INTEGER NOT NULL REFERENCES org (id),
    kind TEXT NOT NULL CHECK (kind IN ('equity', 'grant', 'loan',
        'contribution')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK (investor_id <> target_id)
) STRICT;
CREATE INDEX investment_target ON investment (target_id, on_date, kind, amount,
    archived_at);
CREATE INDEX investment_investor ON investment (investor_id, on_date);
