-- Published figures: the decision, the official rank among the units published with it, and the index
-- as published. Current figures may differ after a correction; these never change.
ALTER TABLE rv_assessment
    ADD COLUMN published_decision   TEXT,
    ADD COLUMN published_decided_on DATE,
    ADD COLUMN published_index      NUMERIC,
    ADD COLUMN published_rank       INTEGER,
    ADD COLUMN ranked_units         INTEGER;
