-- The installation's signing key, as the first node to start recorded it: every node after compares its own with it
-- and does not start with another. The checkpoints name their signer too, but there are none before the first is
-- signed (10 minutes after a start by default; never with parledger.integrity.checkpoint-every 0s), and in that
-- time a node with another key signed snapshots that every other node's verifyLedger then called forged. Only the
-- public half, and its id. Recorded once: the application's role may read and insert it; no one changes it.
CREATE TABLE ledger_signing_key (
    only_one    BOOLEAN      PRIMARY KEY DEFAULT TRUE CHECK (only_one),
    key_id      VARCHAR(16)  NOT NULL,
    public_key  VARCHAR(255) NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE FUNCTION ledger_signing_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger''s signing key is recorded once: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER ledger_signing_key_kept BEFORE UPDATE OR DELETE ON ledger_signing_key
    FOR EACH ROW EXECUTE FUNCTION ledger_signing_key_kept();
CREATE TRIGGER ledger_signing_key_not_truncated BEFORE TRUNCATE ON ledger_signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_signing_key_kept();
