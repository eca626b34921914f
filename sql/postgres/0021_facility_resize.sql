-- 0021_facility_resize (PostgreSQL; see sql/sqlite/0021_facility_resize.sql):
-- a room's class bookings to come follow its seats. A cohort's booking
-- takes the whole resource; when a training room's capacity changes, its
-- resource's seats change with it, and each cohort booking that has not
-- ended takes the new number of seats in the same statement, so that a
-- class never holds less (or more) than the room. An organisation's
-- booking is not resized: the seats may not drop below one of its
-- bookings (not ended), and one that took every seat takes some once the
-- room grows. Bookings that have ended keep the seats they held, so
-- `whole` is checked only where seats are held now or to come.
CREATE OR REPLACE FUNCTION facility_booking_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cap BIGINT;
    peak BIGINT;
BEGIN
    IF NEW.status NOT IN ('pending', 'confirmed') THEN
        RETURN NEW;
    END IF;
    SELECT seats INTO cap FROM facility_resource WHERE id = NEW.resource_id;
    IF (NEW.whole = 1) <> (NEW.seats = cap) THEN
        RAISE EXCEPTION 'facility_booking_whole: whole must say whether the booking takes every seat'
            USING ERRCODE = 'check_violation';
    END IF;
    IF cap = 1 THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM facility_resource WHERE id = NEW.resource_id
        FOR NO KEY UPDATE;
    SELECT max((SELECT coalesce(sum(b.seats), 0) FROM facility_booking b
            WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id
            AND b.status IN ('pending', 'confirmed')
            AND b.starts_at > to_char(lower(facility_span(NEW.starts_at,
                NEW.ends_at)) - interval '14 days',
                'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            AND b.starts_at <= p.at AND b.ends_at > p.at))
        INTO peak
        FROM (SELECT NEW.starts_at AS at UNION SELECT starts_at
            FROM facility_booking WHERE resource_id = NEW.resource_id
            AND id <> NEW.id AND status IN ('pending', 'confirmed')
            AND starts_at > NEW.starts_at AND starts_at < NEW.ends_at) p;
    IF NEW.seats + peak > cap THEN
        RAISE EXCEPTION 'facility_booking_clash: the resource has no seats left at this time'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION facility_resource_seats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seats < OLD.seats AND EXISTS (SELECT 1 FROM facility_booking
        WHERE resource_id = NEW.id AND status IN ('pending', 'confirmed')
        AND cohort_id IS NULL AND seats > NEW.seats
        AND ends_at > to_char(now() AT TIME ZONE 'UTC',
            'YYYY-MM-DD"T"HH24:MI:SS"Z"')) THEN
        RAISE EXCEPTION 'facility_resource_seats: bookings hold more seats than that'
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION facility_resource_resize() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    now_utc TEXT := to_char(now() AT TIME ZONE 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS"Z"');
BEGIN
    UPDATE facility_booking SET seats = NEW.seats, whole = 1
    WHERE resource_id = NEW.id AND cohort_id IS NOT NULL
        AND status IN ('pending', 'confirmed') AND ends_at > now_utc;
    UPDATE facility_booking SET whole = CASE WHEN seats = NEW.seats
        THEN 1 ELSE 0 END
    WHERE resource_id = NEW.id AND cohort_id IS NULL
        AND status IN ('pending', 'confirmed') AND ends_at > now_utc
        AND whole <> CASE WHEN seats = NEW.seats THEN 1 ELSE 0 END;
    RETURN NULL;
END;
$$;
CREATE TRIGGER facility_resource_resize AFTER UPDATE OF seats
    ON facility_resource FOR EACH ROW WHEN (NEW.seats <> OLD.seats)
    EXECUTE FUNCTION facility_resource_resize();
