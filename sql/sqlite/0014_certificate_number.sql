-- 0014_certificate_number (SQLite; see sql/postgres/0014_certificate_number.sql):
-- a completion certificate's number meant for people, 匠谷结字〔2019〕第0123号,
-- never a database id. The issuing body's word (文号字, 匠谷结字) is its
-- training centre's `cert_word`; certificates are numbered per word and
-- year of issue, one after the other, from a counter row that each issue
-- takes and raises in the certificate's own transaction (writers run one
-- at a time, BEGIN IMMEDIATE). The number is also UNIQUE, so two
-- certificates can never share one, whatever a writer does.

ALTER TABLE training_centre ADD COLUMN cert_word TEXT NOT NULL
    DEFAULT '匠谷结字' CHECK (length(cert_word) BETWEEN 1 AND 20);

CREATE TABLE training_cert_counter (
    word TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 20),
    year INTEGER NOT NULL CHECK (year BETWEEN 1000 AND 9999),
    last INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (word, year)
) STRICT;

ALTER TABLE training_certificate ADD COLUMN number TEXT
    CHECK (number IS NULL OR length(number) BETWEEN 1 AND 40);

-- The certificates issued so far, numbered in the order they were issued.
CREATE TEMP TABLE cert_numbering AS
SELECT t.id, w.cert_word AS word, CAST(substr(t.issued_on, 1, 4) AS INTEGER)
    AS year, ROW_NUMBER() OVER (PARTITION BY w.cert_word,
    substr(t.issued_on, 1, 4) ORDER BY t.issued_on, t.id) AS seq
FROM training_certificate t
JOIN training_enrolment e ON e.id = t.enrolment_id
JOIN training_cohort c ON c.id = e.cohort_id
JOIN training_centre w ON w.id = c.centre_id;

UPDATE training_certificate SET number = (SELECT n.word || '〔' || n.year ||
    '〕第' || printf('%04d', n.seq) || '号' FROM cert_numbering n
    WHERE n.id = training_certificate.id);

INSERT INTO training_cert_counter (word, year, last)
SELECT word, year, MAX(seq) FROM cert_numbering GROUP BY word, year;

DROP TABLE cert_numbering;

CREATE UNIQUE INDEX training_certificate_number
    ON training_certificate (number);

-- Every certificate has its number from now on (SQLite cannot add NOT NULL
-- to a column it already has).
CREATE TRIGGER training_certificate_number_insert BEFORE INSERT
    ON training_certificate
BEGIN
    SELECT RAISE(ABORT, 'training_certificate.number is required')
    WHERE NEW.number IS NULL;
END;
CREATE TRIGGER training_certificate_number_update BEFORE UPDATE OF number
    ON training_certificate
BEGIN
    SELECT RAISE(ABORT, 'training_certificate.number is required')
    WHERE NEW.number IS NULL;
END;

DROP VIEW training_certificate_view;
CREATE VIEW training_certificate_view AS
SELECT t.id, t.enrolment_id, t.person_id, t.programme_id, t.number, t.code,
    t.issued_on, t.created_at, t.updated_at, t.archived_at,
    p.name AS person_name, g.name AS programme_name
FROM training_certificate t JOIN person p ON p.id = t.person_id
JOIN training_programme g ON g.id = t.programme_id;
