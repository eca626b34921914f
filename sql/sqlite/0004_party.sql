-- 0004_party: the party ledger. Organisations, people, and the dated roles
-- that tie a person to an organisation. Every other module points here.
--
-- Records are archived (archived_at), never deleted, since others refer to
-- them. Dates are "YYYY-MM-DD"; times UTC ISO 8601.

CREATE TABLE org (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('park', 'enterprise', 'startup',
        'university', 'vocational_college', 'institute', 'investor',
        'government')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_en TEXT CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
    credit_code TEXT UNIQUE CHECK (credit_code IS NULL OR
        (length(credit_code) = 18 AND credit_code GLOB
         '[0-9A-HJ-NPQRTUWXY]*' AND credit_code NOT GLOB '*[^0-9A-HJ-NPQRTUWXY]*')),
    parent_id INTEGER REFERENCES org (id) CHECK (parent_id <> id),
    founded_on TEXT CHECK (founded_on IS NULL OR founded_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    contact_name TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 50),
    contact_phone TEXT NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 30),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX org_kind ON org (kind, archived_at);
CREATE INDEX org_parent ON org (parent_id);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    mobile TEXT UNIQUE CHECK (mobile IS NULL OR (length(mobile) = 11 AND
        mobile GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
    email TEXT CHECK (email IS NULL OR (length(email) <= 100 AND
        email LIKE '%_@_%.__%')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE affiliation (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    org_id INTEGER NOT NULL REFERENCES org (id),
    role TEXT NOT NULL CHECK (role IN ('student', 'trainee', 'apprentice',
        'employee', 'founder', 'mentor', 'expert', 'teacher', 'contact')),
    title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 50),
    since TEXT NOT NULL CHECK (since GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    until TEXT CHECK (until IS NULL OR (until GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND until >= since)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT
) STRICT;
CREATE INDEX affiliation_person ON affiliation (person_id);
CREATE INDEX affiliation_org ON affiliation (org_id, role);

-- Search: a trigram index finds any substring of three or more characters
-- of a name, an English name, a credit code or an address; shorter queries
-- (most Chinese names are two characters) fall back to a scan with instr().
CREATE VIRTUAL TABLE org_fts USING fts5 (
    name, name_en, credit_code, address,
    content = 'org', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER org_fts_insert AFTER INSERT ON org BEGIN
    INSERT INTO org_fts (rowid, name, name_en, credit_code, address)
    VALUES (new.id, new.name, new.name_en, new.credit_code, new.address);
END;
CREATE TRIGGER org_fts_delete AFTER DELETE ON org BEGIN
    INSERT INTO org_fts (org_fts, rowid, name, name_en, credit_code, address)
    VALUES ('delete', old.id, old.name, old.name_en, old.credit_code,
            old.address);
END;
CREATE TRIGGER org_fts_update AFTER UPDATE ON org BEGIN
    INSERT INTO org_fts (org_fts, rowid, name, name_en, credit_code, address)
    VALUES ('delete', old.id, old.name, old.name_en, old.credit_code,
            old.address);
    INSERT INTO org_fts (rowid, name, name_en, credit_code, address)
    VALUES (new.id, new.name, new.name_en, new.credit_code, new.address);
END;

CREATE VIRTUAL TABLE person_fts USING fts5 (
    name, mobile, email,
    content = 'person', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN
    INSERT INTO person_fts (rowid, name, mobile, email)
    VALUES (new.id, new.name, new.mobile, new.email);
END;
CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
    INSERT INTO person_fts (person_fts, rowid, name, mobile, email)
    VALUES ('delete', old.id, old.name, old.mobile, old.email);
END;
CREATE TRIGGER person_fts_update AFTER UPDATE ON person BEGIN
    INSERT INTO person_fts (person_fts, rowid, name, mobile, email)
    VALUES ('delete', old.id, old.name, old.mobile, old.email);
    INSERT INTO person_fts (rowid, name, mobile, email)
    VALUES (new.id, new.name, new.mobile, new.email);
END;
