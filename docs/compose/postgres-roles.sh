#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): the two roles of
# docs/postgres-roles.sql, with the passwords compose passes in.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
     -v owner_password="'$PARLEDGER_OWNER_PASSWORD'" -v app_password="'$PARLEDGER_APP_PASSWORD'" \
     -f /parledger/postgres-roles.sql
