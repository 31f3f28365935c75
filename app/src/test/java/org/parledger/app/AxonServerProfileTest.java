package org.parledger.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * The axonserver profile against a running Axon Server: switched on by AXONSERVER_SERVERS (and AXONSERVER_TOKEN when
 * its access control is on), skipped otherwise; CI has no Axon Server. docs/deployment.md says how to run one here.
 * Two nodes on one PostgreSQL, then a third on a database of its own: lists and refusal codes as on the default
 * store, reading one's own write on the other node, replays and integrity checks refused as UNAVAILABLE, and the
 * command side's registry rebuilt from the ledger on the new database.
 */
class AxonServerProfileTest {
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;

    /** /actuator/health with its details, as an admin. */
    private static JsonNode health(int port) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .header("Authorization", GraphQlClient.basic("ops", PASSWORD)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body());
    }

    @Test
    void twoNodesAndANewDatabaseOnAxonServer() throws Exception {
        String servers = System.getenv("AXONSERVER_SERVERS");
        Assumptions.assumeTrue(servers != null && !servers.isBlank(), "needs a running Axon Server (AXONSERVER_SERVERS)");
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "AS-" + run;
        String set = "AS-SET-" + run;
        try (ExternalLedgerDatabase database = ExternalLedgerDatabase.start(Path.of("target/axon-server-profile").toAbsolutePath())) {
            List<String> common = new ArrayList<>(List.of("--spring.profiles.active=axonserver", "--axon.axonserver.servers=" + servers,
                    "--parledger.security.rate-limit.mutations=0",
                    "--parledger.security.accounts[1].username=assessor", "--parledger.security.accounts[1].password="
                            + ExternalLedgerDatabase.HASH, "--parledger.security.accounts[1].grants=ASSESSOR:" + unit));
            String token = System.getenv("AXONSERVER_TOKEN");
            if (token != null) common.add("--axon.axonserver.token=" + token);
            String[] args = database.args(common.toArray(String[]::new));
            ChildApplication first = ChildApplication.start(ParLedgerApplication.class, args);
            int firstPort = first.awaitUp();
            ChildApplication second = ChildApplication.start(ParLedgerApplication.class, args);
            int secondPort = second.awaitUp();
            // A node given another key on the same database does not start: without checkpoints, the recorded key.
            Path anotherKey = ExternalLedgerDatabase.signingKey(Path.of("target/axon-server-profile/another").toAbsolutePath());
            ChildApplication refused = ChildApplication.start(ParLedgerApplication.class,
                    ExternalLedgerDatabase.args(database.url(), anotherKey, common.toArray(String[]::new)));
            assertThat(refused.exit()).isNotZero();
            assertThat(String.join("\n", refused.remainingOutput())).contains("APPLICATION FAILED TO START", "is not the key",
                    "that the ledger's first node recorded");
            long cited;
            try {
                GraphQlClient ops1 = new GraphQlClient(firstPort).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
                GraphQlClient ops2 = new GraphQlClient(secondPort).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
                GraphQlClient assessor1 = new GraphQlClient(firstPort).withAuthorization(GraphQlClient.basic("assessor", PASSWORD));
                GraphQlClient assessor2 = new GraphQlClient(secondPort).withAuthorization(GraphQlClient.basic("assessor", PASSWORD));

                long defined = ops1.data("mutation($document: String!) { defineIndexSet(document: $document) { position } }",
                        Map.of("document", indexSet(set))).at("/defineIndexSet/position").asLong();
                ops2.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + run));
                long opened = ops1.data("mutation($u: ID!, $s: ID!) { openAssessment(unit: $u, year: 2026, indexSet: $s) { position } }",
                        Map.of("u", unit, "s", set)).at("/openAssessment/position").asLong();

                // Lists travel between nodes as the default store answers them.
                JsonNode sets = ops2.data("query($p: Float) { indexSets(consistentWith: $p) { code } }", Map.of("p", defined)).get("indexSets");
                assertThat(sets.findValuesAsString("code")).contains(set);
                JsonNode units = ops2.data("query($p: Float) { units(level: PROVINCE, consistentWith: $p) { code } }", Map.of("p", opened)).get("units");
                assertThat(units.findValuesAsString("code")).contains(unit);

                // Refusals found as events are stored keep their codes.
                assertThat(ops1.error(REGISTER_UNIT, Map.of("code", unit, "name", "again")).at("/extensions/code").asString()).isEqualTo("ALREADY_EXISTS");
                assertThat(ops2.error("mutation($u: ID!, $s: ID!) { openAssessment(unit: $u, year: 2026, indexSet: $s) { stream } }",
                        Map.of("u", unit, "s", set)).at("/extensions/code").asString()).isEqualTo("ALREADY_EXISTS");
                ExecutorService pool = Executors.newFixedThreadPool(6);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    GraphQlClient client = i % 2 == 0 ? assessor1 : assessor2;
                    answers.add(pool.submit(() -> client.execute("""
                            mutation($u: ID!) { recordSelfScore(input: {unit: $u, year: 2026, criterion: "1.1", points: 2,
                              evidence: {documentNumber: "1/KH"}}, expectedVersion: 0) { version position } }""", Map.of("u", unit))));
                }
                int recorded = 0;
                long position = -1;
                for (Future<JsonNode> answer : answers) {
                    JsonNode json = answer.get();
                    if (json.has("errors")) {
                        assertThat(json.at("/errors/0/extensions/code").asString()).as(json.toString()).isEqualTo("CONFLICT");
                        assertThat(json.at("/errors/0/extensions/field").asString()).isEqualTo("expectedVersion");
                    } else {
                        recorded++;
                        position = json.at("/data/recordSelfScore/position").asLong();
                    }
                }
                pool.shutdown();
                assertThat(recorded).isEqualTo(1);

                // Read one's own write on the other node.
                JsonNode read = ops2.data("query($u: ID!, $p: Float) { assessment(unit: $u, year: 2026, consistentWith: $p) { leaves { code selfAssessed } } }",
                        Map.of("u", unit, "p", position));
                assertThat(read.at("/assessment/leaves").findValuesAsString("code")).contains("1.1");
                assertThat(read.toString()).contains("\"selfAssessed\":2");
                // Evidence files live in PostgreSQL beside Axon Server: uploaded on one node, cited, listed and read on the other.
                byte[] pdf = ("%PDF-1.4\n% " + run + "\n%%EOF\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                var uploaded = EvidenceUploads.upload(firstPort, GraphQlClient.basic("assessor", PASSWORD), unit, "QĐ 1.pdf",
                        "application/pdf", pdf);
                assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
                String sha256 = EvidenceUploads.sha256(uploaded);
                cited = assessor2.data("""
                        mutation($u: ID!, $sha: String!) { recordSelfScore(input: {unit: $u, year: 2026, criterion: "1.2.1", points: 1,
                          evidence: {files: [{sha256: $sha}]}}) { position } }""", Map.of("u", unit, "sha", sha256))
                        .at("/recordSelfScore/position").asLong();
                JsonNode files = ops1.data("query($u: ID!, $p: Float) { assessment(unit: $u, year: 2026, consistentWith: $p) { unitCode } "
                        + "journey(unit: $u, year: 2026) { steps { changes { criterion files { sha256 url } } } } }",
                        Map.of("u", unit, "p", cited));
                assertThat(files.toString()).contains(sha256);
                var download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + secondPort + "/evidence/" + sha256))
                        .header("Authorization", GraphQlClient.basic("ops", PASSWORD)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.body()).isEqualTo(pdf);

                // The audit trail, from the ledger's first position (0 on Axon Server).
                assertThat(ops1.data("{ auditTrail(first: 1) { edges { cursor } } }", Map.of()).at("/auditTrail/edges/0/cursor").asString()).isEqualTo("0");

                // What reads PostgreSQL's event table refuses rather than answer from an empty one.
                for (String document : List.of("mutation { startReplay { state } }", "{ compareReadModel { identical } }",
                        "{ verifyLedger { intact } }")) {
                    assertThat(ops1.error(document, Map.of()).at("/extensions/code").asString()).as(document).isEqualTo("UNAVAILABLE");
                }

                // The registry's catch-up follower runs on both nodes: one holds its segment and has followed the ledger
                // past the assessment's opening (its position moves with the events it follows, not every event).
                long head = opened;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
                    List<JsonNode> followers = List.of(health(firstPort), health(secondPort)).stream()
                            .map(h -> h.at("/components/axonServer/details/registryCatchUp")).toList();
                    assertThat(followers).as(followers.toString()).allMatch(f -> f.path("running").asBoolean() && !f.path("failing").asBoolean());
                    assertThat(followers.stream().filter(f -> f.path("heldHere").asBoolean()).count()).as(followers.toString()).isEqualTo(1);
                    assertThat(followers.stream().filter(f -> f.has("position")).mapToLong(f -> f.get("position").asLong()).max().orElse(-1))
                            .isGreaterThanOrEqualTo(head);
                    // The processed requests' follower likewise, and each node has seen it read what the ledger held
                    // when it started (until then it takes no change with a request id).
                    List<JsonNode> requests = List.of(health(firstPort), health(secondPort)).stream()
                            .map(h -> h.at("/components/axonServer/details/requestsCatchUp")).toList();
                    assertThat(requests).as(requests.toString()).allMatch(f -> f.path("running").asBoolean()
                            && !f.path("failing").asBoolean() && f.path("caughtUpSinceStart").asBoolean());
                    assertThat(requests.stream().filter(f -> f.path("heldHere").asBoolean()).count()).as(requests.toString()).isEqualTo(1);
                });
            } finally {
                first.stop();
                second.stop();
            }
            // A replay asked for on the command line ends with a non-zero exit, never an empty switch.
            List<String> replay = new ArrayList<>(List.of(args));
            replay.add("--parledger.replay.run=all");
            assertThat(ChildApplication.start(ParLedgerApplication.class, replay.toArray(String[]::new)).exit()).isEqualTo(1);

            // A node on a new database rebuilds the command side's registry from the ledger.
            database.superuser().sql("CREATE DATABASE ledger2").update();
            {
                var ledger2 = org.springframework.jdbc.core.simple.JdbcClient.create(database.server().getDatabase("postgres", "ledger2"));
                ledger2.sql("ALTER SCHEMA public OWNER TO parledger_owner").update();
                ledger2.sql("GRANT CONNECT, TEMPORARY ON DATABASE ledger2 TO parledger_owner, parledger_app").update();
                ledger2.sql("GRANT CREATE ON DATABASE ledger2 TO parledger_app").update();
                List<String> fresh = new ArrayList<>(List.of(args));
                fresh.replaceAll(a -> a.startsWith("--spring.datasource.url=") ? a.replace("/ledger", "/ledger2") : a);
                ChildApplication third = ChildApplication.start(ParLedgerApplication.class, fresh.toArray(String[]::new));
                GraphQlClient ops3 = new GraphQlClient(third.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
                // Its read model is built from the whole ledger, this run's and earlier runs' (ReadModelCatchUpTest): on a
                // store that holds the sample data, longer than one read waits (NOT_CAUGHT_UP), so it is asked again.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5)).untilAsserted(() -> assertThat(ops3.data(
                        "query($u: ID!, $p: Float) { assessment(unit: $u, year: 2026, consistentWith: $p) { leaves { code selfAssessed } } }",
                        Map.of("u", unit, "p", cited)).toString()).contains("\"selfAssessed\":2"));
                third.stop();
                assertThat(ledger2.sql("SELECT stage FROM cs_assessment WHERE unit_code = ? AND year = 2026").param(unit)
                        .query(String.class).single()).isEqualTo("SELF_ASSESSMENT");
            }
        }
    }
}
