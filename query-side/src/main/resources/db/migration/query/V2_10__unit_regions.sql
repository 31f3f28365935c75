-- The regions units were placed in, over time (appended by the units projection).
CREATE TABLE rv_unit_region (
    -- the event's position in the ledger: the later of two assignments from the same date wins
    position   BIGINT       PRIMARY KEY,
    unit_code  VARCHAR(64)  NOT NULL,
    region     VARCHAR(100) NOT NULL,
    -- null: since the unit came into being
    valid_from DATE,
    reason     TEXT         NOT NULL
);
CREATE INDEX rv_unit_region_unit ON rv_unit_region (unit_code);
