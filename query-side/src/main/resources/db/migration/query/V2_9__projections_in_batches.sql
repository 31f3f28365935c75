-- The read model becomes three projections, each in its own processing group (scores-v1, units-v1,
-- audit-trail-v1), applied in batches and rebuilt by replays beside the live tables. An audit entry's position
-- is now the event's position in the ledger (its global index), the same whichever way it was projected.
ALTER TABLE rv_audit_entry ALTER COLUMN position DROP DEFAULT;
DROP SEQUENCE IF EXISTS rv_audit_entry_position_seq;

TRUNCATE rv_leaf_score, rv_field_score, rv_assessment, rv_index_leaf, rv_index_field, rv_index_set,
         rv_index_set_correction, rv_unit, rv_unit_name, rv_unit_lineage, rv_audit_entry;
DELETE FROM tokenentry WHERE processorname = 'read-model-v1';

-- One row per position (the primary key) already means one row per event; a second unique index, on the
-- event's identifier, only cost time on every write and at every rebuild.
ALTER TABLE rv_audit_entry DROP CONSTRAINT rv_audit_entry_event_id_key;


