package org.parledger.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.DatabaseOutage;
import org.parledger.ParLedgerApplication;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * The database goes away under a write load and comes back: clients are answered UNAVAILABLE within the pool's
 * connection timeout (not after a 30 s hang, not INTERNAL_ERROR), /actuator/health says DOWN meanwhile, and the
 * application recovers by itself, with every acknowledged score in the ledger and the read model. An embedded
 * server that dies is started again by the application; an external one stopped and started again by its operator
 * is reconnected to. Child processes, as in production.
 */
class DatabaseOutageTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final ChildApplication.Tracker children = new ChildApplication.Tracker();

    private static final String HASH = ExternalLedgerDatabase.HASH;
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;
    private static final int CLIENTS = 4;
    /** Well above the 3 s connection timeout (application.yml), far below the 30 s hang it replaces. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    @Test
    void anEmbeddedServerThatDiesIsStartedAgainAndNothingAcknowledgedIsLost() throws Exception {
        Path data = Path.of("target/outage-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        ChildApplication app = children.started(ChildApplication.start(ParLedgerApplication.class, "--parledger.embedded.data-dir=" + data,
                "--parledger.sample-data.enabled=false", "--parledger.security.demo-accounts.enabled=false",
                "--parledger.security.rate-limit.mutations=0",
                "--parledger.security.accounts[0].username=ops", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN,INSPECTOR,ASSESSOR:DO-0,ASSESSOR:DO-1,ASSESSOR:DO-2,ASSESSOR:DO-3"));
        int port = app.awaitUp();
        GraphQlClient ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
        Load load = Load.start(ops, ops);
        load.awaitAcknowledged(40);

        ChildApplication.killPostmaster(data);
        app.await(line -> line.contains("The embedded PostgreSQL server is running again"));
        // Writes are taken again without a restart of the application.
        int before = load.acknowledged.size();
        load.awaitAcknowledged(before + 40);
        load.stop();

        load.assertRefusalsWereQuickAndUnavailable();
        awaitHealthy(port);
        String health = health(port);
        assertThat(status(health, "/components/embeddedDatabase/status")).as(health).isEqualTo("UP");
        assertThat(dockerHealthCheck(port)).as("the Dockerfile's health check").isZero();
        load.assertEveryAcknowledgedScoreIsRecorded(ops);
        app.stop();
    }

    /**
     * A server that cannot be started again (here its data directory is gone, as with a lost disk) is not replaced
     * by an empty database: the application exits with 75, for its supervisor to act on.
     */
    @Test
    void anEmbeddedServerThatCannotBeStartedAgainMakesTheApplicationExitForItsSupervisor() throws Exception {
        Path data = Path.of("target/outage-lost-db").toAbsolutePath();
        Path moved = Path.of("target/outage-lost-db.moved").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        ChildApplication.deleteDirectory(moved);
        ChildApplication app = children.started(ChildApplication.start(ParLedgerApplication.class,
                "--parledger.embedded.data-dir=" + data, "--parledger.sample-data.enabled=false",
                "--parledger.security.demo-accounts.enabled=false",
                "--parledger.security.accounts[0].username=ops", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN"));
        app.awaitUp();
        ProcessHandle postmaster = ChildApplication.postmaster(data);
        // Stopped (SIGSTOP) while its directory is taken away, then killed: the watcher sees it die with the directory gone.
        Runtime.getRuntime().exec(new String[]{"kill", "-STOP", String.valueOf(postmaster.pid())}).waitFor();
        java.nio.file.Files.move(data, moved);
        postmaster.destroyForcibly();
        app.await(line -> line.contains("no longer holds the ledger's database"));
        assertThat(app.exit()).isEqualTo(75);
        assertThat(data.resolve("PG_VERSION")).doesNotExist();
    }

    @Test
    void anExternalServerStoppedAndStartedAgainIsReconnectedTo() throws Exception {
        Path dir = Path.of("target/outage-external").toAbsolutePath();
        ExternalLedgerDatabase database = ExternalLedgerDatabase.start(dir);
        int dbPort = database.server().getPort();
        ChildApplication app = children.started(ChildApplication.start(ParLedgerApplication.class, database.args(
                "--parledger.security.rate-limit.mutations=0",
                "--parledger.security.accounts[1].username=assessor", "--parledger.security.accounts[1].password=" + HASH,
                "--parledger.security.accounts[1].grants=ASSESSOR:DO-0,ASSESSOR:DO-1,ASSESSOR:DO-2,ASSESSOR:DO-3")));
        int port = app.awaitUp();
        GraphQlClient ops = new GraphQlClient(port).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
        Load load = Load.start(ops, new GraphQlClient(port).withAuthorization(GraphQlClient.basic("assessor", PASSWORD)));
        load.awaitAcknowledged(40);

        // The operator stops the server (a fast shutdown: its sessions are ended, as a restart or a failover does).
        database.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.refusals.size() >= 4);
        // Health says so, and says it quickly (probes have timeouts of their own).
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            long asked = System.nanoTime();
            String health = health(port);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as(health).isLessThan(QUICK);
            return status(health, "/components/db/status").equals("DOWN");
        });
        long started = System.nanoTime();
        assertThat(dockerHealthCheck(port)).as("the Dockerfile's health check while the database is down").isNotZero();
        JsonNode down = ops.execute("{ rankings(year: 2025, level: PROVINCE) { entries { unitCode } } }", Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICK);
        assertThat(down.at("/errors/0/extensions/code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(down.at("/errors/0/extensions/retryAfterSeconds").asInt()).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
        // A query's outage is logged where it is answered (a command's where it was handled), as one line.
        assertThat(app.await(line -> line.contains("Answered UNAVAILABLE: the database cannot take it just now"))).contains("WARN");

        // Started again on the same port: the application finds it without being told.
        try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false).setPort(dbPort).start()) {
            int before = load.acknowledged.size();
            load.awaitAcknowledged(before + 40);
            load.stop();
            load.assertRefusalsWereQuickAndUnavailable();
            awaitHealthy(port);
            assertThat(dockerHealthCheck(port)).as("the Dockerfile's health check once it is back").isZero();
            load.assertEveryAcknowledgedScoreIsRecorded(ops);
            app.stop();
        }
    }

    /** Four clients recording self-scores on units of their own, noting what was acknowledged and what refused. */
    private record Load(ExecutorService clients, AtomicBoolean stopping, ConcurrentLinkedQueue<Acknowledged> acknowledged,
                        ConcurrentLinkedQueue<Refusal> refusals) {
        static Load start(GraphQlClient ops, GraphQlClient assessor) {
            ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
            for (int i = 0; i < CLIENTS; i++) {
                ops.data(REGISTER_UNIT, Map.of("code", "DO-" + i, "name", "Tỉnh DO-" + i));
                ops.data(OPEN, Map.of("unit", "DO-" + i, "year", 2025));
            }
            Load load = new Load(Executors.newFixedThreadPool(CLIENTS), new AtomicBoolean(), new ConcurrentLinkedQueue<>(),
                    new ConcurrentLinkedQueue<>());
            for (int i = 0; i < CLIENTS; i++) {
                String unit = "DO-" + i;
                load.clients.submit(() -> {
                    for (int n = 0; !load.stopping.get(); n++) {
                        long started = System.nanoTime();
                        JsonNode answer = assessor.execute(SELF_SCORE, Map.of("unit", unit, "year", 2025, "criterion", "1.1",
                                "points", String.valueOf(n % 5)));
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        JsonNode version = answer.at("/data/recordSelfScore/version");
                        JsonNode position = answer.at("/data/recordSelfScore/position");
                        if (!version.isMissingNode() && !version.isNull()) {
                            load.acknowledged.add(new Acknowledged(unit, version.asLong(), position.asLong()));
                        } else {
                            load.refusals.add(new Refusal(answer.at("/errors/0/extensions/code").asString(""), took, answer.toString()));
                        }
                    }
                    return null;
                });
            }
            return load;
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= count);
        }

        void stop() throws InterruptedException {
            stopping.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        void assertRefusalsWereQuickAndUnavailable() {
            for (Refusal refusal : refusals) {
                assertThat(refusal.code()).as(refusal.answer()).isEqualTo("UNAVAILABLE");
                assertThat(refusal.took()).as(refusal.answer()).isLessThan(QUICK);
            }
        }

        /** In the read model (and so in the ledger, which the read model follows) with the version it was answered. */
        void assertEveryAcknowledgedScoreIsRecorded(GraphQlClient ops) {
            long last = acknowledged.stream().mapToLong(Acknowledged::position).max().orElseThrow();
            for (int i = 0; i < CLIENTS; i++) {
                String unit = "DO-" + i;
                Set<Long> acked = new HashSet<>();
                acknowledged.stream().filter(a -> a.unit().equals(unit)).forEach(a -> acked.add(a.version()));
                // The projections resume on their own after the outage (their processors retry with back-off).
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    Set<Long> audited = new HashSet<>();
                    String after = null;
                    do {
                        JsonNode page = ops.data("query($u: ID!, $after: String, $p: Float) { auditTrail(unit: $u, first: 500, "
                                + "after: $after, consistentWith: $p) { edges { node { sequence } } pageInfo { hasNextPage endCursor } } }",
                                after == null ? Map.of("u", unit, "p", last) : Map.of("u", unit, "after", after, "p", last)).get("auditTrail");
                        page.get("edges").forEach(edge -> audited.add(edge.at("/node/sequence").asLong()));
                        after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asString() : null;
                    } while (after != null);
                    assertThat(audited).as(unit).containsAll(acked);
                });
            }
            assertThat(ops.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
        }
    }

    private record Acknowledged(String unit, long version, long position) {
    }

    private record Refusal(String code, Duration took, String answer) {
    }

    /** The Dockerfile's HEALTHCHECK command as it is written there, pointed at this node's port; its exit status. */
    /**
     * Health UP again, by itself. Writes are taken as soon as the database is back, but a projection's processor that
     * failed meanwhile retries after its own back-off (doubling up to a minute), and health is DOWN until it has: a
     * fresh-clone CI run found the projections still DOWN right after the writes resumed.
     */
    private static void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(90)).until(() -> status(health(port), "/status").equals("UP"));
    }

    static int dockerHealthCheck(int port) throws Exception {
        String dockerfile = java.nio.file.Files.readString(Path.of("../Dockerfile"));
        java.util.regex.Matcher command = java.util.regex.Pattern.compile("HEALTHCHECK[^\\n]*\\\\\\s*\\n\\s*CMD (\\[.*])").matcher(dockerfile);
        assertThat(command.find()).as("a HEALTHCHECK ... CMD [...] in the Dockerfile").isTrue();
        JsonNode exec = tools.jackson.databind.json.JsonMapper.builder().build().readTree(command.group(1));
        java.util.List<String> argv = new java.util.ArrayList<>();
        exec.forEach(arg -> argv.add(arg.asString().replace("127.0.0.1/8080", "127.0.0.1/" + port)));
        Process check = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return check.exitValue();
    }

    private static String status(String health, String pointer) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(health).at(pointer).asString("");
    }

    static String health(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static final String SELF_SCORE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { stream version position } }""";
}
