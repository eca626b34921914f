-- bench/seed-fair.sql: the people and firms of bench/fair.sh's regional
-- fair, for SQLite and PostgreSQL alike: 50,000 people whose mobile
-- numbers and 2,600 enterprises whose credit codes are the codes of
-- `match_gen --scale fair --codes 1` (candidate i: 139 and i in 8
-- digits; position j: 91220100 and j in 10 digits), and an account for
-- each.

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n
    WHERE i < 49999)
INSERT INTO person (name, mobile, created_at, updated_at)
SELECT '学员' || i, '139' || substr(CAST(100000000 + i AS TEXT), 2),
    '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z' FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n
    WHERE i < 2599)
INSERT INTO org (kind, name, credit_code, address, created_at, updated_at)
SELECT 'enterprise', '区域企业' || i,
    '91220100' || substr(CAST(10000000000 + i AS TEXT), 2),
    '吉林省长春市', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z' FROM n;

-- An account for each of them, as the college and the firms would give
-- (a trainee's for a person, an enterprise's for a firm), so that the
-- publication tells 52,600 accounts. Nobody signs in with them: the
-- hash is no password's.
-- Their names are ASCII, so the key is the name in lower case.
INSERT INTO account (name, name_key, password_hash, person_id,
    password_changed_at, created_at, updated_at)
SELECT 'p' || mobile, 'p' || mobile, '$argon2id$bench-no-sign-in', id,
    '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'
FROM person WHERE name LIKE '学员%';
INSERT INTO account (name, name_key, password_hash, org_id,
    password_changed_at, created_at, updated_at)
SELECT 'f' || credit_code, lower('f' || credit_code),
    '$argon2id$bench-no-sign-in', id,
    '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'
FROM org WHERE name LIKE '区域企业%';
INSERT INTO account_role (account_id, role)
SELECT id, CASE WHEN person_id IS NULL THEN 'enterprise' ELSE 'trainee' END
FROM account WHERE password_hash = '$argon2id$bench-no-sign-in';
