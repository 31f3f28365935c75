-- Index sets as versioned, correctable rules: the current tree of each set, the history of its
-- corrections, and which leaves a unit marked not applicable.

CREATE TABLE rv_index_set (
    code          VARCHAR(64)   PRIMARY KEY,
    title         TEXT          NOT NULL,
    decision      TEXT,
    decision_date DATE,
    level         VARCHAR(16)   NOT NULL,
    from_year     INTEGER       NOT NULL,
    to_year       INTEGER       NOT NULL,
    scale         NUMERIC(9, 2) NOT NULL,
    definition    JSONB         NOT NULL,
    defined_at    TIMESTAMPTZ   NOT NULL
);

CREATE TABLE rv_index_set_correction (
    index_set   VARCHAR(64) NOT NULL,
    number      INTEGER     NOT NULL,
    kind        VARCHAR(32) NOT NULL,
    node_code   VARCHAR(64),
    previous    TEXT,
    corrected   TEXT,
    reason      TEXT        NOT NULL,
    reference   TEXT        NOT NULL,
    actor_user  TEXT        NOT NULL,
    actor_role  TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (index_set, number)
);

ALTER TABLE rv_index_leaf
    ADD COLUMN title                  TEXT,
    ADD COLUMN appraising_agency      VARCHAR(64),
    ADD COLUMN not_applicable_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN position               INTEGER NOT NULL DEFAULT 0;

ALTER TABLE rv_leaf_score
    ADD COLUMN not_applicable BOOLEAN NOT NULL DEFAULT FALSE;

-- The projection now fills more than it did: rebuild it from the events.
TRUNCATE rv_leaf_score, rv_assessment, rv_index_leaf, rv_index_field, rv_unit;
DELETE FROM tokenentry WHERE processorname = 'assessment-summaries-v1';
