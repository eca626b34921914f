-- 0011_security: sign-in throttling with counters, a bounded login log,
-- account names unique after folding, and the public application form's
-- counter per address (issue 13).
--
-- login_throttle holds one row per thing counted: failed sign-ins (and
-- wrong current passwords) of one account name from one address
-- ('pair'), of one address under any name ('address'), and of one
-- account name from anywhere ('account'). A row counts the failures since
-- window_start; a failure after the window (auth.login_window_seconds)
-- starts a new one. The rules (src/account/throttle.c) read and update
-- them with single statements, so two servers count together.

CREATE TABLE login_throttle (
    scope TEXT NOT NULL CHECK (scope IN ('pair', 'address', 'account')),
    account_key TEXT NOT NULL CHECK (length(account_key) <= 256),
    ip TEXT NOT NULL CHECK (length(ip) <= 64),
    failures INTEGER NOT NULL CHECK (failures >= 0),
    window_start TEXT NOT NULL,
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (scope, account_key, ip),
    CHECK ((scope = 'address') = (account_key = '')),
    CHECK ((scope = 'account') = (ip = ''))
) STRICT;

-- The login log: the name as typed is kept to the account-name limit (a
-- longer one is refused before anything is stored), and what an attempt
-- was: a sign-in, or a change of password checking the current one.
CREATE TABLE login_log_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    account_name TEXT NOT NULL CHECK (length(account_name) <= 64),
    account_id INTEGER REFERENCES account (id),
    ip TEXT NOT NULL CHECK (length(ip) <= 64),
    user_agent TEXT NOT NULL CHECK (length(user_agent) <= 255),
    success INTEGER NOT NULL CHECK (success IN (0, 1)),
    reason TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'sign_in'
        CHECK (kind IN ('sign_in', 'password'))
) STRICT;
INSERT INTO login_log_new (id, at, account_name, account_id, ip, user_agent,
    success, reason, kind)
SELECT id, at, substr(account_name, 1, 64), account_id, substr(ip, 1, 64),
    substr(user_agent, 1, 255), success, reason, 'sign_in'
FROM login_log;
DROP TABLE login_log;
ALTER TABLE login_log_new RENAME TO login_log;
CREATE INDEX login_log_name_at ON login_log (account_name, at);
CREATE INDEX login_log_ip_at ON login_log (ip, at);

-- Account names are unique after case and width folding (NFKC_Casefold,
-- computed by src/account/name.c): name_key. Accounts made before this
-- migration are keyed by their name in ASCII lower case, which is the
-- fold for every name of ASCII letters, digits and signs; should two of
-- them fold to the same key, the younger keeps its key with " ID"
-- appended (a space never occurs in a key made by the fold), so that
-- both can still sign in by their exact names.
ALTER TABLE account ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE account SET name_key = lower(name);
UPDATE account SET name_key = name_key || ' ' || id
WHERE id > (SELECT MIN(b.id) FROM account b WHERE b.name_key = account.name_key);
CREATE UNIQUE INDEX account_by_name_key ON account (name_key);

-- The public application form (/apply): account creations, and names
-- refused as taken, per client address within an hour. One row per
-- address, updated in the transaction that makes the account, so parallel
-- posts are counted one after the other.
CREATE TABLE inc_apply_throttle (
    ip TEXT PRIMARY KEY CHECK (length(ip) BETWEEN 1 AND 64),
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0)
) STRICT;

-- What each account's uploaded files take, for the quota
-- (upload.quota_bytes): raised by one conditional statement in the
-- transaction that stores a file (src/upload/store.c), so two uploads at
-- once cannot pass it. Files stored before this migration are counted.
CREATE TABLE upload_usage (
    owner_id INTEGER PRIMARY KEY REFERENCES account (id),
    bytes INTEGER NOT NULL CHECK (bytes >= 0)
) STRICT;
INSERT INTO upload_usage (owner_id, bytes)
SELECT owner_id, SUM(size) FROM upload GROUP BY owner_id;
