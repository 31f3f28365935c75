-- After every migration, as the owner role that runs them: what the application's role (${appRole}) may do.
-- It reads and appends events and nothing more; it keeps snapshots, tokens, dead letters and its own state; and
-- it owns the read model, which replays rebuild beside the live tables and swap in (CREATE on the database, for
-- their schema, is granted where the roles are made: EmbeddedLedgerDatabase, docs/postgres-roles.sql). With one role for both
-- (appRole equal to the migrating user, or empty) there is nothing to grant; the triggers still hold.
DO $grants$
DECLARE
    app  TEXT := '${appRole}';
    item RECORD;
BEGIN
    IF app = '' OR app = current_user OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RETURN;
    END IF;
    -- Nodes that start together each run this after Flyway's own lock is released: granting the same privileges at
    -- once fails with "tuple concurrently updated". One at a time, until this transaction ends.
    PERFORM pg_advisory_xact_lock(hashtext('parledger:application-role-grants'));
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', app);
    EXECUTE format('REVOKE ALL ON domainevententry FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON domainevententry TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE domainevententry_globalindex_seq TO %I', app);
    EXECUTE format('GRANT EXECUTE ON FUNCTION ledger_settled_position() TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON ledger_leaf TO %I', app);
    EXECUTE format('REVOKE ALL ON ledger_signing_key FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON ledger_signing_key TO %I', app);
    EXECUTE format('REVOKE ALL ON evidence_file, evidence_upload FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON evidence_file, evidence_upload TO %I', app);
    EXECUTE format('REVOKE ALL ON ledger_verification FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON ledger_verification TO %I', app);
    FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
            AND tablename IN ('snapshotevententry', 'tokenentry', 'deadletterentry')
            OR (schemaname = 'public' AND tablename LIKE 'cs\_%') LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', item.tablename, app);
    END LOOP;
    FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'rv\_%'
            AND tableowner <> app LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO %I', item.tablename, app);
    END LOOP;
    FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'
            AND sequencename <> 'domainevententry_globalindex_seq' LOOP
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %I TO %I', item.sequencename, app);
    END LOOP;
END
$grants$;
