-- 0001_meta: facts about this deployment itself.
--
-- `meta` holds a few named values that belong to the installation rather
-- than to any module: when the database was created, and the as-of date its
-- figures are judged on unless a page asks for another.
CREATE TABLE meta (
    key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

INSERT INTO meta (key, value, updated_at)
VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
