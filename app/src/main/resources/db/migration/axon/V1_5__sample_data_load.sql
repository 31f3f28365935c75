-- The sample data set's load into an empty ledger (the embedded default's first start), begun, then completed. A start
-- that finds it begun and never completed (the process was killed, or a command failed) resumes it: every sample
-- command carries a request id derived from this row's salt and the command, so the commands the interrupted load had
-- recorded are answered from cs_processed_request and record nothing twice. The salt keeps those ids unguessable by
-- clients, who choose request ids too.
CREATE TABLE cs_sample_data_load (
    id           SMALLINT    PRIMARY KEY CHECK (id = 1),
    salt         CHAR(32)    NOT NULL,
    begun_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ,
    commands     BIGINT
);
