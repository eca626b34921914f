-- 0014_certificate_number (PostgreSQL; see sql/sqlite/0014_certificate_number.sql
-- for what it holds). Two issues of one word and year at once queue on the
-- counter row: the upsert locks it until the issuing transaction ends, and
-- the second then raises what the first committed (READ COMMITTED). The
-- number is UNIQUE besides.

ALTER TABLE training_centre ADD COLUMN cert_word TEXT NOT NULL
    DEFAULT '匠谷结字' CHECK (length(cert_word) BETWEEN 1 AND 20);

CREATE TABLE training_cert_counter (
    word TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 20),
    year BIGINT NOT NULL CHECK (year BETWEEN 1000 AND 9999),
    last BIGINT NOT NULL CHECK (last >= 1),
    PRIMARY KEY (word, year)
);

ALTER TABLE training_certificate ADD COLUMN number TEXT
    CHECK (length(number) BETWEEN 1 AND 40);

CREATE TEMP TABLE cert_numbering AS
SELECT t.id, w.cert_word AS word, CAST(substr(t.issued_on, 1, 4) AS BIGINT)
    AS year, ROW_NUMBER() OVER (PARTITION BY w.cert_word,
    substr(t.issued_on, 1, 4) ORDER BY t.issued_on, t.id) AS seq
FROM training_certificate t
JOIN training_enrolment e ON e.id = t.enrolment_id
JOIN training_cohort c ON c.id = e.cohort_id
JOIN training_centre w ON w.id = c.centre_id;

UPDATE training_certificate t SET number = n.word || '〔' || n.year ||
    '〕第' || to_char(n.seq, 'FM0000') || '号'
FROM cert_numbering n WHERE n.id = t.id;

INSERT INTO training_cert_counter (word, year, last)
SELECT word, year, MAX(seq) FROM cert_numbering GROUP BY word, year;

DROP TABLE cert_numbering;

ALTER TABLE training_certificate ALTER COLUMN number SET NOT NULL;
ALTER TABLE training_certificate ADD CONSTRAINT training_certificate_number
    UNIQUE (number);

DROP VIEW training_certificate_view;
CREATE VIEW training_certificate_view AS
SELECT t.id, t.enrolment_id, t.person_id, t.programme_id, t.number, t.code,
    t.issued_on, t.created_at, t.updated_at, t.archived_at,
    p.name AS person_name, g.name AS programme_name
FROM training_certificate t JOIN person p ON p.id = t.person_id
JOIN training_programme g ON g.id = t.programme_id;
