-- 0021_facility_resize (SQLite; see sql/postgres/0021_facility_resize.sql):
-- a room's class bookings to come follow its seats. A cohort's booking
-- takes the whole resource; when a training room's capacity changes, its
-- resource's seats change with it, and each cohort booking that has not
-- ended takes the new number of seats in the same statement, so that a
-- class never holds less (or more) than the room. An organisation's
-- booking is not resized: the seats may not drop below one of its
-- bookings (not ended), and one that took every seat takes some once the
-- room grows. Bookings that have ended keep the seats they held.
DROP TRIGGER facility_resource_seats;

CREATE TRIGGER facility_resource_seats BEFORE UPDATE OF seats
    ON facility_resource
WHEN NEW.seats < OLD.seats
BEGIN
    SELECT RAISE(ABORT, 'facility_resource_seats: bookings hold more seats than that')
    WHERE EXISTS (SELECT 1 FROM facility_booking WHERE resource_id = NEW.id
        AND status IN ('pending', 'confirmed') AND cohort_id IS NULL
        AND ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
        AND seats > NEW.seats);
END;

CREATE TRIGGER facility_resource_resize AFTER UPDATE OF seats
    ON facility_resource
WHEN NEW.seats <> OLD.seats
BEGIN
    UPDATE facility_booking SET seats = NEW.seats, whole = 1
    WHERE resource_id = NEW.id AND cohort_id IS NOT NULL
        AND status IN ('pending', 'confirmed')
        AND ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now');
    UPDATE facility_booking SET whole = (seats = NEW.seats)
    WHERE resource_id = NEW.id AND cohort_id IS NULL
        AND status IN ('pending', 'confirmed') AND whole <> (seats = NEW.seats)
        AND ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now');
END;
