-- Each assessment's round: the province whose own round it is in (its departments, districts, communes), or NULL
-- for the national round (and every assessment opened before rounds had scopes). Rankings are per round.
ALTER TABLE rv_assessment ADD COLUMN within_code VARCHAR(64);
DROP INDEX IF EXISTS rv_assessment_year_level;
CREATE INDEX rv_assessment_round ON rv_assessment (year, level, within_code);
