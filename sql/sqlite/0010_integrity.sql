-- 0010_integrity (SQLite; see sql/postgres/0010_integrity.sql): one row
-- where one is meant. SQLite's BEGIN IMMEDIATE already runs one writer at
-- a time; these make the rule the database's own, the same on both back
-- ends, behind the compare-and-set of the state changes
-- (docs/ARCHITECTURE.md, "State changes are compare-and-set").

-- An application is admitted once: one incubation record for it.
CREATE UNIQUE INDEX incubation_application ON incubation (application_id);

-- A placement ends once (completed or withdrawn), and an enrolment too.
CREATE UNIQUE INDEX placement_event_ends_once ON placement_event (placement_id)
    WHERE kind <> 'assigned';
CREATE UNIQUE INDEX training_enrolment_event_ends_once
    ON training_enrolment_event (enrolment_id) WHERE kind <> 'enrolled';
