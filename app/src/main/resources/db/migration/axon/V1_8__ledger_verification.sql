-- What each verification of the whole ledger found: the periodic one (PeriodicVerification, one node of a deployment
-- at a time) and each verifyLedger someone asked for. Every node's health and meters read the latest, so that any node
-- tells that the ledger failed a check, and a deployment verifies once per parledger.integrity.verify-every whichever
-- node does it. Kept as found: the application's role may read and insert, not change or delete.
CREATE TABLE ledger_verification (
    id            BIGSERIAL     PRIMARY KEY,
    finished_at   TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp(), -- now() would be the transaction's start
    verified_by   VARCHAR(300)  NOT NULL,
    intact        BOOLEAN       NOT NULL,
    intact_up_to  BIGINT        NOT NULL,
    events        BIGINT        NOT NULL,
    problems      INTEGER       NOT NULL,
    first_problem VARCHAR(2000),
    took_ms       BIGINT        NOT NULL
);
