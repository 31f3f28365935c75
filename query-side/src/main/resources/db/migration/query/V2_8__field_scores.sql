-- Each unit-year's totals per field, kept with the assessment's totals so that a ranking with field ranks
-- reads a few rows per unit instead of aggregating every leaf at query time.
CREATE TABLE rv_field_score (
    unit_code  VARCHAR(64)    NOT NULL,
    year       INTEGER        NOT NULL,
    field_code VARCHAR(64)    NOT NULL,
    attainable NUMERIC(11, 2) NOT NULL,
    self       NUMERIC(11, 2) NOT NULL,
    appraised  NUMERIC(11, 2) NOT NULL,
    survey     NUMERIC(11, 2) NOT NULL,
    PRIMARY KEY (unit_code, year, field_code)
);

TRUNCATE rv_leaf_score, rv_assessment, rv_index_leaf, rv_index_field, rv_index_set, rv_index_set_correction,
         rv_unit, rv_unit_name, rv_unit_lineage, rv_audit_entry;
DELETE FROM tokenentry WHERE processorname = 'read-model-v1';
