-- 0012_selection: two-way selection (issue 19). Rounds with their
-- calendar and committed lottery seed, positions posted by firms and
-- vetted by staff, candidates with their pseudonym and consent, both
-- sides' ranked lists, and the published result with each candidate's
-- explanation. src/selection/ is the one writer; the rules say when
-- (docs/ARCHITECTURE.md, "Selection").
--
-- A round moves open -> locked -> run -> published, each move a
-- compare-and-set UPDATE of its status. The seed drawn at lock stays in
-- selection_seed until the run reveals it into selection_round.seed;
-- seed_hash, the SHA-256 of its decimal text, is shown from the lock on.
-- Publication makes each match an offer (selection_offer) that the
-- candidate accepts or declines by the round's offer_deadline; an
-- accepted offer is the employee affiliation it points to. A second
-- round (parent_id: the first) carries the seats left free and the
-- candidates left without a job, each row pointing to its origin.

CREATE TABLE selection_round (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    scope TEXT NOT NULL CHECK (scope IN ('park', 'order_class')),
    programme_id INTEGER REFERENCES training_programme (id),
    parent_id INTEGER UNIQUE REFERENCES selection_round (id),
    opens_on TEXT NOT NULL CHECK (opens_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    lock_at TEXT NOT NULL CHECK (lock_at GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    publish_on TEXT NOT NULL CHECK (publish_on GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    offer_deadline TEXT NOT NULL CHECK (offer_deadline GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND
        offer_deadline >= publish_on),
    list_cap INTEGER NOT NULL DEFAULT 0 CHECK (list_cap BETWEEN 0 AND 100),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'locked',
        'run', 'published')),
    seed_hash TEXT CHECK (seed_hash IS NULL OR length(seed_hash) = 64),
    seed TEXT CHECK (seed IS NULL OR length(seed) BETWEEN 1 AND 19),
    locked_at TEXT,
    run_at TEXT,
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((scope = 'order_class') = (programme_id IS NOT NULL)),
    CHECK ((status = 'open') = (seed_hash IS NULL)),
    CHECK ((status IN ('run', 'published')) = (seed IS NOT NULL))
) STRICT;

-- The drawn seed, secret from the lock until the run.
CREATE TABLE selection_seed (
    round_id INTEGER PRIMARY KEY REFERENCES selection_round (id),
    seed TEXT NOT NULL CHECK (length(seed) BETWEEN 1 AND 19),
    drawn_at TEXT NOT NULL
) STRICT;

CREATE TABLE selection_position (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    firm_id INTEGER NOT NULL REFERENCES org (id),
    origin_id INTEGER REFERENCES selection_position (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    occupation TEXT NOT NULL CHECK (length(occupation) BETWEEN 1 AND 100),
    headcount INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 10000),
    skill_level INTEGER CHECK (skill_level IS NULL OR
        skill_level BETWEEN 1 AND 5),
    place TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
    pay_min INTEGER CHECK (pay_min IS NULL OR pay_min >= 0),
    pay_max INTEGER CHECK (pay_max IS NULL OR pay_max >= pay_min),
    shifts TEXT NOT NULL DEFAULT '' CHECK (length(shifts) <= 200),
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed',
        'open', 'rejected', 'withdrawn')),
    filled INTEGER,
    cutoff INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    -- An order class's pledge is posted without place and pay, which its
    -- firm states before staff open it.
    CHECK (status <> 'open' OR (place IS NOT NULL AND pay_min IS NOT NULL
        AND pay_max IS NOT NULL))
) STRICT;
CREATE INDEX selection_position_round ON selection_position (round_id);
CREATE INDEX selection_position_firm ON selection_position (firm_id);

-- pseudonym is what the lottery is keyed by and what firms without
-- consent and the downloaded lists see.
CREATE TABLE selection_candidate (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    origin_id INTEGER REFERENCES selection_candidate (id),
    pseudonym TEXT NOT NULL CHECK (length(pseudonym) BETWEEN 1 AND 20),
    basis TEXT NOT NULL CHECK (basis IN ('completed', 'cohort',
        'certificate')),
    consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN
        ('registered', 'withdrawn')),
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (round_id, person_id),
    UNIQUE (round_id, pseudonym)
) STRICT;
CREATE INDEX selection_candidate_person ON selection_candidate (person_id);

-- A candidate's list: distinct ranks 1..n.
CREATE TABLE selection_choice (
    candidate_id INTEGER NOT NULL REFERENCES selection_candidate (id),
    position_id INTEGER NOT NULL REFERENCES selection_position (id),
    rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10000),
    PRIMARY KEY (candidate_id, position_id),
    UNIQUE (candidate_id, rank)
) STRICT;
CREATE INDEX selection_choice_position ON selection_choice (position_id);

-- A position's list of its applicants: equal ranks are a tier (a tie).
CREATE TABLE selection_ranking (
    position_id INTEGER NOT NULL REFERENCES selection_position (id),
    candidate_id INTEGER NOT NULL REFERENCES selection_candidate (id),
    rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10000),
    PRIMARY KEY (position_id, candidate_id)
) STRICT;

-- The run's result: one row per candidate who ranked anything, the
-- position it got (NULL: unmatched) and that position's rank on its list.
CREATE TABLE selection_result (
    candidate_id INTEGER PRIMARY KEY REFERENCES selection_candidate (id),
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    position_id INTEGER REFERENCES selection_position (id),
    choice_rank INTEGER,
    CHECK ((position_id IS NULL) = (choice_rank IS NULL))
) STRICT;
CREATE INDEX selection_result_round ON selection_result (round_id);

-- Why not: one row per position a candidate ranked above what it got
-- (the engine's match_explain()).
CREATE TABLE selection_reason (
    candidate_id INTEGER NOT NULL REFERENCES selection_candidate (id),
    position_id INTEGER NOT NULL REFERENCES selection_position (id),
    why TEXT NOT NULL CHECK (why IN ('closed', 'unranked', 'outranked',
        'lottery')),
    choice_rank INTEGER NOT NULL,
    firm_rank INTEGER,
    cutoff INTEGER,
    PRIMARY KEY (candidate_id, position_id)
) STRICT;

-- A match, offered: accepted (the employee affiliation made from it),
-- declined, or lapsed at its deadline. One per candidate.
CREATE TABLE selection_offer (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES selection_round (id),
    candidate_id INTEGER NOT NULL UNIQUE REFERENCES selection_candidate (id),
    position_id INTEGER NOT NULL REFERENCES selection_position (id),
    status TEXT NOT NULL DEFAULT 'offered' CHECK (status IN ('offered',
        'accepted', 'declined', 'lapsed')),
    deadline TEXT NOT NULL CHECK (deadline GLOB
        '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    decided_on TEXT,
    affiliation_id INTEGER REFERENCES affiliation (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    CHECK ((status = 'offered') = (decided_on IS NULL)),
    CHECK ((status = 'accepted') = (affiliation_id IS NOT NULL))
) STRICT;
CREATE INDEX selection_offer_round ON selection_offer (round_id);
