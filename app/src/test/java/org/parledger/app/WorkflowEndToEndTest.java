package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/** One unit-year through self-assessment, appraisal, a deduction and verification, checked at each step. */
@LedgerIntegrationTest
class WorkflowEndToEndTest {
    private static final String QUERY = """
            query($asOf: DateTime) { assessment(unit: "WF-A", year: 2025, asOf: $asOf) {
              stage selfAssessedPoints appraisedPoints surveyPoints deductions attainableMaximum appraisedIndex } }""";
    @LocalServerPort
    int port;

    @Test
    void aUnitYearTravelsFromSelfAssessmentToVerification() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", "WF-A", "name", "Tỉnh Quy Trình"));
        GraphQlClient council = admin.as("council-1", "COUNCIL");

        Scoring.score(admin, "WF-A", 2025, "IT-SET", Map.of("1.1", "4", "1.2.1", "3", "1.2.2", "4"), "7", null);
        awaitFigures(admin, "APPRAISAL 18 18 7 0 20 90");

        JsonNode early = council.error("mutation { verifyAssessment(unit: \"WF-B\", year: 2025) { stream } }", Map.of());
        assertThat(early.at("/extensions/code").asString()).isEqualTo("NOT_FOUND");

        council.data("""
                mutation { recordDeduction(unit: "WF-A", year: 2025, points: 1.5, reason: "Chậm gửi báo cáo") { version } }""",
                Map.of());
        awaitFigures(admin, "APPRAISAL 18 16.5 7 1.5 20 82.5");

        JsonNode verified = council.data("mutation { verifyAssessment(unit: \"WF-A\", year: 2025) { stream version } }",
                Map.of()).get("verifyAssessment");
        assertThat(verified.get("stream").asString()).isEqualTo("assessment:WF-A:2025");
        awaitFigures(admin, "VERIFIED 18 16.5 7 1.5 20 82.5");

        JsonNode frozen = admin.as("appraiser-snv", "APPRAISER", "SNV").error(APPRAISE,
                Map.of("unit", "WF-A", "year", 2025, "criterion", "1.1", "points", "5", "reason", "sửa"));
        assertThat(frozen.at("/extensions/code").asString()).isEqualTo("WRONG_STAGE");

        assertThat(figures(admin, Instant.now().toString())).isEqualTo(figures(admin, null));
    }

    private static void awaitFigures(GraphQlClient graphql, String expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(figures(graphql, null)).isEqualTo(expected));
    }

    private static String figures(GraphQlClient graphql, String asOf) {
        Map<String, Object> variables = new java.util.HashMap<>();
        if (asOf != null) variables.put("asOf", asOf);
        JsonNode a = graphql.data(QUERY, variables).get("assessment");
        if (a.isNull()) return "not projected yet";
        return a.get("stage").asString() + " " + plain(a, "selfAssessedPoints") + " " + plain(a, "appraisedPoints") + " "
                + plain(a, "surveyPoints") + " " + plain(a, "deductions") + " " + plain(a, "attainableMaximum") + " "
                + plain(a, "appraisedIndex");
    }

    private static String plain(JsonNode node, String field) {
        return node.get(field).decimalValue().stripTrailingZeros().toPlainString();
    }
}
