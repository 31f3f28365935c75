package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * What operators watch: metrics in Prometheus's format (commands by type and outcome, refusals, GraphQL timings,
 * the projections' lag), for admins and inspectors only; health with its readiness and liveness groups, details for
 * the same people only; build and commit in /actuator/info.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @LocalServerPort
    int port;
    GraphQlClient admin;
    GraphQlClient assessor;

    @BeforeAll
    void openAnAssessment() {
        admin = GraphQlClient.admin(port);
        assessor = admin.assessorOf("OPS-A");
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", "OPS-A", "name", "Tỉnh Vận Hành"));
        admin.data(OPEN, Map.of("unit", "OPS-A", "year", 2025));
    }

    @Test
    void metricsAreForAdminsAndInspectorsOnly() throws Exception {
        GraphQlClient.assertHttpRefusal(get("/actuator/prometheus", null), 401, "UNAUTHENTICATED", null);
        GraphQlClient.assertHttpRefusal(get("/actuator/prometheus", bearer("ops-assessor", "ASSESSOR:OPS-A")), 403, "WRONG_ROLE", null);
        // Spring Security's bearer refusals set only the status and WWW-Authenticate: the body is added, the header kept.
        HttpResponse<String> forged = get("/actuator/prometheus", "Bearer not.a.token");
        GraphQlClient.assertHttpRefusal(forged, 401, "UNAUTHENTICATED", null);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
        assertThat(get("/actuator/prometheus", bearer("ops-inspector", "INSPECTOR")).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", bearer("ops-admin", "ADMIN")).statusCode()).isEqualTo(200);
    }

    @Test
    void commandsAreCountedByTypeAndOutcomeAndRefusalsByCode() throws Exception {
        String accepted = "parledger_commands_seconds_count{command=\"RecordSelfScore\",outcome=\"accepted\"}";
        String tooMany = "parledger_commands_seconds_count{command=\"RecordSelfScore\",outcome=\"POINTS_OUT_OF_RANGE\"}";
        String refusal = "parledger_refusals_total{code=\"POINTS_OUT_OF_RANGE\",limit=\"none\"}";
        String requests = "graphql_request_seconds_count{application=\"par-ledger\",error=\"none\",graphql_operation_type=\"mutation\",graphql_outcome=\"SUCCESS\"}";
        String before = metrics();

        assessor.data(SELF_SCORE, Map.of("unit", "OPS-A", "year", 2025, "criterion", "1.1", "points", "1"));
        assessor.data(SELF_SCORE, Map.of("unit", "OPS-A", "year", 2025, "criterion", "1.2.1", "points", "1"));
        assertThat(assessor.error(SELF_SCORE, Map.of("unit", "OPS-A", "year", 2025, "criterion", "1.1", "points", "5.25"))
                .at("/extensions/code").asString()).isEqualTo("POINTS_OUT_OF_RANGE");

        String after = metrics();
        assertThat(value(after, accepted) - value(before, accepted)).isEqualTo(2);
        assertThat(value(after, tooMany) - value(before, tooMany)).isEqualTo(1);
        assertThat(value(after, refusal) - value(before, refusal)).isEqualTo(1);
        assertThat(value(after, requests) - value(before, requests)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void rateLimitRefusalsAreCountedWithTheLimitReached() throws Exception {
        // The expensive-reads limit (60 a minute per person, refilled greedily): 90 ledger-wide checks in a row from one
        // person take a few seconds at most, so some are refused.
        GraphQlClient busy = new GraphQlClient(port).as("ops-busy-inspector", "INSPECTOR");
        String limited = "parledger_refusals_total{code=\"RATE_LIMITED\",limit=\"expensive-reads\"}";
        double before = value(metrics(), limited);
        int refused = 0;
        for (int i = 0; i < 90; i++) {
            JsonNode answer = busy.execute("{ verifyLedger { intact } }", Map.of());
            if (answer.has("errors")) {
                assertThat(answer.at("/errors/0/extensions/code").asString()).isEqualTo("RATE_LIMITED");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(value(metrics(), limited) - before).isEqualTo(refused);
    }

    @Test
    void eachProjectionsLagAndParkedEventsAreGauged() throws Exception {
        String metrics = metrics();
        for (String projection : new String[]{"scores-v1", "units-v1", "audit-trail-v1"}) {
            assertThat(value(metrics, "parledger_projection_lag{projection=\"" + projection + "\"}")).isGreaterThanOrEqualTo(0);
            assertThat(value(metrics, "parledger_projection_parked{projection=\"" + projection + "\"}")).isGreaterThanOrEqualTo(0);
            assertThat(value(metrics, "parledger_projection_running{projection=\"" + projection + "\"}")).isEqualTo(1);
            assertThat(value(metrics, "parledger_projection_failing{projection=\"" + projection + "\"}")).isZero();
        }
        assertThat(value(metrics, "parledger_replay_running")).isZero();
        assertThat(Math.abs(value(metrics, "parledger_clock_offset_seconds"))).isLessThan(1);
        // How close the node is to its WebSocket bounds (WebSocketConnectionsTest reads the connections' gauge).
        assertThat(metrics).contains("\nparledger_graphql_websocket_connections ", "\nparledger_graphql_subscriptions ");
        // Spring for GraphQL's observations, Hikari's pool and the JVM come with them.
        assertThat(metrics).contains("graphql_datafetcher_seconds_count", "hikaricp_connections_active", "jvm_memory_used_bytes");
        // Both connection pools: the requests' and the node's own work's (ConnectionPools).
        assertThat(value(metrics, "hikaricp_connections_max{pool=\"embedded-postgres\"}")).isEqualTo(16);
        assertThat(value(metrics, "hikaricp_connections_max{pool=\"embedded-postgres-background\"}")).isEqualTo(12);
    }

    @Test
    void healthShowsComponentsToAllAndDetailsToInspectors() throws Exception {
        JsonNode anonymous = JSON.readTree(get("/actuator/health", null).body());
        assertThat(anonymous.at("/status").asString()).isEqualTo("UP");
        assertThat(anonymous.at("/components/projections/status").asString()).isEqualTo("UP");
        assertThat(anonymous.at("/components/embeddedDatabase/status").asString()).isEqualTo("UP");
        assertThat(anonymous.at("/components/projections/details").isMissingNode()).isTrue();

        JsonNode inspector = JSON.readTree(get("/actuator/health", bearer("ops-inspector", "INSPECTOR")).body());
        assertThat(inspector.at("/components/projections/details/scores-v1/lag").isNumber()).isTrue();
        assertThat(inspector.at("/components/embeddedDatabase/details/restarts").asInt()).isZero();
        // Free space where the embedded database writes, not only in the working directory (Boot's own indicator).
        assertThat(inspector.at("/components/diskSpace/components").propertyNames()).containsExactly("application", "database");
        assertThat(inspector.at("/components/diskSpace/components/database/status").asString()).isEqualTo("UP");
        assertThat(inspector.at("/components/diskSpace/components/database/details/path").asString()).endsWith("postgres");
        // This node's clock against the database's (here the same machine's): within the tolerance.
        assertThat(inspector.at("/components/clock/status").asString()).isEqualTo("UP");
        assertThat(Math.abs(inspector.at("/components/clock/details/offsetMillis").asLong())).isLessThan(1000);

        JsonNode readiness = JSON.readTree(get("/actuator/health/readiness", null).body());
        assertThat(readiness.at("/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components").propertyNames()).contains("db", "embeddedDatabase", "readinessState")
                .doesNotContain("projections", "integrity");
        JsonNode liveness = JSON.readTree(get("/actuator/health/liveness", null).body());
        assertThat(liveness.at("/status").asString()).isEqualTo("UP");
    }

    /**
     * Whoever verified the ledger last, the periodic verification of any node or a person's verifyLedger, every node's
     * health and meters show what was found (IntegrityHealth); and since when events wait for a signed checkpoint.
     */
    @Test
    void theLatestVerificationOfTheLedgerIsInHealthAndTheMeters() throws Exception {
        GraphQlClient verifier = new GraphQlClient(port).as("ops-verifier", "INSPECTOR");
        assertThat(verifier.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
        double asked = System.currentTimeMillis() / 1000.0;
        // Health and the meters read it at most 10 s later.
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get("/actuator/health", bearer("ops-inspector", "INSPECTOR")).body())
                .at("/components/integrity/details/latestVerification/by").asString().equals("verifyLedger by ops-verifier"));
        JsonNode integrity = JSON.readTree(get("/actuator/health", bearer("ops-inspector", "INSPECTOR")).body()).at("/components/integrity");
        assertThat(integrity.at("/status").asString()).isEqualTo("UP");
        assertThat(integrity.at("/details/latestVerification/intact").asBoolean()).isTrue();
        assertThat(integrity.at("/details/latestVerification/events").asLong()).isPositive();
        // Details are for inspectors and admins; the status is for anyone.
        JsonNode anonymous = JSON.readTree(get("/actuator/health", null).body()).at("/components/integrity");
        assertThat(anonymous.at("/status").asString()).isEqualTo("UP");
        assertThat(anonymous.at("/details").isMissingNode()).isTrue();

        String metrics = metrics();
        assertThat(value(metrics, "parledger_integrity_intact")).isEqualTo(1);
        assertThat(value(metrics, "parledger_integrity_verified_timestamp_seconds")).isCloseTo(asked, org.assertj.core.data.Offset.offset(60.0));
        // Events no checkpoint covers yet (the tests sign checkpoints only now and then): the oldest one's time.
        GraphQlClient.admin(port).data(REGISTER_UNIT, Map.of("code", "OPS-V", "name", "Tỉnh Kiểm Tra"));
        await().atMost(Duration.ofSeconds(30)).until(() -> value(metrics(), "parledger_integrity_unsigned_since_timestamp_seconds") > 0);
        assertThat(value(metrics(), "parledger_integrity_unsigned_since_timestamp_seconds")).isLessThanOrEqualTo(System.currentTimeMillis() / 1000.0);
    }

    /**
     * The alerting rules operators load (docs/operations/prometheus-alerts.yml) name only metrics this application exports,
     * and each alert is explained in docs/deployment.md: a renamed meter would otherwise leave an alert that never fires.
     */
    @Test
    void theAlertingRulesNameMetricsTheApplicationExportsAndEachIsExplained() throws Exception {
        // Counters and timers appear once counted: a command accepted and one refused.
        assessor.data(SELF_SCORE, Map.of("unit", "OPS-A", "year", 2025, "criterion", "1.1", "points", "2"));
        assessor.error(SELF_SCORE, Map.of("unit", "OPS-A", "year", 2025, "criterion", "1.1", "points", "9.5"));
        String metrics = metrics();
        JsonNode rules = tools.jackson.dataformat.yaml.YAMLMapper.builder().build()
                .readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../docs/operations/prometheus-alerts.yml")));
        String runbook = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/deployment.md"));
        java.util.Set<String> alerts = new java.util.LinkedHashSet<>();
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asString());
                named.addAll(metricsIn(rule.get("expr").asString()));
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10).allSatisfy(alert -> assertThat(runbook).contains("| `" + alert + "` |"));
        assertThat(named).contains("parledger_integrity_intact", "parledger_projection_failing", "hikaricp_connections_timeout_total");
        assertThat(named).allSatisfy(metric -> assertThat(Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(metrics).find())
                .as("%s is exported", metric).isTrue());
    }

    /** The metric names in a PromQL expression: identifiers with an underscore, not functions, labels, strings or durations. */
    private static java.util.List<String> metricsIn(String expression) {
        String bare = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ").replaceAll("\\[[^\\]]*\\]", " ");
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher identifier = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && identifier.group(1).contains("_")) names.add(identifier.group(1));
        }
        return names;
    }

    @Test
    void infoNamesTheBuild() throws Exception {
        JsonNode info = JSON.readTree(get("/actuator/info", null).body());
        assertThat(info.at("/build/artifact").asString()).isEqualTo("par-ledger-app");
        assertThat(info.at("/build/version").asString()).isNotBlank();
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus", bearer("ops-inspector", "INSPECTOR"));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A sample's value, 0 when the series does not exist yet. */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static String bearer(String user, String grant) {
        return "Bearer " + TestIssuer.INSTANCE.token(user, java.util.List.of(grant));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String SELF_SCORE = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { stream version } }""";
}
