-- 0010_integrity (PostgreSQL; see sql/sqlite/0010_integrity.sql): one row
-- where one is meant. Under READ COMMITTED two transactions may both read
-- a state and both act on it; the state changes are compare-and-set
-- (docs/ARCHITECTURE.md, "State changes are compare-and-set") and these
-- make the rule the database's own as well.

-- An application is admitted once: one incubation record for it.
CREATE UNIQUE INDEX incubation_application ON incubation (application_id);

-- A placement ends once (completed or withdrawn), and an enrolment too.
CREATE UNIQUE INDEX placement_event_ends_once ON placement_event (placement_id)
    WHERE kind <> 'assigned';
CREATE UNIQUE INDEX training_enrolment_event_ends_once
    ON training_enrolment_event (enrolment_id) WHERE kind <> 'enrolled';
