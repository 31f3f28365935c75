package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * One department walked through all seven steps of the workflow over GraphQL: self-assessment, appraisal,
 * feedback round, survey, verification, publication and correction after publication, with the totals
 * checked after each.
 */
@LedgerIntegrationTest
class SevenStepsEndToEndTest {
    private static final String UNIT = "S7-A";
    private static final String FIGURES = """
            query($asOf: DateTime) { assessment(unit: "S7-A", year: 2025, asOf: $asOf) {
              stage selfAssessedPoints appraisedPoints appraisedIndex published { rank index }
              leaves { code contested } } }""";
    @LocalServerPort
    int port;

    @Test
    void aDepartmentTravelsFromSelfAssessmentToACorrectedFinalFigure() {
        GraphQlClient admin = GraphQlClient.admin(port);
        GraphQlClient assessor = admin.assessorOf(UNIT);
        GraphQlClient appraiser = admin.as("appraiser-snv", "APPRAISER", "SNV");
        GraphQlClient council = admin.as("council-1", "COUNCIL");
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-S7").replace("level: PROVINCE", "level: DEPARTMENT")));
        admin.data("mutation { registerUnit(input: {code: \"S7-A\", name: \"Sở Nội vụ tỉnh A\", level: DEPARTMENT}) { stream } }", Map.of());
        admin.data("mutation($at: DateTime!) { scheduleRound(year: 2025, level: DEPARTMENT, selfAssessmentDeadline: $at) { stream } }",
                Map.of("at", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        admin.data(OPEN_UNDER, Map.of("unit", UNIT, "year", 2025, "set", "IT-S7"));

        // 1. Self-assessment: 5 + 3 + 4 = 12.
        for (String[] leaf : new String[][]{{"1.1", "5"}, {"1.2.1", "3"}, {"1.2.2", "4"}}) {
            assessor.data(SELF_SCORE, Map.of("unit", UNIT, "year", 2025, "criterion", leaf[0], "points", leaf[1]));
        }
        assessor.data(SUBMIT, Map.of("unit", UNIT, "year", 2025));
        awaitFigures(admin, "APPRAISAL 12 0 0");

        // 2. Appraisal: 1.1 adjusted to 3: 3 + 3 + 4 = 10.
        appraiser.data(APPRAISE, Map.of("unit", UNIT, "year", 2025, "criterion", "1.1", "points", "3", "reason", "Thiếu báo cáo quý"));
        appraiser.data(APPRAISE, Map.of("unit", UNIT, "year", 2025, "criterion", "1.2.1", "points", "3"));
        appraiser.data(APPRAISE, Map.of("unit", UNIT, "year", 2025, "criterion", "1.2.2", "points", "4"));
        awaitFigures(admin, "APPRAISAL 12 10 50");

        // 3. Feedback round: the unit contests 1.1; the appraiser changes it to 4: 11.
        council.data("mutation { sendPreliminaryResults(unit: \"S7-A\", year: 2025) { stream } }", Map.of());
        assessor.data("mutation { contestAppraisal(unit: \"S7-A\", year: 2025, criterion: \"1.1\", explanation: \"Báo cáo quý IV gửi ngày 5/1\") { stream } }", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(contested(admin)).isTrue());
        JsonNode blocked = council.error("mutation { verifyAssessment(unit: \"S7-A\", year: 2025) { stream } }", Map.of());
        assertThat(blocked.at("/extensions/code").asString()).isEqualTo("NOT_READY_FOR_VERIFICATION");
        appraiser.data("mutation { decideContest(unit: \"S7-A\", year: 2025, criterion: \"1.1\", points: 4, reason: \"Chấp nhận giải trình\") { stream } }", Map.of());
        awaitFigures(admin, "FEEDBACK 12 11 55");
        assertThat(contested(admin)).isFalse();

        // 4. Survey, in bulk for the level: 7 points; self 12 + 7 = 19, appraised 11 + 7 = 18.
        admin.as("survey-team", "SURVEY").data("""
                mutation { recordSurveyResults(year: 2025, level: DEPARTMENT,
                  results: [{unit: "S7-A", criterion: "2.1", points: 7}]) { stream } }""", Map.of());
        awaitFigures(admin, "FEEDBACK 19 18 90");

        // 5. A deduction of 0.5, then verification: 17.5 of 20.
        council.data("mutation { recordDeduction(unit: \"S7-A\", year: 2025, points: 0.5, reason: \"Chậm báo cáo\") { stream } }", Map.of());
        council.data("mutation { verifyAssessment(unit: \"S7-A\", year: 2025) { stream } }", Map.of());
        awaitFigures(admin, "VERIFIED 19 17.5 87.5");

        // 6. Publication: rank 1 of 1 with 87.5.
        council.data("mutation { publishResults(year: 2025, level: DEPARTMENT, decision: \"QĐ 3/QĐ-UBND\", decidedOn: \"2026-04-01\") { stream } }", Map.of());
        awaitFigures(admin, "PUBLISHED 19 17.5 87.5 published 1 87.5");
        Instant asPublished = Instant.now();

        // 7. Correction after publication: survey 2.1 to 8: 18.5 of 20; the published figure stays.
        admin.data("""
                mutation { correctPublishedScore(unit: "S7-A", year: 2025, criterion: "2.1", points: 8,
                  reason: "Phúc tra số liệu khảo sát", reference: "CV 9/SNV") { stream } }""", Map.of());
        awaitFigures(admin, "PUBLISHED 20 18.5 92.5 published 1 87.5");
        assertThat(figures(admin, asPublished.toString())).isEqualTo("PUBLISHED 19 17.5 87.5 published 1 87.5");

        // The journey, station by station, with the changes that moved the total between them.
        List<String> journey = new ArrayList<>();
        admin.data("""
                { journey(unit: "S7-A", year: 2025) { steps { stage provisional points pointsChange
                    changes { kind criterion from to actor { userId } reason } } } }""", Map.of())
                .at("/journey/steps").forEach(step -> {
                    List<String> changes = new ArrayList<>();
                    step.get("changes").forEach(c -> changes.add(c.get("kind").asString() + " "
                            + (c.get("criterion").isNull() ? "-" : c.get("criterion").asString())
                            + " " + (c.get("from").isNull() ? "-" : plain(c.get("from"))) + "->" + plain(c.get("to"))
                            + " by " + c.at("/actor/userId").asString()));
                    journey.add(step.get("stage").asString() + (step.get("provisional").asBoolean() ? "?" : "") + " "
                            + plain(step.get("points")) + " "
                            + (step.get("pointsChange").isNull() ? "-" : plain(step.get("pointsChange"))) + " " + changes);
                });
        assertThat(journey).containsExactly(
                "SELF_ASSESSED 12 - [SELF_SCORE 1.1 -->5 by assessor-S7-A, SELF_SCORE 1.2.1 -->3 by assessor-S7-A, "
                        + "SELF_SCORE 1.2.2 -->4 by assessor-S7-A]",
                "APPRAISED 10 -2 [APPRAISAL 1.1 5->3 by appraiser-snv]",
                "AFTER_FEEDBACK 17.5 7.5 [CONTEST_CHANGED 1.1 3->4 by appraiser-snv, SURVEY 2.1 -->7 by survey-team, "
                        + "DEDUCTION - 0->0.5 by council-1]",
                "VERIFIED 17.5 0 []",
                "FINAL 17.5 0 []",
                "CORRECTED 18.5 1 [CORRECTION 2.1 7->8 by local-admin]");

        // As of publication, the journey ends at FINAL and the audit trail holds no correction yet.
        List<String> stations = new ArrayList<>();
        admin.data("query($at: DateTime) { journey(unit: \"S7-A\", year: 2025, asOf: $at) { steps { stage } } }",
                Map.of("at", asPublished.toString())).at("/journey/steps").forEach(st -> stations.add(st.get("stage").asString()));
        assertThat(stations).containsExactly("SELF_ASSESSED", "APPRAISED", "AFTER_FEEDBACK", "VERIFIED", "FINAL");
        List<String> kindsThen = new ArrayList<>();
        admin.data("query($at: DateTime) { auditTrail(unit: \"S7-A\", year: 2025, asOf: $at, first: 500) { edges { node { kind } } } }",
                Map.of("at", asPublished.toString())).at("/auditTrail/edges").forEach(e -> kindsThen.add(e.at("/node/kind").asString()));
        assertThat(kindsThen).contains("ASSESSMENT_PUBLISHED").doesNotContain("PUBLISHED_SCORE_CORRECTED");

        // The audit trail of one leaf, two entries a page.
        String trail = """
                query($after: String) { auditTrail(unit: "S7-A", year: 2025, criterion: "1.1", first: 2, after: $after) {
                  edges { node { kind oldValue newValue reason evidence actor { userId role } stream sequence eventId } }
                  pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }""";
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data(trail, new HashMap<>())
                .at("/auditTrail/pageInfo/hasNextPage").asBoolean());
        JsonNode first = admin.data(trail, new HashMap<>()).get("auditTrail");
        JsonNode second = admin.data(trail, Map.of("after", first.at("/pageInfo/endCursor").asString())).get("auditTrail");
        List<String> entries = new ArrayList<>();
        for (JsonNode page : List.of(first, second)) {
            page.get("edges").forEach(e -> {
                JsonNode n = e.get("node");
                entries.add(n.get("kind").asString() + " " + n.get("oldValue").asString() + "->" + n.get("newValue").asString()
                        + " | " + n.get("reason").asString() + " | " + n.get("evidence").asString() + " | "
                        + n.at("/actor/role").asString() + " | " + n.get("stream").asString());
                assertThat(n.get("eventId").asString()).isNotBlank();
            });
        }
        assertThat(second.at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(first.at("/pageInfo/hasPreviousPage").asBoolean()).isFalse();
        assertThat(second.at("/pageInfo/hasPreviousPage").asBoolean()).isTrue();
        assertThat(Long.parseLong(second.at("/pageInfo/startCursor").asString()))
                .isGreaterThan(Long.parseLong(first.at("/pageInfo/endCursor").asString()));
        assertThat(entries).containsExactly(
                "SELF_SCORE_RECORDED ->5 |  | 15/KH-UBND, trang 3 | ASSESSOR | assessment:S7-A:2025",
                "APPRAISED_SCORE_RECORDED 5->3 | Thiếu báo cáo quý |  | APPRAISER | assessment:S7-A:2025",
                "APPRAISAL_CONTESTED 3-> | Báo cáo quý IV gửi ngày 5/1 |  | ASSESSOR | assessment:S7-A:2025",
                "CONTEST_DECIDED 3->4 | Chấp nhận giải trình |  | APPRAISER | assessment:S7-A:2025");
        List<String> councilActs = new ArrayList<>();
        admin.data("{ auditTrail(unit: \"S7-A\", actor: \"council-1\") { edges { node { kind } } } }", Map.of())
                .at("/auditTrail/edges").forEach(e -> councilActs.add(e.at("/node/kind").asString()));
        assertThat(councilActs).containsExactly("PRELIMINARY_RESULTS_SENT", "DEDUCTION_RECORDED", "ASSESSMENT_VERIFIED",
                "ASSESSMENT_PUBLISHED");
        JsonNode badPage = admin.error("{ auditTrail(first: 501) { pageInfo { hasNextPage } } }", Map.of());
        assertThat(badPage.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(badPage.at("/extensions/field").asString()).isEqualTo("first");
    }

    private static boolean contested(GraphQlClient graphql) {
        for (JsonNode leaf : graphql.data(FIGURES, Map.of()).at("/assessment/leaves")) {
            if (leaf.get("code").asString().equals("1.1")) return leaf.get("contested").asBoolean();
        }
        throw new AssertionError("no leaf 1.1");
    }

    private static void awaitFigures(GraphQlClient graphql, String expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(figures(graphql, null)).isEqualTo(expected));
    }

    private static String figures(GraphQlClient graphql, String asOf) {
        Map<String, Object> variables = new HashMap<>();
        if (asOf != null) variables.put("asOf", asOf);
        JsonNode a = graphql.data(FIGURES, variables).get("assessment");
        if (a.isNull()) return "not projected yet";
        String figures = a.get("stage").asString() + " " + plain(a.get("selfAssessedPoints")) + " "
                + plain(a.get("appraisedPoints")) + " " + plain(a.get("appraisedIndex"));
        JsonNode published = a.get("published");
        return published.isNull() ? figures
                : figures + " published " + published.get("rank").asInt() + " " + plain(published.get("index"));
    }

    private static String plain(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }
}
