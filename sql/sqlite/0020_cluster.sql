-- 0017_cluster (SQLite; the same as sql/postgres/0017_cluster.sql): what
-- several app servers on one database need to know of each other.
--
-- session.last_write_at, api_token.last_write_at: when the credential
-- last sent a request that changes something, kept only by a server with
-- a streaming replica (serve --db-replica): for a while after it, that
-- caller's reads go to the primary, so that it reads its own writes
-- (docs/OPERATIONS.md). NULL: not since the column came.
--
-- job_run.server: which server ran the job (serve --server-name, else
-- HOST:PORT; "cli" and the host for `jianggu jobs run`), for the run log.

ALTER TABLE session ADD COLUMN last_write_at TEXT;
ALTER TABLE api_token ADD COLUMN last_write_at TEXT;
ALTER TABLE job_run ADD COLUMN server TEXT NOT NULL DEFAULT ''
    CHECK (length(server) <= 200);
