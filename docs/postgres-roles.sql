-- PAR Ledger on an external PostgreSQL: the two roles the application needs, created by a superuser (or the
-- database's owner) once. Run with psql, e.g.
--   psql -v owner_password="'...'" -v app_password="'...'" -d ledger -f docs/postgres-roles.sql
-- then configure the application:
--   SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/ledger
--   SPRING_DATASOURCE_USERNAME=parledger_app    SPRING_DATASOURCE_PASSWORD=<app_password>
--   SPRING_FLYWAY_USER=parledger_owner          SPRING_FLYWAY_PASSWORD=<owner_password>
-- The migrations run as the owner and, after every migration, grant the application's role exactly what it needs
-- (db/migration/axon/afterMigrate__application_role_grants.sql): SELECT and INSERT on the event table and nothing
-- more; its own state, snapshots and tokens; ownership of the read model, which replays rebuild and swap in.

-- Owns the event store and runs the migrations.
CREATE ROLE parledger_owner LOGIN PASSWORD :owner_password NOSUPERUSER NOCREATEDB NOCREATEROLE;
-- The application at run time: reads and appends events, never changes or removes one.
CREATE ROLE parledger_app LOGIN PASSWORD :app_password NOSUPERUSER NOCREATEDB NOCREATEROLE;
-- The owner hands the read model's tables to the application's role, which needs to be able to act as it.
GRANT parledger_app TO parledger_owner;

ALTER SCHEMA public OWNER TO parledger_owner;
-- Replays build the new read model in a schema of their own.
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO parledger_owner, parledger_app', current_database()) \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO parledger_app', current_database()) \gexec
