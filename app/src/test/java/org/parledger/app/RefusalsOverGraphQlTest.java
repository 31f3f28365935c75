package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/** Every refused command reaches the client as a typed error naming the argument, and records nothing. */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalsOverGraphQlTest {
    private static final int YEAR = 2025;
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GraphQlClient graphql;
    GraphQlClient assessor;

    @BeforeAll
    void openAnAssessment() {
        graphql = GraphQlClient.admin(port);
        assessor = graphql.assessorOf("REF-A");
        IndexSetFixture.defineOnce(graphql);
        graphql.data(REGISTER_UNIT, Map.of("code", "REF-A", "name", "Tỉnh Từ Chối"));
        graphql.data(OPEN, Map.of("unit", "REF-A", "year", YEAR));
    }

    @Test
    void pointsAboveTheMaximum() {
        refused(assessor, SELF_SCORE, vars("criterion", "1.1", "points", "5.25"), "POINTS_OUT_OF_RANGE", "input.points");
    }

    @Test
    void pointsWithThreeDecimals() {
        refused(assessor, SELF_SCORE, vars("criterion", "1.1", "points", "1.125"), "INVALID_POINTS", "input.points");
    }

    @Test
    void anUnknownCriterion() {
        refused(assessor, SELF_SCORE, vars("criterion", "9.9", "points", "1"), "UNKNOWN_CRITERION", "input.criterion");
    }

    @Test
    void aSelfScoreOnASurveyCriterion() {
        refused(assessor, SELF_SCORE, vars("criterion", "2.1", "points", "1"), "SURVEY_SCORED_CRITERION", "input.criterion");
    }

    @Test
    void aSelfScoreWithoutEvidenceOrExplanation() {
        refused(assessor, """
                mutation { recordSelfScore(input: {unit: "REF-A", year: 2025, criterion: "1.1", points: 2}) { stream } }""",
                Map.of(), "EVIDENCE_REQUIRED", "input.evidence");
    }

    @Test
    void anAppraisalBeforeSubmission() {
        refused(graphql.as("appraiser-snv", "APPRAISER", "SNV"), APPRAISE,
                vars("criterion", "1.1", "points", "1", "reason", "thiếu"), "WRONG_STAGE", null);
    }

    @Test
    void scoringAnAssessmentThatWasNeverOpened() {
        refused(assessor, SELF_SCORE, Map.of("unit", "REF-A", "year", 2024, "criterion", "1.1", "points", "1"), "NOT_FOUND", null);
    }

    @Test
    void aSelfScoreByTheDefaultAdmin() {
        refused(SELF_SCORE, vars("criterion", "1.1", "points", "1"), "WRONG_ROLE", null);
    }

    @Test
    void aSelfScoreByAnAssessorOfAnotherUnit() {
        refused(graphql.assessorOf("E2E-A"), SELF_SCORE, vars("criterion", "1.1", "points", "1"), "WRONG_UNIT", null);
    }

    @Test
    void surveyResultsInBulkAreRecordedAllOrNone() {
        GraphQlClient survey = graphql.as("survey-team", "SURVEY");
        refused(survey, """
                mutation { recordSurveyResults(year: 2025, level: PROVINCE, results: [
                  {unit: "REF-A", criterion: "2.1", points: 5}, {unit: "NO-ASSESSMENT", criterion: "2.1", points: 5}]) { stream } }""",
                Map.of(), "NOT_FOUND", "results[1]");
        refused(survey, """
                mutation { recordSurveyResults(year: 2025, level: PROVINCE, results: [
                  {unit: "REF-A", criterion: "2.1", points: 5}, {unit: "REF-A", criterion: "1.1", points: 1}]) { stream } }""",
                Map.of(), "EVIDENCE_SCORED_CRITERION", "results[1].criterion");
        refused(survey, """
                mutation { recordSurveyResults(year: 2025, level: DISTRICT, results: [
                  {unit: "REF-A", criterion: "2.1", points: 5}]) { stream } }""",
                Map.of(), "LEVEL_MISMATCH", "results[0]");
        // One unit's leaf given twice, with different points: refused, nothing recorded.
        refused(survey, """
                mutation { recordSurveyResults(year: 2025, level: PROVINCE, results: [
                  {unit: "REF-A", criterion: "2.1", points: 5}, {unit: "REF-A", criterion: "2.1", points: 1}]) { stream } }""",
                Map.of(), "INVALID_ARGUMENT", "results[1].criterion");
    }

    @Test
    void selfAssessmentAfterTheRoundsDeadline() {
        graphql.data("mutation { scheduleRound(year: 2025, level: MINISTRY, selfAssessmentDeadline: \"2025-01-01T00:00:00Z\") { stream } }",
                Map.of());
        graphql.data("mutation { registerUnit(input: {code: \"REF-M\", name: \"Bộ Thử\", level: MINISTRY}) { stream } }", Map.of());
        graphql.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-MIN").replace("level: PROVINCE", "level: MINISTRY")));
        graphql.data(OPEN_UNDER, Map.of("unit", "REF-M", "year", 2025, "set", "IT-MIN"));
        refused(graphql.assessorOf("REF-M"), SELF_SCORE, Map.of("unit", "REF-M", "year", 2025, "criterion", "1.1", "points", "1"),
                "DEADLINE_PASSED", null);
    }

    @Test
    void aQueryTooDeepIsRefusedBeforeItRuns() {
        String nested = "code";
        for (int i = 0; i < 14; i++) nested = "children { " + nested + " }";
        JsonNode error = graphql.error("{ indexSet(code: \"IT-SET\") { rules { fields { " + nested + " } } } }", Map.of());
        assertThat(error.at("/extensions/code").asString()).as(error.toString()).isEqualTo("QUERY_TOO_DEEP");
    }

    @Test
    void aQueryTooLargeIsRefusedBeforeItRuns() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 250; i++) {
            query.append(" r").append(i).append(": rankings(year: 2024, level: PROVINCE) { entries { rank unitCode unitName index points attainableMaximum indexSet classification } }");
        }
        JsonNode error = graphql.error(query.append(" }").toString(), Map.of());
        assertThat(error.at("/extensions/code").asString()).isEqualTo("QUERY_TOO_COMPLEX");
    }

    @Test
    void openingForAnUnknownUnit() {
        refused(OPEN, Map.of("unit", "NO-SUCH-UNIT", "year", YEAR), "UNKNOWN_UNIT", "unit");
    }

    @Test
    void openingTwice() {
        refused(OPEN, Map.of("unit", "REF-A", "year", YEAR), "ALREADY_EXISTS", null);
    }

    @Test
    void registeringAUnitTwice() {
        refused(REGISTER_UNIT, Map.of("code", "REF-A", "name", "Lần hai"), "ALREADY_EXISTS", null);
    }

    @Test
    void aMalformedUnitCode() {
        refused(assessor, SELF_SCORE, Map.of("unit", "bad code!", "year", YEAR, "criterion", "1.1", "points", "1"),
                "INVALID_ARGUMENT", "input.unit");
    }

    @Test
    void anIndexSetWhoseMaximaDoNotAddUp() {
        refused(DEFINE_INDEX_SET, Map.of("document", INDEX_SET.replace("IT-SET", "IT-BROKEN").replace("maximum: 5", "maximum: 6")),
                "INVALID_INDEX_SET", "1");
    }

    private static Map<String, Object> vars(Object... keyValues) {
        Map<String, Object> variables = new HashMap<>(Map.of("unit", "REF-A", "year", YEAR));
        for (int i = 0; i < keyValues.length; i += 2) variables.put((String) keyValues[i], keyValues[i + 1]);
        return variables;
    }

    private void refused(String document, Map<String, Object> variables, String code, String field) {
        refused(graphql, document, variables, code, field);
    }

    private void refused(GraphQlClient client, String document, Map<String, Object> variables, String code, String field) {
        long eventsBefore = eventCount();
        JsonNode error = client.error(document, variables);
        assertThat(error.at("/extensions/code").asString()).as("code of %s", error).isEqualTo(code);
        if (field == null) {
            assertThat(error.at("/extensions/field").isMissingNode()).as("no field in %s", error).isTrue();
        } else {
            assertThat(error.at("/extensions/field").asString()).as("field of %s", error).isEqualTo(field);
        }
        assertThat(error.get("message").asString()).isNotBlank().doesNotContain("INTERNAL_ERROR");
        assertThat(eventCount()).as("events recorded by a refused command").isEqualTo(eventsBefore);
    }

    private long eventCount() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }
}
