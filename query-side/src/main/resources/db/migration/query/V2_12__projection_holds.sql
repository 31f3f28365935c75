-- A replay about to switch in its tables asks every node to let go of the projections' segments (their claims
-- in tokenentry) until it is done, instead of waiting for claims of live nodes to expire. Nodes look here
-- twice a second; a hold ends by itself at `until`, so a switch that dies holds nothing for long.
CREATE TABLE rv_projection_hold (
    processing_group TEXT PRIMARY KEY,
    held_by          TEXT        NOT NULL,
    until            TIMESTAMPTZ NOT NULL
);
