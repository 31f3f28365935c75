package org.parledger.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parledger.ParLedgerApplication;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * The backup and restore docs/deployment.md describes, as an operator runs it: pg_dump of the ledger's database while a
 * node runs, then, on a new database, docs/postgres-roles.sql (the roles exist: used as they are) and pg_restore. A node
 * on the restored database finds the ledger intact, its read model equal to a rebuild, and goes on recording; a
 * checkpoint document kept before the backup still holds there, and one kept after it does not (what the backup missed
 * is named as removed), which is how an inspector tells a restore that went back in time. Needs the machine's
 * PostgreSQL server packages (the machine's pg_dump refuses the newer embedded server); skipped without them.
 */
class BackupAndRestoreTest {
    @RegisterExtension
    final ChildApplication.Tracker children = new ChildApplication.Tracker();

    private static final String UNIT = "BR-A";
    private static final String CHECKPOINT = "mutation { signCheckpoint { number } }";
    private static final String DOCUMENT = "query($n: Int!) { ledgerCheckpoint(number: $n) { document } }";
    private static final String HOLDS = "query($d: String!) { verifyCheckpoint(document: $d) { holds message } }";

    private String[] args(PackagedPostgres server, String database, Path key) {
        return ExternalLedgerDatabase.args(server.url(database), key,
                "--parledger.security.accounts[1].username=assessor",
                "--parledger.security.accounts[1].password=" + ExternalLedgerDatabase.HASH,
                "--parledger.security.accounts[1].grants=ASSESSOR:" + UNIT);
    }

    private static String keptCheckpoint(GraphQlClient ops) {
        int number = ops.data(CHECKPOINT, Map.of()).at("/signCheckpoint/number").asInt();
        return ops.data(DOCUMENT, Map.of("n", number)).at("/ledgerCheckpoint/document").asString();
    }

    /** The unit's self-assessed points in the read model. */
    private static java.math.BigDecimal selfAssessed(GraphQlClient client) {
        return client.data(ASSESSMENT, Map.of("unit", UNIT, "year", 2025)).at("/assessment/selfAssessedPoints").decimalValue();
    }

    private static void score(GraphQlClient assessor, String points) {
        assessor.data(SELF_SCORE, Map.of("unit", UNIT, "year", 2025, "criterion", "1.1", "points", points));
    }

    @Test
    void aDumpRestoredOnANewDatabaseIsIntactGoesOnAndIsToldApartFromTheLedgerItCameFrom() throws Exception {
        PackagedPostgres found = PackagedPostgres.startIfInstalled();
        Assumptions.assumeTrue(found != null, "no PostgreSQL server packages whose pg_dump matches them (/usr/lib/postgresql)");
        try (PackagedPostgres server = found) {
            Path work = Path.of("target/backup-and-restore").toAbsolutePath();
            ChildApplication.deleteDirectory(work);
            Files.createDirectories(work);
            Path key = ExternalLedgerDatabase.signingKey(work);
            Path dump = work.resolve("ledger.dump");
            server.client("createdb", "ledger");
            ExternalLedgerDatabase.roles(server.port(), "ledger");

            ChildApplication first = children.started(ChildApplication.start(ParLedgerApplication.class, args(server, "ledger", key)));
            int port = first.awaitUp();
            GraphQlClient ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", ExternalLedgerDatabase.PASSWORD));
            GraphQlClient assessor = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("assessor", ExternalLedgerDatabase.PASSWORD));
            ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
            ops.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh Sao Lưu"));
            ops.data(OPEN, Map.of("unit", UNIT, "year", 2025));
            score(assessor, "2");
            String beforeTheBackup = keptCheckpoint(ops);

            // Online, while the node records: pg_dump reads one consistent snapshot.
            server.client("pg_dump", "-Fc", "-f", dump.toString(), "ledger");
            score(assessor, "3");
            String afterTheBackup = keptCheckpoint(ops);
            first.stop();

            server.client("createdb", "restored");
            assertThat(ExternalLedgerDatabase.roles(server.port(), "restored")).contains("exists already");
            server.client("pg_restore", "--exit-on-error", "-d", "restored", dump.toString());

            ChildApplication second = children.started(ChildApplication.start(ParLedgerApplication.class, args(server, "restored", key)));
            port = second.awaitUp();
            ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", ExternalLedgerDatabase.PASSWORD));
            assessor = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("assessor", ExternalLedgerDatabase.PASSWORD));
            assertThat(ops.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
            assertThat(ops.data("{ compareReadModel { identical } }", Map.of()).at("/compareReadModel/identical").asBoolean()).isTrue();
            GraphQlClient restored = ops;
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(selfAssessed(restored)).as("as it was backed up")
                    .isEqualByComparingTo("2"));

            JsonNode before = ops.data(HOLDS, Map.of("d", beforeTheBackup)).get("verifyCheckpoint");
            assertThat(before.at("/holds").asBoolean()).as(before.toString()).isTrue();
            JsonNode after = ops.data(HOLDS, Map.of("d", afterTheBackup)).get("verifyCheckpoint");
            assertThat(after.at("/holds").asBoolean()).as(after.toString()).isFalse();
            assertThat(after.at("/message").asString()).contains("removed");

            // It goes on: new events after the restored ones, the chain and the checkpoints with them.
            score(assessor, "4");
            keptCheckpoint(ops);
            assertThat(ops.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(selfAssessed(restored)).isEqualByComparingTo("4"));
            second.stop();
        }
    }
}
