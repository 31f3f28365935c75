-- What a request id was first used for, to the byte: the same id sent again with other points (or by someone else)
-- is refused with CONFLICT instead of being told "recorded". Null for ids recorded before this was kept.
ALTER TABLE cs_processed_request ADD COLUMN payload_hash VARCHAR(64);
