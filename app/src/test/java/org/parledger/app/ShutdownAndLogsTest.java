package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/** A stop under load (SIGTERM, as an orchestrator sends it) and the structured logs, in child processes. */
class ShutdownAndLogsTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final ChildApplication.Tracker children = new ChildApplication.Tracker();

    private static final String HASH = ExternalLedgerDatabase.HASH;
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;

    /**
     * SIGTERM while four clients write: requests in flight are answered (the web server stops taking requests first
     * and waits for those it has; the database goes last), every acknowledged score is in the ledger, and the
     * projections' processors let go of their segments, so that another node need not wait for the claims to expire.
     * A subscriber is told the server is going away.
     */
    @Test
    void aStopUnderLoadAnswersWhatItTookAndReleasesTheProjections() throws Exception {
        Path data = Path.of("target/shutdown-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        ChildApplication app = children.started(ChildApplication.start(ParLedgerApplication.class, accounts(data)));
        int port = app.awaitUp();
        GraphQlClient ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
        ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        for (int i = 0; i < 4; i++) {
            ops.data(REGISTER_UNIT, Map.of("code", "SD-" + i, "name", "Tỉnh SD-" + i));
            ops.data(OPEN, Map.of("unit", "SD-" + i, "year", 2025));
        }
        ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            int unit = i;
            clients.submit(() -> {
                for (int n = 0; !stopped.get(); n++) {
                    JsonNode answer;
                    try {
                        answer = ops.execute(SELF_SCORE, Map.of("unit", "SD-" + unit, "year", 2025, "criterion", "1.1",
                                "points", String.valueOf(n % 5)));
                    } catch (RuntimeException | AssertionError e) {
                        return null; // no longer accepting connections: the stop has begun
                    }
                    JsonNode version = answer.at("/data/recordSelfScore/version");
                    if (version.isMissingNode() || version.isNull()) failures.add(answer.toString());
                    else acknowledged.add(new long[]{unit, version.asLong()});
                }
                return null;
            });
        }
        // A reader following the ranking over WebSocket.
        GraphQlWebSocket reader = new GraphQlWebSocket(port);
        reader.subscribe("r", "subscription { rankingChanged(year: 2025, level: PROVINCE, stage: FINAL) { year } }");
        assertThat(reader.next().at("/payload/data/rankingChanged/year").asInt()).isEqualTo(2025);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 60);
        app.process().destroy();
        assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Told that the server went away (1001), so that it reconnects at once; it saw the connection drop (1006).
        JsonNode closed;
        do {
            closed = reader.next();
        } while (!"closed".equals(closed.get("type").asString()));
        assertThat(closed.get("code").asInt()).as(closed.toString()).isEqualTo(1001);
        stopped.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        // Answered while it stopped: every answer was a success, none an error from a pool or database already gone.
        assertThat(failures).isEmpty();

        try (EmbeddedLedgerDatabase database = EmbeddedLedgerDatabase.start(data, false, 0, true)) {
            JdbcClient sql = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
            for (long[] ack : acknowledged) {
                assertThat(sql.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                        .param("assessment:SD-" + ack[0] + ":2025").param(ack[1]).query(Long.class).single()).isOne();
            }
            List<Map<String, Object>> claims = sql.sql("SELECT processorname, segment, owner FROM tokenentry "
                    + "WHERE processorname IN ('scores-v1', 'units-v1', 'audit-trail-v1')").query().listOfRows();
            assertThat(claims).hasSizeGreaterThanOrEqualTo(3);
            assertThat(claims).allSatisfy(claim -> assertThat(claim.get("owner")).as(claim.toString()).isNull());
        }
    }

    /** With structured logging switched on, every line is a JSON object, and a refused command is one line. */
    @Test
    void structuredLogsGiveOneJsonLinePerRefusedCommand() throws Exception {
        Path data = Path.of("target/json-logs-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        String[] args = accounts(data);
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--logging.structured.format.console=ecs";
        ChildApplication app = children.started(ChildApplication.start(ParLedgerApplication.class, withJson));
        GraphQlClient ops = new GraphQlClient(app.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
        ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        ops.data(REGISTER_UNIT, Map.of("code", "SD-0", "name", "Tỉnh SD-0"));
        ops.data(OPEN, Map.of("unit", "SD-0", "year", 2025));

        ops.error(SELF_SCORE, Map.of("unit", "SD-0", "year", 2025, "criterion", "1.1", "points", "5.25"));
        // A second refusal marks the end: every line the first one caused was printed before it.
        ops.error(SELF_SCORE, Map.of("unit", "SD-0", "year", 2025, "criterion", "9.9", "points", "1"));
        JsonMapper json = JsonMapper.builder().build();
        int refusalLines = 0;
        for (String line = app.await(l -> true); ; line = app.await(l -> true)) {
            if (line.isBlank() || !line.startsWith("{")) continue; // the JVM's own banner lines before logging starts
            JsonNode entry = json.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            String message = entry.at("/message").asString("");
            if (message.contains("UNKNOWN_CRITERION")) break;
            if (message.contains("POINTS_OUT_OF_RANGE")) {
                refusalLines++;
                assertThat(message).contains("Refused RecordSelfScore on assessment:SD-0:2025");
            }
        }
        assertThat(refusalLines).isOne();
        app.stop();
    }

    private static String[] accounts(Path data) {
        return new String[]{"--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=false",
                "--parledger.security.demo-accounts.enabled=false", "--parledger.security.rate-limit.mutations=0",
                "--parledger.security.accounts[0].username=ops", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN,ASSESSOR:SD-0,ASSESSOR:SD-1,ASSESSOR:SD-2,ASSESSOR:SD-3"};
    }

    private static final String SELF_SCORE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { stream version } }""";
}
