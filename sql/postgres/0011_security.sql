-- 0011_security (PostgreSQL; see sql/sqlite/0011_security.sql): sign-in
-- throttling with counters, a bounded login log, account names unique
-- after folding, and the public application form's counter per address.

CREATE TABLE login_throttle (
    scope TEXT NOT NULL CHECK (scope IN ('pair', 'address', 'account')),
    account_key TEXT NOT NULL CHECK (length(account_key) <= 256),
    ip TEXT NOT NULL CHECK (length(ip) <= 64),
    failures BIGINT NOT NULL CHECK (failures >= 0),
    window_start TEXT NOT NULL,
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (scope, account_key, ip),
    CHECK ((scope = 'address') = (account_key = '')),
    CHECK ((scope = 'account') = (ip = ''))
);

-- The login log: names kept to the account-name limit; what an attempt was.
UPDATE login_log SET account_name = left(account_name, 64)
WHERE length(account_name) > 64;
UPDATE login_log SET ip = left(ip, 64) WHERE length(ip) > 64;
UPDATE login_log SET user_agent = left(user_agent, 255)
WHERE length(user_agent) > 255;
ALTER TABLE login_log
    ADD CONSTRAINT login_log_account_name_length
        CHECK (length(account_name) <= 64),
    ADD CONSTRAINT login_log_ip_length CHECK (length(ip) <= 64),
    ADD CONSTRAINT login_log_user_agent_length
        CHECK (length(user_agent) <= 255),
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'sign_in'
        CHECK (kind IN ('sign_in', 'password'));

-- Account names unique after case and width folding; see the SQLite file
-- for the key of accounts made before this migration. lower() under the
-- "C" collation lowers ASCII letters only, as SQLite's lower() does.
ALTER TABLE account ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE account SET name_key = lower(name COLLATE "C");
UPDATE account SET name_key = name_key || ' ' || id
WHERE id > (SELECT MIN(b.id) FROM account b WHERE b.name_key = account.name_key);
CREATE UNIQUE INDEX account_by_name_key ON account (name_key);

CREATE TABLE inc_apply_throttle (
    ip TEXT PRIMARY KEY CHECK (length(ip) BETWEEN 1 AND 64),
    window_start TEXT NOT NULL,
    attempts BIGINT NOT NULL CHECK (attempts >= 0)
);

-- What each account's uploaded files take, for the quota.
CREATE TABLE upload_usage (
    owner_id BIGINT PRIMARY KEY REFERENCES account (id),
    bytes BIGINT NOT NULL CHECK (bytes >= 0)
);
INSERT INTO upload_usage (owner_id, bytes)
SELECT owner_id, SUM(size) FROM upload GROUP BY owner_id;
