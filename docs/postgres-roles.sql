-- PAR Ledger on an external PostgreSQL: the two roles the application needs, created by a superuser (or the
-- database's owner) for each ledger database. Run with psql, e.g.
--   psql -v owner_password="'...'" -v app_password="'...'" -d ledger -f docs/postgres-roles.sql
-- then configure the application:
--   SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/ledger
--   SPRING_DATASOURCE_USERNAME=parledger_app    SPRING_DATASOURCE_PASSWORD=<app_password>
--   SPRING_FLYWAY_USER=parledger_owner          SPRING_FLYWAY_PASSWORD=<owner_password>
-- The migrations run as the owner and, after every migration, grant the application's role exactly what it needs
-- (db/migration/axon/afterMigrate__application_role_grants.sql): SELECT and INSERT on the event table and nothing
-- more; its own state, snapshots and tokens; ownership of the read model, which replays rebuild and swap in.

--
-- Roles belong to the whole server, databases do not: run it again for a second ledger on the same server (another
-- database), and the roles that exist are used as they are, their passwords unchanged. To give that ledger roles of its
-- own, name them: -v owner_role=ledger2_owner -v app_role=ledger2_app (and configure the application with them).
\if :{?owner_role}
\else
  \set owner_role parledger_owner
\endif
\if :{?app_role}
\else
  \set app_role parledger_app
\endif

SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_role') AS owner_existed,
       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') AS app_existed \gset
\if :owner_existed
  \echo 'role' :owner_role 'exists already: used as it is, its password unchanged'
\endif
\if :app_existed
  \echo 'role' :app_role 'exists already: used as it is, its password unchanged'
\endif

-- Owns the event store and runs the migrations.
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', :'owner_role', :owner_password)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_role') \gexec
-- The application at run time: reads and appends events, never changes or removes one.
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', :'app_role', :app_password)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec
-- The owner hands the read model's tables to the application's role, which needs to be able to act as it.
SELECT format('GRANT %I TO %I', :'app_role', :'owner_role')
 WHERE NOT pg_has_role(:'owner_role', :'app_role', 'MEMBER') \gexec

SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner_role') \gexec
-- Replays build the new read model in a schema of their own.
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I', current_database(), :'owner_role', :'app_role') \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO %I', current_database(), :'app_role') \gexec
