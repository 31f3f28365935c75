package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Several nodes on one PostgreSQL, each a JVM of its own started as an operator would (the same URL, roles and
 * key): every node takes writes and reads; concurrent changes to one assessment from different nodes are decided
 * as on one node (a stale expectedVersion is a CONFLICT, a change without one is recorded); a client reads its
 * own write on another node with consistentWith; one node is SIGKILLed under load and the others take over its
 * projections, lose nothing acknowledged, and converge to a rebuild from the ledger; a replay started on one node
 * switches while the others run. The throughput it prints is recorded in docs/scaling.md.
 */
class MultiNodeTest {
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;
    private static final int NODES = 3;
    private static final int UNITS = 6;
    private static final int CLIENTS = 12;

    private record Acknowledged(String unit, long version, String criterion, String points, long position) {
    }

    @Test
    void nodesShareTheLedgerSurviveAKillAndConverge() throws Exception {
        try (ExternalLedgerDatabase database = ExternalLedgerDatabase.start(Path.of("target/multi-node").toAbsolutePath())) {
            StringBuilder grants = new StringBuilder();
            for (int u = 0; u < UNITS; u++) grants.append(u == 0 ? "" : ",").append("ASSESSOR:MN-").append(u);
            String[] args = database.args("--parledger.security.rate-limit.mutations=0",
                    "--parledger.security.accounts[1].username=assessor", "--parledger.security.accounts[1].password="
                            + ExternalLedgerDatabase.HASH, "--parledger.security.accounts[1].grants=" + grants);
            List<ChildApplication> nodes = new ArrayList<>();
            nodes.add(ChildApplication.start(ParLedgerApplication.class, args));
            List<Integer> ports = new ArrayList<>(List.of(nodes.get(0).awaitUp()));
            for (int n = 1; n < NODES; n++) nodes.add(ChildApplication.start(ParLedgerApplication.class, args));
            for (int n = 1; n < NODES; n++) ports.add(nodes.get(n).awaitUp());
            try {
                List<GraphQlClient> ops = ports.stream().map(p -> new GraphQlClient(p).withAuthorization(GraphQlClient.basic("ops", PASSWORD))).toList();
                List<GraphQlClient> assessors = ports.stream().map(p -> new GraphQlClient(p).withAuthorization(GraphQlClient.basic("assessor", PASSWORD))).toList();
                ops.get(0).data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
                for (int u = 0; u < UNITS; u++) {
                    // Set-up spread over the nodes: each reads what the others wrote.
                    ops.get(u % NODES).data(REGISTER_UNIT, Map.of("code", "MN-" + u, "name", "Tỉnh MN-" + u));
                    ops.get((u + 1) % NODES).data(OPEN, Map.of("unit", "MN-" + u, "year", 2025));
                }

                staleVersionsAreConflictsOnEveryNode(assessors);
                aCopyAnotherNodeWrotePastDecidesNothing(assessors.get(0), assessors.get(1));
                readYourWritesOnAnotherNode(assessors);
                aRankingKeptByANodeGivesWayToConsistentWith(database, nodes, ops, assessors);
                int victim = killANodeUnderLoad(database, nodes, ops, assessors);
                // The replay runs on a survivor that does not hold the projections' claims: the holder must let go.
                String owner = database.superuser().sql("SELECT owner FROM tokenentry WHERE processorname = 'scores-v1' AND segment = 0")
                        .query(String.class).single();
                int holder = -1;
                for (int n = 0; n < NODES; n++) if (owner.startsWith(nodes.get(n).process().pid() + "@")) holder = n;
                assertThat(holder).as(owner).isNotNegative().isNotEqualTo(victim);
                int replaying = 0;
                while (replaying == victim || replaying == holder) replaying++;
                aReplaySwitchesWhileOtherNodesRun(ops.get(replaying), ops.get(holder), assessors.get(holder), assessors.get(replaying));
                // Each node chains a stream's next event to the last one it committed itself unless another node has
                // written to the stream since: after one assessment written through every node at once, every chain holds.
                assertThat(ops.get(replaying).data("{ verifyLedger { intact events } }", Map.of()).at("/verifyLedger/intact").asBoolean())
                        .as("the ledger's hash chains after writes through %d nodes", NODES).isTrue();
            } finally {
                for (ChildApplication node : nodes) if (node.process().isAlive()) node.stop();
            }
        }
    }

    /** Six sends of one stale-version change, two through each node at once: one is recorded, five are CONFLICT. */
    private static void staleVersionsAreConflictsOnEveryNode(List<GraphQlClient> assessors) throws Exception {
        long version = assessors.get(0).data(SCORE, Map.of("unit", "MN-0", "criterion", "1.1", "points", "1"))
                .at("/recordSelfScore/version").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    GraphQlClient client = assessors.get(i % NODES);
                    String points = String.valueOf(1 + (i % 4));
                    long based = version;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return client.execute(SCORE_BASED_ON, Map.of("unit", "MN-0", "criterion", "1.1", "points", points,
                                "expected", based));
                    }));
                }
                go.countDown();
                int recorded = 0;
                for (Future<JsonNode> answer : answers) {
                    JsonNode json = answer.get(60, TimeUnit.SECONDS);
                    if (json.has("errors")) {
                        assertThat(json.at("/errors/0/extensions/code").asString()).as(json.toString()).isEqualTo("CONFLICT");
                        assertThat(json.at("/errors/0/extensions/field").asString()).as(json.toString()).isEqualTo("expectedVersion");
                    } else {
                        recorded++;
                        assertThat(json.at("/data/recordSelfScore/version").asLong()).isEqualTo(version + 1);
                    }
                }
                assertThat(recorded).as("round " + round).isEqualTo(1);
                version++;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A node keeps the streams it loaded; another node writing to one of them leaves that copy behind. Changes decided on
     * it never reached the ledger (their sequence number was taken); a refusal or a CONFLICT decided on it is no answer
     * either: the change is decided again on the stream as it is.
     */
    private static void aCopyAnotherNodeWrotePastDecidesNothing(GraphQlClient first, GraphQlClient second) {
        Map<String, Object> leaf = Map.of("unit", "MN-5", "year", 2025, "criterion", "1.2.2");
        first.data(MARK_NOT_APPLICABLE, leaf); // the first node now keeps a copy in which 1.2.2 is not applicable
        second.data("""
                mutation($unit: ID!, $year: Int!, $criterion: String!) {
                  markApplicable(unit: $unit, year: $year, criterion: $criterion, reason: "Có phát sinh") { stream } }""", leaf);
        long scored = first.data(SCORE, Map.of("unit", "MN-5", "criterion", "1.2.2", "points", "1"))
                .at("/recordSelfScore/version").asLong();
        long next = second.data(SCORE, Map.of("unit", "MN-5", "criterion", "1.1", "points", "2")).at("/recordSelfScore/version").asLong();
        assertThat(next).isEqualTo(scored + 1);
        // Based on the version the second node answered, which the first node's copy has not reached.
        assertThat(first.data(SCORE_BASED_ON, Map.of("unit", "MN-5", "criterion", "1.1", "points", "3", "expected", next))
                .at("/recordSelfScore/version").asLong()).isEqualTo(next + 1);
        // A sheet is checked before it is recorded: its check's report is no answer either when the copy was behind.
        first.data(MARK_NOT_APPLICABLE, leaf);
        second.data("""
                mutation($unit: ID!, $year: Int!, $criterion: String!) {
                  markApplicable(unit: $unit, year: $year, criterion: $criterion, reason: "Có phát sinh") { stream } }""", leaf);
        JsonNode imported = first.data("""
                mutation($content: String!) { importScores(unit: "MN-5", year: 2025, kind: SELF_ASSESSMENT, format: CSV,
                    content: $content) { recorded problems { row code } } }""", Map.of("content", "Code,Points,Document\n1.2.2,2,15/KH-UBND\n"))
                .get("importScores");
        assertThat(imported.get("problems")).as(imported.toString()).isEmpty();
        assertThat(imported.get("recorded").asBoolean()).isTrue();
        // A version no node has reached is a CONFLICT still.
        JsonNode ahead = first.execute(SCORE_BASED_ON, Map.of("unit", "MN-5", "criterion", "1.1", "points", "4", "expected", next + 5));
        assertThat(ahead.at("/errors/0/extensions/code").asString()).as(ahead.toString()).isEqualTo("CONFLICT");
        assertThat(ahead.at("/errors/0/extensions/field").asString()).as(ahead.toString()).isEqualTo("expectedVersion");
    }

    /** Written on one node, read at once on another with the position the write was answered with. */
    private static void readYourWritesOnAnotherNode(List<GraphQlClient> assessors) {
        for (int i = 0; i < 20; i++) {
            String points = String.valueOf(i % 3 + 1);
            JsonNode accepted = assessors.get(i % NODES).data(SCORE, Map.of("unit", "MN-1", "criterion", "1.2.1", "points", points))
                    .get("recordSelfScore");
            assertThat(accepted.get("position").isNumber()).as(accepted.toString()).isTrue();
            JsonNode read = assessors.get((i + 1) % NODES).data("""
                    query($position: Float) { assessment(unit: "MN-1", year: 2025, consistentWith: $position) {
                      leaves { code selfAssessed } } }""", Map.of("position", accepted.get("position").asLong()));
            assertThat(selfAssessed(read, "1.2.1")).as("read %d on another node", i).isEqualByComparingTo(points);
        }
    }

    /**
     * Twelve clients write through all nodes (two per assessment, on different nodes); the node that runs the
     * projections (the owner of their claims) is SIGKILLed; the others take its segments over and carry on.
     */
    /**
     * A node that does not run the projections keeps a ranking it computed (for up to a second); a read with the
     * position of a change projected by another node meanwhile is computed afresh and shows it.
     */
    private static void aRankingKeptByANodeGivesWayToConsistentWith(ExternalLedgerDatabase database, List<ChildApplication> nodes,
                                                                   List<GraphQlClient> ops, List<GraphQlClient> assessors) {
        int holder = holderOfTheProjections(database, nodes);
        int reader = (holder + 1) % NODES;
        String ranking = """
                query($p: Float) { rankings(year: 2025, level: PROVINCE, stage: SELF_ASSESSED, consistentWith: $p) {
                  entries { unitCode points } } }""";
        for (int i = 0; i < 5; i++) {
            String points = String.valueOf(i % 2 + 1);
            ops.get(reader).data(ranking, new HashMap<>(Map.of()));
            long position = assessors.get(holder).data(SCORE, Map.of("unit", "MN-3", "criterion", "1.2.2", "points", points))
                    .at("/recordSelfScore/position").asLong();
            JsonNode entries = ops.get(reader).data(ranking, Map.of("p", position)).at("/rankings/entries");
            JsonNode seen = null;
            for (JsonNode entry : entries) if (entry.get("unitCode").asString().equals("MN-3")) seen = entry;
            JsonNode leaf = ops.get(reader).data("query($p: Float) { assessment(unit: \"MN-3\", year: 2025, consistentWith: $p) "
                    + "{ selfAssessedPoints } }", Map.of("p", position)).at("/assessment/selfAssessedPoints");
            assertThat(seen).as("MN-3 in " + entries).isNotNull();
            assertThat(new java.math.BigDecimal(seen.get("points").asString()))
                    .as("the ranking read on node %d after the change %d", reader, i)
                    .isEqualByComparingTo(new java.math.BigDecimal(leaf.asString()));
        }
    }

    private static int holderOfTheProjections(ExternalLedgerDatabase database, List<ChildApplication> nodes) {
        String owner = database.superuser().sql("SELECT owner FROM tokenentry WHERE processorname = 'scores-v1' AND segment = 0")
                .query(String.class).single();
        for (int n = 0; n < nodes.size(); n++) if (owner.startsWith(nodes.get(n).process().pid() + "@")) return n;
        throw new AssertionError("no node holds the projections: " + owner);
    }

    private static int killANodeUnderLoad(ExternalLedgerDatabase database, List<ChildApplication> nodes, List<GraphQlClient> ops,
                                           List<GraphQlClient> assessors) throws Exception {
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger afterKill = new AtomicInteger();
        String[] leaves = {"1.1", "1.2.1", "1.2.2"};
        String owner = database.superuser().sql("SELECT owner FROM tokenentry WHERE processorname = 'scores-v1' AND segment = 0")
                .query(String.class).single();
        int victim = -1;
        for (int n = 0; n < NODES; n++) if (owner.startsWith(nodes.get(n).process().pid() + "@")) victim = n;
        assertThat(victim).as("the owner of the projections' claims, " + owner).isNotNegative();
        int killedNode = victim;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int node = c % NODES;
            String unit = "MN-" + (c / 2);
            GraphQlClient client = assessors.get(node);
            clients.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String criterion = leaves[n % 3];
                    String points = String.valueOf(n % 3 + 1);
                    JsonNode answer;
                    try {
                        answer = client.execute(SCORE, Map.of("unit", unit, "criterion", criterion, "points", points));
                    } catch (AssertionError | RuntimeException e) {
                        if (node == killedNode && killed.get()) return; // its node is gone: nothing more is acknowledged
                        unexpected.add(node + ": " + e);
                        return;
                    }
                    if (answer.has("errors")) {
                        unexpected.add(node + ": " + answer.get("errors"));
                        continue;
                    }
                    JsonNode accepted = answer.at("/data/recordSelfScore");
                    acknowledged.add(new Acknowledged(unit, accepted.get("version").asLong(), criterion, points,
                            accepted.get("position").asLong()));
                    if (killed.get()) afterKill.incrementAndGet();
                }
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 300);
        double allNodes = acknowledged.size() / ((System.nanoTime() - started) / 1e9);
        killed.set(true);
        long killedAt = System.nanoTime();
        nodes.get(victim).kill();
        // The survivors claim every segment of every projection once the dead node's claims expire (Axon's claim timeout).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> database.superuser().sql(
                "SELECT count(*) FROM tokenentry WHERE processorname IN ('scores-v1', 'units-v1', 'audit-trail-v1') "
                        + "AND (owner IS NULL OR owner = ?)").param(owner).query(Long.class).single() == 0);
        double takenOver = (System.nanoTime() - killedAt) / 1e9;
        List<String> claims = database.superuser().sql("SELECT processorname || '/' || segment || ' ' || owner FROM tokenentry "
                + "WHERE processorname IN ('scores-v1', 'units-v1', 'audit-trail-v1') ORDER BY 1").query(String.class).list();
        assertThat(claims).as("segments: scores and units four, the audit trail one").hasSize(9);
        await().atMost(Duration.ofSeconds(120)).until(() -> afterKill.get() >= 200);
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unexpected).as("errors other than the killed node going away").isEmpty();
        List<GraphQlClient> survivors = new ArrayList<>(ops);
        survivors.remove(victim);

        // Nothing acknowledged is lost, and no version was acknowledged twice.
        List<Acknowledged> acks = List.copyOf(acknowledged);
        Map<String, Set<Long>> versions = new HashMap<>();
        for (Acknowledged ack : acks) {
            assertThat(versions.computeIfAbsent(ack.unit(), u -> new HashSet<>()).add(ack.version())).as(ack.toString()).isTrue();
            Map<String, Object> row = database.superuser().sql("SELECT convert_from(payload, 'UTF8') AS payload, globalindex "
                            + "FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                    .param("assessment:" + ack.unit() + ":2025").param(ack.version()).query().singleRow();
            assertThat((String) row.get("payload")).as(ack.toString()).contains("\"criterion\":\"" + ack.criterion() + "\"")
                    .contains("\"points\":" + ack.points() + ",");
            assertThat(((Number) row.get("globalindex")).longValue()).as(ack.toString()).isEqualTo(ack.position());
        }

        // The survivors catch up with the whole ledger and equal a rebuild from it.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (JsonNode status : survivors.get(0).data("{ projectionStatus { projection lag running } }", Map.of()).get("projectionStatus")) {
                assertThat(status.get("lag").asLong()).as(status.toString()).isZero();
            }
        });
        JsonNode comparison = survivors.get(0).data("{ compareReadModel { identical message } }", Map.of()).get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
        // Each survivor answers the same, whatever it cached.
        long head = acks.stream().mapToLong(Acknowledged::position).max().orElseThrow();
        for (int u = 0; u < UNITS; u++) {
            Map<String, Object> variables = Map.of("unit", "MN-" + u, "year", 2025, "position", head);
            String query = "query($unit: ID!, $year: Int!, $position: Float) { assessment(unit: $unit, year: $year, consistentWith: $position) "
                    + "{ selfAssessedPoints leaves { code selfAssessed } } }";
            JsonNode first = survivors.get(0).data(query, variables);
            for (GraphQlClient other : survivors.subList(1, survivors.size())) assertThat(other.data(query, variables)).isEqualTo(first);
        }
        System.out.printf("multi-node: %d acknowledged through %d nodes at %.0f changes/s; node %d (running the projections) "
                + "killed; all its segments taken over after %.1f s (%s); %d acknowledged after the kill, none lost%n",
                acks.size() - afterKill.get(), NODES, allNodes, victim, takenOver, claims, afterKill.get());
        return victim;
    }

    /** A replay on one node switches in its tables while another node runs its processors, and both go on. */
    private static void aReplaySwitchesWhileOtherNodesRun(GraphQlClient replaying, GraphQlClient holding, GraphQlClient writer,
                                                          GraphQlClient reader) {
        long started = System.nanoTime();
        replaying.data("mutation { startReplay { state } }", Map.of());
        await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode progress = replaying.data("{ replayProgress { state message } }", Map.of()).get("replayProgress");
            assertThat(progress.get("state").asString()).as(progress.toString()).isEqualTo("COMPLETED");
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        long position = writer.data(SCORE, Map.of("unit", "MN-2", "criterion", "1.1", "points", "4"))
                .at("/recordSelfScore/position").asLong();
        JsonNode read = reader.data("""
                query($position: Float) { assessment(unit: "MN-2", year: 2025, consistentWith: $position) { leaves { code selfAssessed } } }""",
                Map.of("position", position));
        assertThat(selfAssessed(read, "1.1")).isEqualByComparingTo("4");
        JsonNode comparison = holding.data("{ compareReadModel { identical message } }", Map.of()).get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
        System.out.printf("multi-node: a replay switched in %.1f s while another node held the projections%n", seconds);
    }

    private static java.math.BigDecimal selfAssessed(JsonNode read, String leaf) {
        for (JsonNode node : read.at("/assessment/leaves")) {
            if (node.get("code").asString().equals(leaf)) return new java.math.BigDecimal(node.get("selfAssessed").asString());
        }
        throw new AssertionError("no leaf " + leaf + " in " + read);
    }

    private static final String SCORE = """
            mutation($unit: ID!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: 2025, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { stream version position } }""";
    private static final String SCORE_BASED_ON = """
            mutation($unit: ID!, $criterion: String!, $points: Decimal!, $expected: Int) {
              recordSelfScore(input: {unit: $unit, year: 2025, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}, expectedVersion: $expected) { stream version position } }""";
}
