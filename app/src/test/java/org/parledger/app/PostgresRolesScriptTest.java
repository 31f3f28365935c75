package org.parledger.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/postgres-roles.sql on one server holding several ledgers, run with psql as the README says. Roles belong to the
 * server: a second run, for a second database, stopped at "role parledger_owner already exists" (found by hand) and set
 * nothing up. It now uses the roles that exist, leaves their passwords alone, and can name roles of a ledger's own.
 */
class PostgresRolesScriptTest {

    @Test
    void aSecondLedgerOnTheSameServerUsesTheRolesThatExistOrItsOwn() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            JdbcClient postgres = JdbcClient.create(server.getPostgresDatabase());
            for (String database : List.of("ledger", "ledger_2", "ledger_3")) {
                postgres.sql("CREATE DATABASE " + database).update();
            }
            String first = ExternalLedgerDatabase.roles(server.getPort(), "ledger", "owner_password='owner-pw'", "app_password='app-pw'");
            assertThat(first).doesNotContain("exists already");
            String passwords = "SELECT rolpassword FROM pg_authid WHERE rolname IN ('parledger_owner', 'parledger_app') ORDER BY rolname";
            List<String> set = postgres.sql(passwords).query(String.class).list();

            String second = ExternalLedgerDatabase.roles(server.getPort(), "ledger_2", "owner_password='another'", "app_password='another'");
            assertThat(second).contains("role parledger_owner exists already", "role parledger_app exists already");
            assertThat(postgres.sql(passwords).query(String.class).list()).as("passwords unchanged").isEqualTo(set);
            String third = ExternalLedgerDatabase.roles(server.getPort(), "ledger_3", "owner_password='o3'", "app_password='a3'",
                    "owner_role=ledger_3_owner", "app_role=ledger_3_app");
            assertThat(third).doesNotContain("exists already");
            ExternalLedgerDatabase.roles(server.getPort(), "ledger_3", "owner_password='o3'", "app_password='a3'", "owner_role=ledger_3_owner", "app_role=ledger_3_app");

            for (String[] ledger : new String[][]{{"ledger", "parledger_owner", "parledger_app"},
                    {"ledger_2", "parledger_owner", "parledger_app"}, {"ledger_3", "ledger_3_owner", "ledger_3_app"}}) {
                JdbcClient in = JdbcClient.create(server.getDatabase("postgres", ledger[0]));
                assertThat(in.sql("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'")
                        .query(String.class).single()).as(ledger[0]).isEqualTo(ledger[1]);
                assertThat(in.sql("SELECT pg_has_role(?, ?, 'MEMBER') AND has_database_privilege(?, current_database(), 'CREATE')")
                        .params(ledger[1], ledger[2], ledger[2]).query(Boolean.class).single()).as(ledger[0]).isTrue();
            }
        }
    }
}
