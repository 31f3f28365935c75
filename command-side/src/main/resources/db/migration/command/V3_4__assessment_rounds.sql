-- Each assessment's round: the province whose own round it is in (its departments, districts, communes), or NULL
-- for the national round. Rows written before rounds had scopes were all national, as their events say.
ALTER TABLE cs_assessment ADD COLUMN within_code VARCHAR(64);
DROP INDEX cs_assessment_year_level;
CREATE INDEX cs_assessment_round ON cs_assessment (year, level, within_code);
