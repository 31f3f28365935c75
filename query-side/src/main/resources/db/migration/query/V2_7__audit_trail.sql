-- The audit trail: every event of the ledger as an inspector reads it, in the order it was projected.
CREATE TABLE rv_audit_entry (
    position     BIGSERIAL PRIMARY KEY,
    event_id     VARCHAR(255) NOT NULL UNIQUE,
    stream       VARCHAR(255) NOT NULL,
    sequence     BIGINT       NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL,
    kind         VARCHAR(64)  NOT NULL,
    unit_code    VARCHAR(64),
    year         INTEGER,
    criterion    VARCHAR(64),
    actor_user   TEXT,
    actor_role   TEXT,
    actor_scope  TEXT,
    old_value    TEXT,
    new_value    TEXT,
    reason       TEXT,
    evidence     TEXT
);
CREATE INDEX rv_audit_unit_year ON rv_audit_entry (unit_code, year, position);
CREATE INDEX rv_audit_actor ON rv_audit_entry (actor_user, position);
CREATE INDEX rv_audit_time ON rv_audit_entry (recorded_at);

-- The read model gains the audit trail: rebuild it from the events.
TRUNCATE rv_leaf_score, rv_assessment, rv_index_leaf, rv_index_field, rv_index_set, rv_index_set_correction,
         rv_unit, rv_unit_name, rv_unit_lineage;
DELETE FROM tokenentry WHERE processorname = 'read-model-v1';
