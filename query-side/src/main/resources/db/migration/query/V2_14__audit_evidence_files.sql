-- The evidence files a self-score cites (a line per file: sha256, size, media type, name), for inspectors to download.
-- Null for every other event and for every event recorded before the ledger kept files.
ALTER TABLE rv_audit_entry ADD COLUMN evidence_files TEXT;
