-- Read model of the assessment-summaries-v1 projection. Always rebuildable from the events.

CREATE TABLE rv_unit (
    code           VARCHAR(64) PRIMARY KEY,
    name           TEXT        NOT NULL,
    level          VARCHAR(16) NOT NULL,
    parent_code    VARCHAR(64),
    established_on DATE
);

CREATE TABLE rv_index_field (
    index_set VARCHAR(64)   NOT NULL,
    code      VARCHAR(64)   NOT NULL,
    title     TEXT          NOT NULL,
    maximum   NUMERIC(9, 2) NOT NULL,
    position  INTEGER       NOT NULL,
    PRIMARY KEY (index_set, code)
);

CREATE TABLE rv_index_leaf (
    index_set  VARCHAR(64)   NOT NULL,
    code       VARCHAR(64)   NOT NULL,
    field_code VARCHAR(64)   NOT NULL,
    maximum    NUMERIC(9, 2) NOT NULL,
    source     VARCHAR(16)   NOT NULL,
    PRIMARY KEY (index_set, code)
);

CREATE TABLE rv_assessment (
    unit_code          VARCHAR(64)    NOT NULL,
    year               INTEGER        NOT NULL,
    level              VARCHAR(16)    NOT NULL,
    index_set          VARCHAR(64)    NOT NULL,
    stage              VARCHAR(32)    NOT NULL,
    attainable_maximum NUMERIC(9, 2)  NOT NULL,
    self_points        NUMERIC(11, 2) NOT NULL DEFAULT 0,
    appraised_points   NUMERIC(11, 2) NOT NULL DEFAULT 0,
    survey_points      NUMERIC(11, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_code, year)
);
CREATE INDEX rv_assessment_year_level ON rv_assessment (year, level);

CREATE TABLE rv_leaf_score (
    unit_code        VARCHAR(64)   NOT NULL,
    year             INTEGER       NOT NULL,
    criterion        VARCHAR(64)   NOT NULL,
    field_code       VARCHAR(64)   NOT NULL,
    self_points      NUMERIC(9, 2),
    appraised_points NUMERIC(9, 2),
    survey_points    NUMERIC(9, 2),
    PRIMARY KEY (unit_code, year, criterion)
);
