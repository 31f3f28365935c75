-- Client request ids of accepted commands: a retried mutation with the same id answers with the first
-- result instead of recording again. Written in the same transaction as the command's events.
CREATE TABLE cs_processed_request (
    request_id     VARCHAR(128) PRIMARY KEY,
    command_type   VARCHAR(255) NOT NULL,
    stream         VARCHAR(255) NOT NULL,
    result_version BIGINT,
    recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
