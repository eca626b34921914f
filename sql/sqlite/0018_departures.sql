-- 0017_departures: why an employee left (issue 20). When a firm or staff
-- record that an employee left, the employee affiliation gets its `until`
-- and leave_reason: resigned, dismissed or contract_ended. Only an ended
-- employee affiliation has one. Two-way selection's retention figures
-- read them for the hires its accepted offers made.

ALTER TABLE affiliation ADD COLUMN leave_reason TEXT CHECK (
    leave_reason IS NULL OR (leave_reason IN ('resigned', 'dismissed',
        'contract_ended') AND role = 'employee' AND until IS NOT NULL));
