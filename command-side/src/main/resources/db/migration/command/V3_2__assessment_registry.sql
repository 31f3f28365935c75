-- The command side's list of assessments by year and level, for commands that act on all of them at once
-- (publication). Kept by a subscribing processor, in the same transaction as the events it follows.
CREATE TABLE cs_assessment (
    unit_code VARCHAR(64) NOT NULL,
    year      INTEGER     NOT NULL,
    level     VARCHAR(16) NOT NULL,
    stage     VARCHAR(32) NOT NULL,
    PRIMARY KEY (unit_code, year)
);
CREATE INDEX cs_assessment_year_level ON cs_assessment (year, level);
