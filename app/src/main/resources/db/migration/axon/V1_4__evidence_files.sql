-- Evidence files (tài liệu kiểm chứng), content-addressed: a file's key is the SHA-256 of its bytes, which the event
-- citing it records, so a file under the ledger's hash chain can never change unseen. Both tables are append-only like
-- the event table (the same triggers; the application's role may only read and insert, see afterMigrate). content is
-- null when parledger.evidence.directory keeps the bytes in a directory instead.
CREATE TABLE evidence_file (
    sha256     CHAR(64)     PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type VARCHAR(128) NOT NULL,
    size       BIGINT       NOT NULL CHECK (size > 0),
    content    BYTEA,
    stored_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Who uploaded a file for which unit, under which name: a self-score may cite only files uploaded for its unit, and an
-- assessor reads only those.
CREATE TABLE evidence_upload (
    sha256      CHAR(64)     NOT NULL REFERENCES evidence_file (sha256),
    unit_code   VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    uploaded_by VARCHAR(255) NOT NULL,
    uploaded_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, unit_code, name, uploaded_by)
);
CREATE INDEX evidence_upload_unit ON evidence_upload (unit_code);

CREATE TRIGGER evidence_file_immutable BEFORE UPDATE OR DELETE ON evidence_file
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER evidence_file_not_truncated BEFORE TRUNCATE ON evidence_file
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER evidence_upload_immutable BEFORE UPDATE OR DELETE ON evidence_upload
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER evidence_upload_not_truncated BEFORE TRUNCATE ON evidence_upload
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON evidence_file, evidence_upload FROM PUBLIC;
