package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parledger.api.common.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Generated texts, from a seeded random (control characters, surrogates, combining marks, invisible ones, very long) and numbers
 * (exponents, scales, signs, other scripts' digits) in every text and number argument of the mutations: each request
 * is either refused with a stable code and records nothing, or accepted; afterwards every projection has caught up
 * (every projection's lag back to 0, nothing parked) and the read model equals a rebuild from the ledger. Bounded tries in CI;
 * a long run: {@code ./mvnw -pl app verify -Dtest=FuzzedInputTest -Dparledger.fuzz.tries=20000 -Dparledger.fuzz.seed=$RANDOM -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzedInputTest {
    /** Every code a refusal may carry (FuzzedQueriesTest checks against them too). */
    static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
    private static final int TRIES = Integer.getInteger("parledger.fuzz.tries", 150);
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GraphQlClient admin;

    @BeforeAll
    void units() {
        admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", "FZ-A", "name", "Tỉnh Ngẫu Nhiên"));
        admin.data(OPEN, Map.of("unit", "FZ-A", "year", 2025));
    }

    private static final char[] TRICKY = {'\u0000', '\u0007', '\n', '\t', '\u00A0', '\u200B', '\u202E', '\uD800', '\uDC00',
            '\uFFFE', '\u0301', '\u0323', 'a', 'Ư', ' '};
    private static final String[] VIETNAMESE = {"Giải trình", "Quyết định 12/QĐ-UBND", "Sở Nội vụ", "Điều 2", " Khoản 3 "};
    private static final Object[] ODD_NUMBERS = {"0.٥", "٤", "1_000", "+4", "4.", ".5", "NaN", "-Infinity", "0x1F", "4,5", "", " 4 ",
            "99999999999999999999999", "0.0000000001", "-0", new java.math.BigDecimal("1E+100"), new java.math.BigDecimal("1E-100"), 4.5, 3, -1L};

    /** Texts as hostile clients write them: any code point, the invisible and the combining, very long. */
    private static String text(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.ints(random.nextInt(61), 0, 0x110000).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString();
            case 1 -> tricky(random);
            case 2 -> VIETNAMESE[random.nextInt(VIETNAMESE.length)];
            case 3 -> "ầ".repeat(150 + random.nextInt(4851));
            default -> VIETNAMESE[random.nextInt(VIETNAMESE.length)] + tricky(random);
        };
    }

    private static String tricky(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) text.append(TRICKY[random.nextInt(TRICKY.length)]);
        return text.toString();
    }

    /** Points as hostile clients write them: plain, with exponents, in other scripts, as JSON numbers. */
    private static Object number(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> java.math.BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000, 3).toPlainString();
            case 1 -> (random.nextInt(19) - 9) + "e" + (random.nextInt() / 2);
            default -> ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
        };
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    @Test
    void everyRequestIsRefusedWithACodeOrAcceptedAndProjected() {
        long seed = Long.getLong("parledger.fuzz.seed", 20261201L);
        Random random = new Random(seed);
        GraphQlClient assessor = admin.assessorOf("FZ-A");
        List<Function<Random, Object[]>> mutations = List.of(
                r -> new Object[]{assessor, """
                        mutation($c: String!, $p: Decimal!, $d: String!, $e: String) { recordSelfScore(input: {unit: "FZ-A", year: 2025,
                          criterion: $c, points: $p, evidence: {documentNumber: $d, page: $e}, explanation: $e}) { version } }""",
                        vars("c", pick(r, "1.1", "1.2.1", "1.2.2"), "p", number(r), "d", text(r), "e", text(r))},
                r -> new Object[]{admin, """
                        mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: PROVINCE}) { stream } }""",
                        vars("code", "FZ-" + r.nextInt(1_000_000), "name", text(r))},
                r -> new Object[]{admin, """
                        mutation($region: String!, $reason: String!) { assignRegion(input: {unit: "FZ-A", region: $region, reason: $reason}) { stream } }""",
                        vars("region", text(r), "reason", text(r))},
                r -> new Object[]{assessor, """
                        mutation($c: String!, $reason: String!) { markNotApplicable(unit: "FZ-A", year: 2025, criterion: $c, reason: $reason) { version } }""",
                        vars("c", pick(r, "1.2.2", text(r)), "reason", text(r))},
                r -> new Object[]{admin.as("survey-fz", "SURVEY"), """
                        mutation($p: Decimal!) { recordSurveyScore(input: {unit: "FZ-A", year: 2025, criterion: "2.1", points: $p}) { version } }""",
                        vars("p", number(r))},
                // A score sheet whose cells are the generated texts and numbers (quotes, commas and line breaks in them
                // reshape the CSV itself).
                r -> new Object[]{assessor, """
                        mutation($s: String!) { importScores(unit: "FZ-A", year: 2025, kind: SELF_ASSESSMENT, format: CSV,
                          content: $s) { recorded } }""",
                        vars("s", "code,points,document,explanation\n" + pick(r, "1.1", "1.2.1", text(r)) + "," + number(r)
                                + "," + text(r) + "," + text(r) + "\n")});
        int accepted = 0;
        for (int i = 0; i < TRIES; i++) {
            Object[] request = mutations.get(random.nextInt(mutations.size())).apply(random);
            long before = events();
            JsonNode answer = ((GraphQlClient) request[0]).execute((String) request[1], castVariables(request[2]));
            if (answer.has("errors")) {
                JsonNode error = answer.at("/errors/0");
                assertThat(CODES).as("seed " + seed + ", a stable code: " + error + " for " + request[2]).contains(error.at("/extensions/code").asString());
                assertThat(events()).as("refused, so nothing recorded: " + request[2]).isEqualTo(before);
            } else {
                accepted++;
                if (answer.at("/data/importScores/recorded").isBoolean() && !answer.at("/data/importScores/recorded").asBoolean()) {
                    assertThat(events()).as("a sheet with a bad row records nothing: " + request[2]).isEqualTo(before);
                }
            }
        }
        assertThat(accepted).as("some requests are acceptable").isPositive();
        // Every projection catches up (lag 0) without parking anything: what the edge accepts, the projections can apply.
        GraphQlClient inspector = admin.as("inspector-fz", "INSPECTOR");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JsonNode status : inspector.data("{ projectionStatus { projection lag parkedEvents failing } }", Map.of())
                    .get("projectionStatus")) {
                assertThat(status.get("lag").asLong()).as(status.toString()).isZero();
                assertThat(status.get("parkedEvents").asLong()).as(status.toString()).isZero();
                assertThat(status.get("failing").asBoolean()).as(status.toString()).isFalse();
            }
        });
        JsonNode comparison = inspector.data("{ compareReadModel { identical message } }", Map.of())
                .get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castVariables(Object variables) {
        return (Map<String, Object>) variables;
    }

    private static Map<String, Object> vars(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
