-- Rows put back from the ledger by the processed requests' catch-up follower (Axon Server only: a node killed between
-- Axon Server's commit of a command's events and PostgreSQL's commit of this row lost the row). Only such rows are
-- completed by the follower's later events; a row committed with its command is never touched.
ALTER TABLE cs_processed_request ADD COLUMN restored BOOLEAN NOT NULL DEFAULT false;
