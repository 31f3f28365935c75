-- Units' lineage: names over time, cessation, and predecessor -> successor links. The projection moves to
-- the processing group read-model-v1, which rebuilds every read-model table from the events.

ALTER TABLE rv_unit ADD COLUMN ceased_on DATE;

CREATE TABLE rv_unit_name (
    unit_code  VARCHAR(64) NOT NULL,
    name       TEXT        NOT NULL,
    -- null: the name since the unit came into being
    valid_from DATE,
    decision   TEXT
);
CREATE INDEX rv_unit_name_unit ON rv_unit_name (unit_code);

CREATE TABLE rv_unit_lineage (
    predecessor_code VARCHAR(64) NOT NULL,
    successor_code   VARCHAR(64) NOT NULL,
    decision         TEXT        NOT NULL,
    effective_on     DATE        NOT NULL,
    PRIMARY KEY (predecessor_code, successor_code)
);
CREATE INDEX rv_unit_lineage_successor ON rv_unit_lineage (successor_code);

TRUNCATE rv_leaf_score, rv_assessment, rv_index_leaf, rv_index_field, rv_index_set, rv_index_set_correction, rv_unit;
DELETE FROM tokenentry WHERE processorname IN ('assessment-summaries-v1', 'read-model-v1');
