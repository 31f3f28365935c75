package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * What a hostile or careless client sends, case by case, each over GraphQL on HTTP: a typed refusal with its code
 * and field, in a short answer, and nothing recorded; or, for a batch, exactly what was recorded and what was not.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest {
    private static final String UNIT = "HI-A";
    private static final int YEAR = 2025;
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GraphQlClient admin;
    GraphQlClient assessor;

    @BeforeAll
    void openAnAssessment() {
        admin = GraphQlClient.admin(port);
        assessor = admin.assessorOf(UNIT);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh Thù Địch"));
        admin.data(OPEN, Map.of("unit", UNIT, "year", YEAR));
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    /** One error with this code (and field, when given), answered without recording anything. */
    private JsonNode refused(GraphQlClient client, String document, Map<String, Object> variables, String code, String field) {
        long before = events();
        // How fast these answers come is measured in docs/measurements.md, not asserted here.
        HttpResponse<String> response = client.send(document, variables);
        assertThat(response.body().length()).as("a short answer").isLessThan(4_000);
        JsonNode error = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).as(response.body()).isEqualTo(code);
        if (field != null) assertThat(error.at("/extensions/field").asString()).as(response.body()).isEqualTo(field);
        assertThat(events()).isEqualTo(before);
        return error;
    }

    private static Map<String, Object> selfScore(String criterion, Object points, String documentNumber) {
        Map<String, Object> variables = new HashMap<>(Map.of("unit", UNIT, "year", YEAR, "criterion", criterion, "points", points));
        variables.put("doc", documentNumber);
        return variables;
    }

    private static final String SELF_SCORE_DOC = """
            mutation($unit: ID!, $year: Int!, $criterion: String!, $points: Decimal!, $doc: String!, $explanation: String) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: $doc}, explanation: $explanation}) { stream version } }""";

    @Test
    void aNulOrAnotherInvisibleCharacterIsRefusedWhereverItIs() {
        refused(assessor, SELF_SCORE_DOC, selfScore("1.1", "4", "12/KH\u0000"), "INVALID_ARGUMENT", "input.evidence.documentNumber");
        refused(assessor, SELF_SCORE_DOC, selfScore("1.1", "4", "12/KH\u200B"), "INVALID_ARGUMENT", "input.evidence.documentNumber");
        // An unpaired surrogate cannot travel as UTF-8; written as an escape in the document, it is refused all the same.
        refused(assessor, "mutation { recordSelfScore(input: {unit: \"" + UNIT + "\", year: " + YEAR + ", criterion: \"1.1\", points: 4, "
                + "evidence: {documentNumber: \"12/KH\\uD800\"}}) { version } }", Map.of(), "INVALID_ARGUMENT", null);
        refused(admin, REGISTER_UNIT, Map.of("code", "HI-NUL", "name", "Tỉnh\u0000Độc"), "INVALID_ARGUMENT", "input.name");
        // Escaped inside the document, the NUL reaches the command model, which refuses it too.
        JsonNode title = refused(admin, DEFINE_INDEX_SET, Map.of("document", indexSet("HI-NUL").replace(
                "title: \"Bộ chỉ số kiểm thử\"", "title: \"Bộ chỉ số\\0 kiểm thử\"")), "INVALID_ARGUMENT", null);
        assertThat(title.at("/extensions/field").asString()).contains("title");
        Map<String, Object> explanation = selfScore("1.1", "4", "12/KH");
        explanation.put("explanation", "Dòng một\nDòng hai\tcó tab");
        assertThat(assessor.data(SELF_SCORE_DOC, explanation).at("/recordSelfScore/version").isNumber())
                .as("line breaks and tabs are text in an explanation").isTrue();
    }

    @Test
    void textsAreBoundedAndNormalised() {
        refused(assessor, SELF_SCORE_DOC, selfScore("1.1", "4", "x".repeat(101)), "INVALID_ARGUMENT", "input.evidence.documentNumber");
        Map<String, Object> huge = selfScore("1.1", "4", "12/KH");
        huge.put("explanation", "Giải trình ".repeat(20_000));
        refused(assessor, SELF_SCORE_DOC, huge, "INVALID_ARGUMENT", "input.explanation");
        String decomposed = "Ha\u0300 No\u0323\u0302i"; // "Hà Nội" written with combining marks
        admin.data(REGISTER_UNIT, Map.of("code", "HI-NFC", "name", "  " + decomposed + "  "));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                admin.data("{ unit(code: \"HI-NFC\") { name } }", Map.of()).at("/unit/name").asString()).isEqualTo("Hà Nội"));
    }

    @Test
    void numbersAreReadFromTheirTextWithinBounds() {
        for (Object points : List.of("1e2000000", "1e-100000000", "1e-1000000000", "0.٥", "4,5", "NaN", "Infinity", "-0x10",
                "10000000000")) {
            refused(assessor, SELF_SCORE_DOC, selfScore("1.1", points, "12/KH"), "INVALID_ARGUMENT", "points");
        }
        for (String literal : List.of("1e2000000", "1e-1000000000", "10000000000")) {
            refused(assessor, "mutation { recordSelfScore(input: {unit: \"" + UNIT + "\", year: " + YEAR + ", criterion: \"1.1\", points: "
                    + literal + ", evidence: {documentNumber: \"1\"}}) { version } }", Map.of(), "INVALID_ARGUMENT", null);
        }
        // As a JSON number, exact: 4.35 is 4.35.
        JsonNode exact = assessor.data(SELF_SCORE_DOC, selfScore("1.2.1", new java.math.BigDecimal("2.35"), "12/KH"));
        assertThat(exact.at("/recordSelfScore/version").isNumber()).isTrue();
        refused(assessor, SELF_SCORE_DOC, selfScore("1.2.1", new java.math.BigDecimal("1E+2000"), "12/KH"), "INVALID_ARGUMENT", "points");
    }

    @Test
    void deductionsAreBoundedByTheAttainableMaximum() {
        admin.data(REGISTER_UNIT, Map.of("code", "HI-D", "name", "Tỉnh Khấu Trừ"));
        Scoring.score(admin, "HI-D", YEAR, "IT-SET", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7", null);
        GraphQlClient council = admin.as("council-hi", "COUNCIL");
        String deduction = "mutation($p: Decimal!) { recordDeduction(unit: \"HI-D\", year: 2025, points: $p, reason: \"Chậm\") { version } }";
        refused(council, deduction, Map.of("p", "10000000000"), "INVALID_ARGUMENT", "p");
        refused(council, deduction, Map.of("p", "999999"), "POINTS_OUT_OF_RANGE", "points");
        refused(council, deduction, Map.of("p", "20.5"), "POINTS_OUT_OF_RANGE", "points");
        council.data(deduction, Map.of("p", "19"));
        refused(council, deduction, Map.of("p", "1.5"), "POINTS_OUT_OF_RANGE", "points");
    }

    @Test
    void yearsAndDatesAreWithinTheirWindow() {
        refused(admin, "{ rankings(year: -2147483648, level: PROVINCE) { entries { unitCode } } }", Map.of(), "INVALID_ARGUMENT", "year");
        refused(admin, "{ auditTrail(from: \"+1000000000-01-01T00:00:00Z\") { edges { cursor } } }", Map.of(), "INVALID_ARGUMENT", null);
        refused(admin, "mutation { scheduleRound(year: 2025, level: COMMUNE, selfAssessmentDeadline: \"+1000000000-01-01T00:00:00Z\") { stream } }",
                Map.of(), "INVALID_ARGUMENT", null);
        refused(admin, "mutation { registerUnit(input: {code: \"HI-DATE\", name: \"X\", level: PROVINCE, establishedOn: \"+999999999-12-31\"}) { stream } }",
                Map.of(), "INVALID_ARGUMENT", null);
        refused(admin, "mutation { scheduleRound(year: 1000000000, level: COMMUNE, selfAssessmentDeadline: \"2025-01-01T00:00:00Z\") { stream } }",
                Map.of(), "INVALID_ARGUMENT", "year");
    }

    @Test
    void manyAnswersRebuiltAsOfAnInstantCostTooMuchForOneRequest() {
        StringBuilder document = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            document.append(" r").append(i).append(": rankings(year: 2024, level: PROVINCE, asOf: \"2025-01-0").append(i % 9 + 1)
                    .append("T00:00:00Z\") { entries { unitCode } }");
        }
        refused(admin, document.append(" }").toString(), Map.of(), "QUERY_TOO_COMPLEX", null);
    }

    @Test
    void listsAreCapped() {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) results.add(Map.of("unit", "HI-" + i, "criterion", "2.1", "points", "1"));
        refused(admin.as("survey-hi", "SURVEY"), """
                mutation($results: [SurveyResultInput!]!) { recordSurveyResults(year: 2025, level: PROVINCE, results: $results) { stream } }""",
                Map.of("results", results), "INVALID_ARGUMENT", "results");
    }

    @Test
    void aBodyThatIsNotAGraphQlRequestIsABadRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String body : List.of("null", "[]", "\"query\"", "42")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).contains("INVALID_ARGUMENT").contains("\"field\":\"body\"");
        }
        HttpResponse<String> large = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"" + "x".repeat(2_000_000) + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("REQUEST_TOO_LARGE").contains("\"field\":\"body\"");
    }

    @Test
    void aRefusalIsOneLineInTheLog(CapturedOutput output) {
        int before = output.getOut().length();
        refused(admin, REGISTER_UNIT, Map.of("code", UNIT, "name", "Lần hai"), "ALREADY_EXISTS", null);
        refused(assessor, SELF_SCORE_DOC, selfScore("9.9", "1", "12/KH"), "UNKNOWN_CRITERION", "input.criterion");
        String logged = output.getOut().substring(before);
        assertThat(logged).doesNotContain("\tat org.").doesNotContain("Exception occurred");
        assertThat(logged.lines().filter(line -> line.contains("Refused RecordSelfScore")).count()).isEqualTo(1);
    }

    @Test
    void aMethodThatAPathDoesNotTakeIsRefusedWithoutALogLine(CapturedOutput output) throws Exception {
        // Spring's resolver logged a WARN line for each, which anyone could send thousands of a second; the client has its
        // typed refusal, and the request is counted in http.server.requests.
        int before = output.getOut().length();
        HttpClient http = HttpClient.newHttpClient();
        for (String method : List.of("POST", "DELETE", "PATCH")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            GraphQlClient.assertHttpRefusal(response, 405, "INVALID_ARGUMENT", null);
        }
        assertThat(output.getOut().substring(before)).doesNotContain("HttpRequestMethodNotSupportedException");
    }

    @Test
    void oneRequestIdWithOtherArgumentsIsAConflictNeverARecordedAnswer() throws Exception {
        admin.data(REGISTER_UNIT, Map.of("code", "HI-R", "name", "Tỉnh Trùng Lặp"));
        admin.data(OPEN, Map.of("unit", "HI-R", "year", YEAR));
        GraphQlClient unitAssessor = admin.assessorOf("HI-R");
        String document = """
                mutation($points: Decimal!) { recordSelfScore(requestId: "same-id-7", input: {unit: "HI-R", year: 2025, criterion: "1.1",
                  points: $points, evidence: {documentNumber: "12/KH"}}) { version } }""";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<JsonNode>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String points = String.valueOf(i % 50 / 10.0);
            answers.add(pool.submit((Callable<JsonNode>) () -> unitAssessor.execute(document, Map.of("points", points))));
        }
        List<String> recorded = new ArrayList<>();
        int conflicts = 0;
        for (int i = 0; i < answers.size(); i++) {
            JsonNode answer = answers.get(i).get();
            if (answer.has("errors")) {
                assertThat(answer.at("/errors/0/extensions/code").asString()).isEqualTo("CONFLICT");
                assertThat(answer.at("/errors/0/message").asString()).contains("first used").contains("other arguments");
                conflicts++;
            } else {
                recorded.add(String.valueOf(i % 50 / 10.0));
            }
        }
        pool.shutdown();
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'assessment:HI-R:2025'")
                .query(Long.class).single()).isEqualTo(2);
        String stored = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = "
                + "'assessment:HI-R:2025' AND sequencenumber = 1").query(String.class).single();
        assertThat(recorded).isNotEmpty().allSatisfy(points ->
                assertThat(stored).contains("\"points\":" + new java.math.BigDecimal(points).stripTrailingZeros().toPlainString()));
        assertThat(conflicts + recorded.size()).isEqualTo(100);
    }

    @Test
    void aRequestOfSeveralMutationsSaysWhichWereRecorded() {
        JsonNode answer = assessor.execute("""
                mutation { a: recordSelfScore(input: {unit: "HI-A", year: 2025, criterion: "1.1", points: 3, evidence: {documentNumber: "1"}}) { version }
                           b: recordSelfScore(input: {unit: "HI-A", year: 2025, criterion: "1.1", points: 99, evidence: {documentNumber: "1"}}) { version }
                           c: recordSelfScore(input: {unit: "HI-A", year: 2025, criterion: "1.2.1", points: 1, evidence: {documentNumber: "1"}}) { version } }""",
                Map.of());
        assertThat(answer.at("/data/a/version").isNumber()).isTrue();
        assertThat(answer.at("/data/b").isNull()).isTrue();
        assertThat(answer.at("/data/c/version").isNumber()).isTrue();
        assertThat(answer.get("errors")).hasSize(1);
        assertThat(answer.at("/errors/0/path/0").asString()).isEqualTo("b");
        assertThat(answer.at("/errors/0/extensions/code").asString()).isEqualTo("POINTS_OUT_OF_RANGE");
    }

    @Test
    void aBatchOfLeavesIsAllOrNothing() {
        admin.data(REGISTER_UNIT, Map.of("code", "HI-B", "name", "Tỉnh Một Lần"));
        admin.data(OPEN, Map.of("unit", "HI-B", "year", YEAR));
        GraphQlClient unitAssessor = admin.assessorOf("HI-B");
        String batch = """
                mutation($leaves: [SelfScoreInput!]!) { recordSelfScores(unit: "HI-B", year: 2025, leaves: $leaves) { version } }""";
        JsonNode refusal = refused(unitAssessor, batch, Map.of("leaves", List.of(
                Map.of("criterion", "1.1", "points", "5", "evidence", Map.of("documentNumber", "1")),
                Map.of("criterion", "1.2.1", "points", "3.5", "evidence", Map.of("documentNumber", "2")),
                Map.of("criterion", "1.2.2", "points", "4", "explanation", "Chưa có"))), "POINTS_OUT_OF_RANGE", "leaves[1].points");
        assertThat(refusal.at("/message").asString()).contains("1.2.1");
        refused(unitAssessor, batch, Map.of("leaves", List.of(
                Map.of("criterion", "1.1", "points", "5", "evidence", Map.of("documentNumber", "1")),
                Map.of("criterion", "1.1", "points", "4", "evidence", Map.of("documentNumber", "1")))), "INVALID_ARGUMENT", "leaves[1].criterion");
        JsonNode recorded = unitAssessor.data(batch, Map.of("leaves", List.of(
                Map.of("criterion", "1.1", "points", "5", "evidence", Map.of("documentNumber", "1")),
                Map.of("criterion", "1.2.1", "points", "3", "evidence", Map.of("documentNumber", "2")),
                Map.of("criterion", "1.2.2", "points", "4", "explanation", "Chưa có"))));
        assertThat(recorded.at("/recordSelfScores/version").asLong()).isEqualTo(3);
        unitAssessor.data(SUBMIT, Map.of("unit", "HI-B", "year", YEAR));
        JsonNode appraised = admin.as("appraiser-hi", "APPRAISER", "SNV").data("""
                mutation { recordAppraisedScores(unit: "HI-B", year: 2025, leaves: [{criterion: "1.1", points: 4, reason: "Thiếu"},
                  {criterion: "1.2.1", points: 3}, {criterion: "1.2.2", points: 4}]) { version } }""", Map.of());
        assertThat(appraised.at("/recordAppraisedScores/version").asLong()).isEqualTo(7);
    }
}
