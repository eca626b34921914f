-- 0001_meta: facts about this deployment itself (see sql/sqlite/0001_meta.sql).
CREATE TABLE meta (
    key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

INSERT INTO meta (key, value, updated_at)
VALUES ('created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
