package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * "Recorded" means recorded: the application and its embedded database are killed together (SIGKILL, both
 * processes) while 8 clients record self-scores; after a restart, every score that was acknowledged is in the
 * ledger with its own stream version and points, and in the audit trail, and nothing is projected that is not in
 * the ledger. Child processes, as a crash would leave them.
 */
class DurabilityCrashTest {
    private static final int CLIENTS = 8;
    private static final String HASH = "{bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva";
    private static final String PASSWORD = "mật-khẩu-đúng-2025";

    /** A score the server answered with a version. */
    private record Acknowledged(String unit, long version, String criterion, String points) {
    }

    @Test
    void noAcknowledgedCommandIsLostWhenTheApplicationAndItsDatabaseAreKilled() throws Exception {
        Path data = Path.of("target/crash-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        List<String> units = new ArrayList<>();
        StringBuilder grants = new StringBuilder();
        for (int i = 0; i < CLIENTS; i++) {
            units.add("CR-" + i);
            grants.append(i == 0 ? "" : ",").append("ASSESSOR:CR-").append(i);
        }
        String[] args = {"--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=false",
                "--parledger.security.demo-accounts.enabled=false", "--parledger.security.rate-limit.mutations=0",
                "--parledger.security.accounts[0].username=crash-admin", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN",
                "--parledger.security.accounts[1].username=crash-assessor", "--parledger.security.accounts[1].password=" + HASH,
                "--parledger.security.accounts[1].grants=" + grants};
        ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args);
        int port = first.awaitUp();
        GraphQlClient admin = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("crash-admin", PASSWORD));
        GraphQlClient assessor = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("crash-assessor", PASSWORD));
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        for (String unit : units) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN, Map.of("unit", unit, "year", 2025));
        }

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(CLIENTS * 25);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        String[] leaves = {"1.1", "1.2.1", "1.2.2"};
        for (String unit : units) {
            clients.submit(() -> {
                for (int n = 0; !killed.get(); n++) {
                    String criterion = leaves[n % 3];
                    String points = String.valueOf(n % 3 + 1);
                    try {
                        JsonNode answer = assessor.execute(SELF_SCORE_VERSION, Map.of("unit", unit, "year", 2025,
                                "criterion", criterion, "points", points));
                        JsonNode version = answer.at("/data/recordSelfScore/version");
                        if (!version.isMissingNode() && !version.isNull()) {
                            acknowledged.add(new Acknowledged(unit, version.asLong(), criterion, points));
                            enough.countDown();
                        }
                    } catch (AssertionError | RuntimeException e) {
                        return; // the server is gone: nothing more is acknowledged
                    }
                }
            });
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).isTrue();
        // Both at once, mid-load: the application's JVM and the database's server.
        killed.set(true);
        first.process().destroyForcibly();
        ChildApplication.killPostmaster(data);
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        List<Acknowledged> acks = List.copyOf(acknowledged);
        assertThat(acks).hasSizeGreaterThanOrEqualTo(CLIENTS * 25);

        // The first restart works, and every acknowledged score is projected.
        ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args);
        port = second.awaitUp();
        GraphQlClient inspector = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("crash-admin", PASSWORD));
        for (String unit : units) {
            Set<Long> acked = new HashSet<>();
            acks.stream().filter(a -> a.unit().equals(unit)).forEach(a -> acked.add(a.version()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<Long> audited = new HashSet<>();
                String after = null;
                do {
                    JsonNode page = inspector.data("query($u: ID!, $after: String) { auditTrail(unit: $u, first: 500, after: $after) "
                            + "{ edges { node { sequence } } pageInfo { hasNextPage endCursor } } }", after == null
                            ? Map.of("u", unit) : Map.of("u", unit, "after", after)).get("auditTrail");
                    page.get("edges").forEach(edge -> audited.add(edge.at("/node/sequence").asLong()));
                    after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asString() : null;
                } while (after != null);
                assertThat(audited).containsAll(acked);
            });
        }
        assertThat(inspector.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
        second.stop();

        // In the ledger: each acknowledged version is the event that was acknowledged, not another one given its number.
        try (EmbeddedLedgerDatabase database = EmbeddedLedgerDatabase.start(data, false, 0, true)) {
            var sql = org.springframework.jdbc.core.simple.JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
            for (Acknowledged ack : acks) {
                String payload = sql.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                                + "WHERE aggregateidentifier = ? AND sequencenumber = ?")
                        .param("assessment:" + ack.unit() + ":2025").param(ack.version()).query(String.class).optional()
                        .orElseThrow(() -> new AssertionError("acknowledged, then lost: " + ack));
                assertThat(payload).as(ack.toString()).contains("\"criterion\":\"" + ack.criterion() + "\"")
                        .contains("\"points\":" + ack.points() + ",");
            }
            assertThat(sql.sql("SELECT count(*) FROM rv_audit_entry a WHERE NOT EXISTS "
                    + "(SELECT 1 FROM domainevententry e WHERE e.eventidentifier = a.event_id)").query(Long.class).single()).isZero();
        }
    }

    /**
     * The application alone is SIGKILLed under writes: its embedded PostgreSQL lives on, orphaned, holding the data
     * directory. The first restart stops it and starts (it used to fail, "Gave up waiting for server to start"), and
     * every acknowledged score is there. While an application runs, a second one on the same directory is refused.
     */
    @Test
    void theFirstRestartAfterTheApplicationAloneIsKilledWorks() throws Exception {
        Path data = Path.of("target/killed-app-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        String[] args = {"--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=false",
                "--parledger.security.demo-accounts.enabled=false", "--parledger.security.rate-limit.mutations=0",
                "--parledger.security.accounts[0].username=crash-admin", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN,ASSESSOR:KA-0"};
        ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args);
        GraphQlClient admin = new GraphQlClient(first.awaitUp()).withAuthorization(GraphQlClient.basic("crash-admin", PASSWORD));
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        admin.data(REGISTER_UNIT, Map.of("code", "KA-0", "name", "Tỉnh KA-0"));
        admin.data(OPEN, Map.of("unit", "KA-0", "year", 2025));

        ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args);
        assertThat(second.exit()).isNotZero();
        assertThat(String.join("\n", second.seen()) + drain(second)).contains("another PAR Ledger uses the embedded database");

        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                for (int n = 0; !killed.get(); n++) {
                    try {
                        JsonNode version = admin.execute(SELF_SCORE_VERSION, Map.of("unit", "KA-0", "year", 2025,
                                "criterion", "1.1", "points", String.valueOf(n % 5))).at("/data/recordSelfScore/version");
                        if (!version.isMissingNode() && !version.isNull()) acknowledged.add(version.asLong());
                    } catch (AssertionError | RuntimeException e) {
                        return;
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40);
        killed.set(true);
        first.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        long orphan = ChildApplication.postmaster(data).pid();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the killed application's server lives on").contains(true);

        ChildApplication restarted = ChildApplication.start(ParLedgerApplication.class, args);
        GraphQlClient after = new GraphQlClient(restarted.awaitUp()).withAuthorization(GraphQlClient.basic("crash-admin", PASSWORD));
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<Long> audited = new HashSet<>();
            after.data("{ auditTrail(unit: \"KA-0\", first: 500) { edges { node { sequence } } } }", Map.of())
                    .at("/auditTrail/edges").forEach(edge -> audited.add(edge.at("/node/sequence").asLong()));
            assertThat(audited).containsAll(acknowledged);
        });
        restarted.stop();
    }

    private static String drain(ChildApplication child) {
        StringBuilder rest = new StringBuilder();
        for (String line = child.lines().poll(); line != null; line = child.lines().poll()) rest.append('\n').append(line);
        return rest.toString();
    }

    private static final String SELF_SCORE_VERSION = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { stream version } }""";


}
