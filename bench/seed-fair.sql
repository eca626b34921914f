-- bench/seed-fair.sql: the people and firms of bench/fair.sh's regional
-- fair, for SQLite and PostgreSQL alike: 50,000 people whose mobile
-- numbers and 2,600 enterprises whose credit codes are the codes of
-- `match_gen --scale fair --codes 1` (candidate i: 139 and i in 8
-- digits; position j: 91220100 and j in 10 digits).

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
