package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parledger.app.TestDocuments.*;

/**
 * The application against an external PostgreSQL, configured as an operator would: a separate server, the two roles
 * made by docs/postgres-roles.sql (with psql), the URL and both roles given on the command line, migrations run by
 * the owner on an empty database and again on the existing one at a restart. Sign-in and the signing key must be
 * configured; GraphiQL is off.
 */
class ExternalPostgresTest {
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;

    @Test
    void theApplicationRunsOnAnExternalDatabaseWithTheDocumentedRoles() throws Exception {
        try (ExternalLedgerDatabase database = ExternalLedgerDatabase.start(Path.of("target/external-postgres").toAbsolutePath())) {
            String[] args = database.args();

            ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args);
            GraphQlClient ops = new GraphQlClient(first.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
            ops.data(REGISTER_UNIT, Map.of("code", "EX-A", "name", "Tỉnh Ngoài"));
            // Before any checkpoint, a node given another key than the first node's does not start either: it started,
            // and signed snapshots that every other node's verifyLedger called forged.
            Path anotherKey = ExternalLedgerDatabase.signingKey(Path.of("target/external-postgres/another").toAbsolutePath());
            String[] withAnotherKey = ExternalLedgerDatabase.args(database.url(), anotherKey);
            ChildApplication early = ChildApplication.start(ParLedgerApplication.class, withAnotherKey);
            assertThat(early.exit()).isNotZero();
            assertThat(String.join("\n", early.remainingOutput())).contains("APPLICATION FAILED TO START", "is not the key",
                    "that the ledger's first node recorded");
            assertThat(ops.data("mutation { signCheckpoint { number } }", Map.of()).at("/signCheckpoint/number").asInt()).isEqualTo(1);
            first.stop();

            // Flyway on the existing database, and the ledger as it was left.
            ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args);
            int port = second.awaitUp();
            ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            ops.data(OPEN, Map.of("unit", "EX-A", "year", 2025));
            assertThat(ops.data("{ unit(code: \"EX-A\") { name } }", Map.of()).at("/unit/name").asString()).isEqualTo("Tỉnh Ngoài");
            assertThat(ops.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
            // Requests and the node's own work (its projections) on pools of their own, each named in pg_stat_activity.
            assertThat(database.superuser().sql("""
                    SELECT DISTINCT application_name FROM pg_stat_activity WHERE usename = 'parledger_app'""")
                    .query(String.class).list()).contains("ledger-postgres", "ledger-postgres-background");
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/graphiql")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            second.stop();

            // A node given another key than the one that signed the ledger's checkpoints does not start, and says why.
            ChildApplication refused = ChildApplication.start(ParLedgerApplication.class, withAnotherKey);
            assertThat(refused.exit()).isNotZero();
            assertThat(String.join("\n", refused.remainingOutput())).contains("APPLICATION FAILED TO START", "is not the key",
                    "that signed the ledger's checkpoint #1");

            // The application's role reads and appends events, nothing more; the owner is stopped by the triggers.
            var app = database.as("parledger_app", ExternalLedgerDatabase.APP_PASSWORD);
            assertThat(app.sql("SELECT count(*) FROM domainevententry").query(Long.class).single()).isGreaterThanOrEqualTo(3);
            assertThatThrownBy(() -> app.sql("UPDATE domainevententry SET payload = payload").update())
                    .rootCause().hasMessageContaining("permission denied");
            var owner = database.as("parledger_owner", ExternalLedgerDatabase.OWNER_PASSWORD);
            assertThatThrownBy(() -> owner.sql("DELETE FROM domainevententry").update()).rootCause().hasMessageContaining("immutable");
            // The key the first node recorded: read and inserted by the application's role, changed by no one.
            assertThatThrownBy(() -> app.sql("UPDATE ledger_signing_key SET key_id = key_id").update())
                    .rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> owner.sql("DELETE FROM ledger_signing_key").update()).rootCause().hasMessageContaining("recorded once");
            assertThat(app.sql("SELECT count(*) FROM ledger_signing_key").query(Long.class).single()).isEqualTo(1);
            assertThat(app.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'rv_assessment'").query(String.class).single())
                    .isEqualTo("parledger_app");
            assertThat(List.of(app.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'domainevententry'").query(String.class).single()))
                    .containsExactly("parledger_owner");
        }
    }
}
