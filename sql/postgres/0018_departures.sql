-- 0017_departures (PostgreSQL; see sql/sqlite/0017_departures.sql).

ALTER TABLE affiliation ADD COLUMN leave_reason TEXT;
ALTER TABLE affiliation ADD CONSTRAINT affiliation_leave_reason CHECK (
    leave_reason IS NULL OR (leave_reason IN ('resigned', 'dismissed',
        'contract_ended') AND role = 'employee' AND until IS NOT NULL));
