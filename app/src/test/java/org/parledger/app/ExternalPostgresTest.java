package org.parledger.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private static final String HASH = "{bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva";
    private static final String PASSWORD = "mật-khẩu-đúng-2025";

    @Test
    void theApplicationRunsOnAnExternalDatabaseWithTheDocumentedRoles() throws Exception {
        Path dir = Path.of("target/external-postgres").toAbsolutePath();
        ChildApplication.deleteDirectory(dir);
        Files.createDirectories(dir);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(true).start()) {
            JdbcClient.create(server.getPostgresDatabase()).sql("CREATE DATABASE ledger").update();
            Process psql = new ProcessBuilder("psql", "-h", "localhost", "-p", String.valueOf(server.getPort()), "-U", "postgres",
                    "-d", "ledger", "-v", "ON_ERROR_STOP=1", "-v", "owner_password='owner-pw-2025'", "-v", "app_password='app-pw-2025'",
                    "-f", Path.of("../docs/postgres-roles.sql").toAbsolutePath().toString()).redirectErrorStream(true).start();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(psql.exitValue()).as(output).isZero();

            Path key = dir.resolve("signing-key.pem");
            Process keygen = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), ParLedgerApplication.class.getName(), "new-signing-key")
                    .redirectOutput(key.toFile()).start();
            assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/ledger";
            String[] args = {"--spring.datasource.url=" + url, "--spring.datasource.username=parledger_app",
                    "--spring.datasource.password=app-pw-2025", "--spring.flyway.user=parledger_owner",
                    "--spring.flyway.password=owner-pw-2025", "--parledger.integrity.signing-key-file=" + key,
                    "--parledger.security.accounts[0].username=ops", "--parledger.security.accounts[0].password=" + HASH,
                    "--parledger.security.accounts[0].grants=ADMIN,INSPECTOR"};

            ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args);
            GraphQlClient ops = new GraphQlClient(first.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
            ops.data(REGISTER_UNIT, Map.of("code", "EX-A", "name", "Tỉnh Ngoài"));
            assertThat(ops.data("mutation { signCheckpoint { number } }", Map.of()).at("/signCheckpoint/number").asInt()).isEqualTo(1);
            first.stop();

            // Flyway on the existing database, and the ledger as it was left.
            ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args);
            int port = second.awaitUp();
            ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            ops.data(OPEN, Map.of("unit", "EX-A", "year", 2025));
            assertThat(ops.data("{ unit(code: \"EX-A\") { name } }", Map.of()).at("/unit/name").asString()).isEqualTo("Tỉnh Ngoài");
            assertThat(ops.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/graphiql")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            second.stop();

            // The application's role reads and appends events, nothing more; the owner is stopped by the triggers.
            var app = JdbcClient.create(server.getDatabase("parledger_app", "ledger", Map.of("password", "app-pw-2025")));
            assertThat(app.sql("SELECT count(*) FROM domainevententry").query(Long.class).single()).isGreaterThanOrEqualTo(3);
            assertThatThrownBy(() -> app.sql("UPDATE domainevententry SET payload = payload").update())
                    .rootCause().hasMessageContaining("permission denied");
            var owner = JdbcClient.create(server.getDatabase("parledger_owner", "ledger", Map.of("password", "owner-pw-2025")));
            assertThatThrownBy(() -> owner.sql("DELETE FROM domainevententry").update()).rootCause().hasMessageContaining("immutable");
            assertThat(app.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'rv_assessment'").query(String.class).single())
                    .isEqualTo("parledger_app");
            assertThat(List.of(app.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'domainevententry'").query(String.class).single()))
                    .containsExactly("parledger_owner");
        }
    }
}
