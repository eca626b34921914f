-- 0017_incubation_undo (SQLite; see sql/postgres/0017_incubation_undo.sql):
-- a mistaken graduation or exit is corrected by a compensating event, not
-- by editing history. A startup's events are still appended only; a
-- `reinstated` event undoes the leave of the same stay, dated as that
-- leave was, so that as of any date the startup counts as if it had not
-- left; it may leave again later, in a new stay.
--
-- `stay` numbers a startup's leaves: the first leave is of stay 1, a leave
-- after one undone is of stay 2, and so on; the undo of a leave carries
-- its stay. The database holds that a startup has one admission, one
-- leave and one undo per stay, so that two leaves at once cannot both
-- pass. SQLite cannot change a CHECK in place: the table is made again,
-- its rows, indexes and triggers (0005, 0009) with it.
CREATE TABLE incubation_event_next (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES incubation (org_id),
    kind TEXT NOT NULL CHECK (kind IN ('admitted', 'graduated', 'exited',
        'reinstated')),
    exit_reason TEXT CHECK (exit_reason IN ('withdrawn', 'failed',
        'expelled')),
    basis TEXT CHECK (basis IN ('high_tech', 'revenue', 'acquired_listed',
        'other')),
    on_date TEXT NOT NULL CHECK (on_date GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    actor_id INTEGER REFERENCES account (id),
    created_at TEXT NOT NULL,
    stay INTEGER NOT NULL DEFAULT 1 CHECK (stay >= 1),
    CHECK ((kind = 'exited') = (exit_reason IS NOT NULL)),
    CHECK (kind = 'graduated' OR basis IS NULL),
    CHECK (kind <> 'reinstated' OR length(reason) > 0)
) STRICT;
INSERT INTO incubation_event_next (id, org_id, kind, exit_reason, basis,
    on_date, reason, actor_id, created_at, stay)
    SELECT id, org_id, kind, exit_reason, basis, on_date, reason, actor_id,
           created_at, 1 FROM incubation_event;
DROP TABLE incubation_event;
ALTER TABLE incubation_event_next RENAME TO incubation_event;

CREATE UNIQUE INDEX incubation_event_admitted_once ON incubation_event
    (org_id) WHERE kind = 'admitted';
CREATE UNIQUE INDEX incubation_event_leaves_once ON incubation_event
    (org_id, stay) WHERE kind IN ('graduated', 'exited');
CREATE UNIQUE INDEX incubation_event_undone_once ON incubation_event
    (org_id, stay) WHERE kind = 'reinstated';
CREATE INDEX incubation_event_on ON incubation_event (kind, on_date);

CREATE TRIGGER incubation_event_after_admission BEFORE INSERT
    ON incubation_event
    WHEN new.on_date < (SELECT admitted_on FROM incubation
                        WHERE org_id = new.org_id)
BEGIN
    SELECT RAISE(ABORT, 'an incubation event cannot precede the admission');
END;
-- An undo undoes a leave of its stay, on that leave's date.
CREATE TRIGGER incubation_event_undoes_a_leave BEFORE INSERT
    ON incubation_event
    WHEN new.kind = 'reinstated' AND NOT EXISTS (
        SELECT 1 FROM incubation_event e WHERE e.org_id = new.org_id
        AND e.stay = new.stay AND e.kind IN ('graduated', 'exited')
        AND e.on_date = new.on_date)
BEGIN
    SELECT RAISE(ABORT, 'a reinstatement undoes a leave of its stay');
END;
CREATE TRIGGER incubation_event_no_update BEFORE UPDATE ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation events are append-only');
END;
CREATE TRIGGER incubation_event_no_delete BEFORE DELETE ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation events are append-only');
END;
CREATE TRIGGER incubation_event_dates_insert BEFORE INSERT ON incubation_event
BEGIN
    SELECT RAISE(ABORT, 'incubation_event.on_date is not a real date')
    WHERE date(julianday(NEW.on_date)) IS NOT NEW.on_date;
END;
