-- What one person uploaded within the last period (parledger.evidence.rate-limit), read before each upload.
CREATE INDEX evidence_upload_by_person ON evidence_upload (uploaded_by, uploaded_at);
