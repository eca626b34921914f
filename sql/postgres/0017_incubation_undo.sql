-- 0017_incubation_undo (PostgreSQL; see sql/sqlite/0017_incubation_undo.sql):
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
-- pass.
ALTER TABLE incubation_event DROP CONSTRAINT incubation_event_kind_check;
ALTER TABLE incubation_event ADD CONSTRAINT incubation_event_kind_check
    CHECK (kind IN ('admitted', 'graduated', 'exited', 'reinstated'));
ALTER TABLE incubation_event ADD COLUMN stay INTEGER NOT NULL DEFAULT 1
    CHECK (stay >= 1);
ALTER TABLE incubation_event ADD CONSTRAINT incubation_event_undo_reason
    CHECK (kind <> 'reinstated' OR length(reason) > 0);

DROP INDEX incubation_event_once;
DROP INDEX incubation_event_leaves_once;
CREATE UNIQUE INDEX incubation_event_admitted_once ON incubation_event
    (org_id) WHERE kind = 'admitted';
CREATE UNIQUE INDEX incubation_event_leaves_once ON incubation_event
    (org_id, stay) WHERE kind IN ('graduated', 'exited');
CREATE UNIQUE INDEX incubation_event_undone_once ON incubation_event
    (org_id, stay) WHERE kind = 'reinstated';

-- An undo undoes a leave of its stay, on that leave's date.
CREATE FUNCTION incubation_event_undoes_a_leave() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind = 'reinstated' AND NOT EXISTS (
        SELECT 1 FROM incubation_event e WHERE e.org_id = NEW.org_id
        AND e.stay = NEW.stay AND e.kind IN ('graduated', 'exited')
        AND e.on_date = NEW.on_date) THEN
        RAISE EXCEPTION 'a reinstatement undoes a leave of its stay'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER incubation_event_undoes_a_leave BEFORE INSERT
    ON incubation_event
    FOR EACH ROW EXECUTE FUNCTION incubation_event_undoes_a_leave();
