-- 0002_auth: accounts, roles, sessions, API tokens, the login log, the
-- audit log, runtime settings, notifications, uploads and scheduled jobs.
--
-- Times are UTC ISO 8601 text ("2026-11-29T08:00:00Z"). Secrets are never
-- stored: passwords as argon2id strings, session and API tokens as the hex
-- BLAKE2b-256 hash of the token.

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
        CHECK (length(name) BETWEEN 2 AND 64 AND name NOT GLOB '*[ 	]*'),
    display_name TEXT NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    org_id INTEGER CHECK (org_id > 0),
    person_id INTEGER CHECK (person_id > 0),
    disabled_at TEXT,
    password_changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE account_role (
    account_id INTEGER NOT NULL REFERENCES account (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'enterprise', 'college',
        'teacher', 'trainee', 'expert', 'applicant', 'viewer')),
    PRIMARY KEY (account_id, role)
) STRICT;

CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    csrf_token TEXT NOT NULL CHECK (length(csrf_token) >= 32),
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX session_account ON session (account_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_token_account ON api_token (account_id);

CREATE TABLE login_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    account_name TEXT NOT NULL,
    account_id INTEGER REFERENCES account (id),
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1)),
    reason TEXT NOT NULL
) STRICT;
CREATE INDEX login_log_name_at ON login_log (account_name, at);
CREATE INDEX login_log_ip_at ON login_log (ip, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES account (id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    entity TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
    entity_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    ip TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit log is append-only: nobody, not even an admin, edits history.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE setting (
    key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES account (id)
) STRICT;

CREATE TABLE notification (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES account (id),
    role TEXT CHECK (role IN ('admin', 'enterprise', 'college', 'teacher',
        'trainee', 'expert', 'applicant', 'viewer')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body TEXT NOT NULL DEFAULT '',
    link TEXT CHECK (link IS NULL OR link LIKE '/%'),
    created_at TEXT NOT NULL,
    CHECK ((account_id IS NULL) <> (role IS NULL))
) STRICT;
CREATE INDEX notification_account ON notification (account_id);
CREATE INDEX notification_role ON notification (role);

CREATE TABLE notification_read (
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    account_id INTEGER NOT NULL REFERENCES account (id),
    read_at TEXT NOT NULL,
    PRIMARY KEY (notification_id, account_id)
) STRICT;

CREATE TABLE upload (
    id INTEGER PRIMARY KEY,
    stored_name TEXT NOT NULL UNIQUE CHECK (length(stored_name) = 32),
    original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    owner_id INTEGER NOT NULL REFERENCES account (id),
    org_id INTEGER CHECK (org_id > 0),
    created_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE job_run (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL CHECK (length(job) BETWEEN 1 AND 64),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    message TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX job_run_job ON job_run (job, started_at);
