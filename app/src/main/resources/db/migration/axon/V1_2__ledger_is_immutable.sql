-- The ledger's events are facts: once stored, never changed or removed, by anyone the database lets in through
-- the application's roles. Privileges keep the application's role to SELECT and INSERT (granted after every
-- migration, see afterMigrate); these triggers refuse UPDATE, DELETE and TRUNCATE even to the table's owner. Only a
-- superuser can get around them, and what a superuser changes, the hash chains and signed checkpoints show.

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger''s events are immutable: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER domainevententry_immutable BEFORE UPDATE OR DELETE ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER domainevententry_not_truncated BEFORE TRUNCATE ON domainevententry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON domainevententry FROM PUBLIC;

-- The position up to which the ledger's order is settled: no transaction still holds a global index at or below
-- it. A writer holds ROW EXCLUSIVE on the table from before it draws its index until it ends, so taking SHARE waits
-- for every writer in flight (and holds new ones back for that instant). Runs as the table's owner, because the
-- application's role may only read and append.
CREATE FUNCTION ledger_settled_position() RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
BEGIN
    LOCK TABLE domainevententry IN SHARE MODE;
    RETURN (SELECT COALESCE(MAX(globalindex), 0) FROM domainevententry);
END
$$;

-- The entries of the signed checkpoints, in ledger order: written by the signer with the hashes it checked, read
-- for inclusion and consistency proofs and to locate what changed. Derived data: a wrong row can only make a proof
-- fail, never make one hold, since every proof ends at a signed root.
CREATE TABLE ledger_leaf (
    leaf_index  BIGINT       PRIMARY KEY,
    position    BIGINT       NOT NULL UNIQUE,
    event_id    VARCHAR(255) NOT NULL,
    stream      VARCHAR(255) NOT NULL,
    sequence    BIGINT       NOT NULL,
    event_hash  BYTEA        NOT NULL
);
CREATE INDEX ledger_leaf_stream ON ledger_leaf (stream, sequence);
