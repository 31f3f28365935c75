-- A leaf whose appraisal the unit contested in the feedback round, until the appraiser decides again.
ALTER TABLE rv_leaf_score ADD COLUMN contested BOOLEAN NOT NULL DEFAULT FALSE;
