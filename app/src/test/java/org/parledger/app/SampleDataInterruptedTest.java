package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A first start killed while it loads the sample data (the application and its database at once, as a power cut would)
 * completes the load at the next start, instead of leaving a half-loaded demo ledger for good ("the ledger already
 * holds events"): the ledger ends as an uninterrupted first start leaves it, event for event (stream, version, type),
 * with nothing recorded twice, and the rankings are the same. Child processes, as a crash would leave them.
 */
class SampleDataInterruptedTest {
    private static final String HASH = "{bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva";
    private static final String PASSWORD = "mật-khẩu-đúng-2025";
    private static final String RANKINGS = """
            { published: rankings(year: 2024, level: PROVINCE, stage: FINAL) { entries { unitCode points rank } }
              appraised: rankings(year: 2025, level: PROVINCE) { entries { unitCode points rank } } }""";

    @Test
    void aFirstStartKilledDuringTheSampleLoadCompletesItAtTheNextStart() throws Exception {
        Path reference = Path.of("target/sample-reference-db").toAbsolutePath();
        Path interrupted = Path.of("target/sample-interrupted-db").toAbsolutePath();
        ChildApplication.deleteDirectory(reference);
        ChildApplication.deleteDirectory(interrupted);

        ChildApplication uninterrupted = ChildApplication.start(ParLedgerApplication.class, args(reference));
        int port = uninterrupted.awaitUp();
        String sent = uninterrupted.await(line -> line.contains("Sample data: ") && line.contains(" commands sent in "));
        JsonNode expected = caughtUpRankings(port);
        assertThat(expected.at("/published/entries")).hasSize(63);
        assertThat(expected.at("/appraised/entries")).hasSize(34);
        uninterrupted.stop();

        ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args(interrupted));
        first.await(line -> line.contains("Sample data: 5000 commands sent so far"));
        first.process().destroyForcibly();
        ChildApplication.killPostmaster(interrupted);
        first.kill();

        ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args(interrupted));
        port = second.awaitUp();
        second.await(line -> line.contains("did not complete") && line.contains("resuming it"));
        String resent = second.await(line -> line.contains("Sample data: ") && line.contains(" commands sent in "));
        assertThat(commands(resent)).as("every command sent again").isEqualTo(commands(sent));
        assertThat(caughtUpRankings(port)).isEqualTo(expected);
        second.stop();

        List<String> expectedEvents = events(reference);
        List<String> events = events(interrupted);
        assertThat(events).as("the same events, none twice").hasSameSizeAs(expectedEvents).isEqualTo(expectedEvents);
    }

    private static String[] args(Path data) {
        return new String[]{"--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=true",
                "--parledger.sample-data.years=2024,2025", "--parledger.sample-data.provincial-rounds=false",
                "--parledger.security.demo-accounts.enabled=false",
                "--parledger.security.accounts[0].username=sample-inspector",
                "--parledger.security.accounts[0].password=" + HASH, "--parledger.security.accounts[0].grants=INSPECTOR"};
    }

    /** The rankings once every projection has caught up with the ledger. */
    private static JsonNode caughtUpRankings(int port) {
        GraphQlClient inspector = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("sample-inspector", PASSWORD));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (JsonNode status : inspector.data("{ projectionStatus { projection lag } }", Map.of()).get("projectionStatus")) {
                assertThat(status.get("lag").asLong()).as(status.toString()).isZero();
            }
        });
        return inspector.data(RANKINGS, Map.of());
    }

    private static long commands(String line) {
        return Long.parseLong(line.replaceAll(".*Sample data: (\\d+) commands sent in.*", "$1"));
    }

    /** Each event's stream, version and type, in stream order; the load recorded as completed (a next start loads nothing). */
    private static List<String> events(Path data) throws Exception {
        try (EmbeddedLedgerDatabase database = EmbeddedLedgerDatabase.start(data, false, 0, true)) {
            JdbcClient sql = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
            assertThat(sql.sql("SELECT count(*) FROM cs_sample_data_load WHERE completed_at IS NOT NULL").query(Long.class)
                    .single()).isOne();
            return sql.sql("SELECT aggregateidentifier || ' ' || sequencenumber || ' ' || payloadtype FROM domainevententry "
                            + "ORDER BY aggregateidentifier, sequencenumber").query(String.class).list();
        }
    }
}
