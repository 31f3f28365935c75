package org.parledger.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * One slice through everything: an index set, three provinces, self-assessed, appraised and survey points
 * recorded over GraphQL, projected, ranked and read back.
 */
@LedgerIntegrationTest
class ScoreTravelsEndToEndTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    GraphQlClient graphql;

    @BeforeEach
    void client() {
        graphql = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(graphql);
    }

    @Test
    void scoresAreRecordedProjectedRankedAndReadBack() {
        GraphQlClient appraiser = graphql.as("appraiser-e2e", "APPRAISER", "SNV");
        for (String[] unit : new String[][]{{"E2E-A", "Tỉnh A"}, {"E2E-B", "Tỉnh B"}, {"E2E-C", "Tỉnh C"}}) {
            graphql.data(REGISTER_UNIT, Map.of("code", unit[0], "name", unit[1]));
            assertThat(graphql.data(OPEN, Map.of("unit", unit[0], "year", 2024)).at("/openAssessment/stream").asString())
                    .isEqualTo("assessment:" + unit[0] + ":2024");
        }
        score(appraiser, "E2E-A", new String[]{"5", "3", "4"}, new String[]{"4", "3", "4"}, "7");
        score(appraiser, "E2E-B", new String[]{"4.5", "3", "3.5"}, new String[]{"4.5", "3", "3.5"}, "7");
        score(appraiser, "E2E-C", new String[]{"5", "3", "4"}, new String[]{"2", "2", "2"}, "6");

        // Appraised: A 11 + 7 = 18 (90 %), B 11 + 7 = 18 (90 %), C 6 + 6 = 12 (60 %): A and B share rank 1.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ranking("APPRAISED")).containsExactly(
                "1 E2E-A Tỉnh A 90 18 20 IT-SET", "1 E2E-B Tỉnh B 90 18 20 IT-SET", "3 E2E-C Tỉnh C 60 12 20 IT-SET"));
        // Self-assessed: A 12 + 7 = 19 (95 %), B 11 + 7 = 18, C 12 + 6 = 18: B and C share rank 2.
        assertThat(ranking("SELF_ASSESSED")).containsExactly(
                "1 E2E-A Tỉnh A 95 19 20 IT-SET", "2 E2E-B Tỉnh B 90 18 20 IT-SET", "2 E2E-C Tỉnh C 90 18 20 IT-SET");

        // Field 1 (12, evidence): A 11, B 11, C 6; field 2 (8, survey): A 7, B 7, C 6.
        List<String> fieldRanks = new ArrayList<>();
        graphql.data("{ rankings(year: 2024, level: PROVINCE) { entries { unitCode fields { code index rank } } } }", Map.of())
                .at("/rankings/entries").forEach(e -> e.get("fields").forEach(f -> fieldRanks.add(e.get("unitCode").asString()
                        + " " + f.get("code").asString() + " " + f.get("index").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP)
                        + " #" + f.get("rank").asInt())));
        assertThat(fieldRanks).containsExactly("E2E-A 1 91.67 #1", "E2E-A 2 87.50 #1", "E2E-B 1 91.67 #1",
                "E2E-B 2 87.50 #1", "E2E-C 1 50.00 #3", "E2E-C 2 75.00 #3");

        // Filters and order choose and arrange entries; the ranks stay those of the whole ranking. Pages follow cursors.
        JsonNode filtered = graphql.data("{ rankings(year: 2024, level: PROVINCE, classification: \"C\") { entries { rank unitCode } } }",
                Map.of()).at("/rankings/entries");
        assertThat(filtered.size()).isZero();
        JsonNode banded = graphql.data("{ rankings(year: 2024, level: PROVINCE, classification: \"A\") { entries { rank unitCode } } }",
                Map.of()).at("/rankings/entries");
        assertThat(banded.size()).isEqualTo(2);
        JsonNode byField = graphql.data("{ rankings(year: 2024, level: PROVINCE, orderByField: \"2\") { entries { unitCode } } }",
                Map.of()).at("/rankings/entries");
        assertThat(byField.get(2).get("unitCode").asString()).isEqualTo("E2E-C");
        String pageQuery = "query($after: String) { rankings(year: 2024, level: PROVINCE) { page(first: 2, after: $after) {"
                + " totalCount edges { cursor node { rank unitCode } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } } }";
        JsonNode page1 = graphql.data(pageQuery, new java.util.HashMap<>()).at("/rankings/page");
        JsonNode page2 = graphql.data(pageQuery, Map.of("after", page1.at("/pageInfo/endCursor").asString())).at("/rankings/page");
        assertThat(page1.get("totalCount").asInt()).isEqualTo(3);
        assertThat(page1.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(page1.at("/pageInfo/hasPreviousPage").asBoolean()).isFalse();
        assertThat(page1.at("/pageInfo/startCursor").asString()).isEqualTo(page1.at("/edges/0/cursor").asString());
        assertThat(page2.at("/pageInfo/hasPreviousPage").asBoolean()).isTrue();
        assertThat(page2.at("/pageInfo/startCursor").asString()).isEqualTo(page2.at("/pageInfo/endCursor").asString());
        assertThat(page1.at("/edges/0/node/unitCode").asString() + page1.at("/edges/1/node/unitCode").asString()
                + page2.at("/edges/0/node/unitCode").asString()).isEqualTo("E2E-AE2E-BE2E-C");
        assertThat(page2.at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(page2.at("/edges/0/node/rank").asInt()).isEqualTo(3);

        JsonNode a = graphql.data(ASSESSMENT, Map.of("unit", "E2E-A", "year", 2024)).get("assessment");
        assertThat(a.get("unitName").asString()).isEqualTo("Tỉnh A");
        assertThat(a.get("stage").asString()).isEqualTo("APPRAISAL");
        assertThat(a.get("selfAssessedPoints").decimalValue()).isEqualByComparingTo("19");
        assertThat(a.get("appraisedPoints").decimalValue()).isEqualByComparingTo("18");
        assertThat(a.get("surveyPoints").decimalValue()).isEqualByComparingTo("7");
        assertThat(a.get("attainableMaximum").decimalValue()).isEqualByComparingTo("20");
        assertThat(a.get("selfAssessedIndex").decimalValue()).isEqualByComparingTo("95");
        assertThat(a.get("appraisedIndex").decimalValue()).isEqualByComparingTo("90");
        List<String> fields = new ArrayList<>();
        a.get("fields").forEach(f -> fields.add(f.get("code").asString() + " " + f.get("maximum").decimalValue().toPlainString()
                + " " + f.get("selfAssessed").decimalValue().toPlainString() + " " + f.get("appraised").decimalValue().toPlainString()
                + " " + f.get("survey").decimalValue().toPlainString()));
        assertThat(fields).containsExactly("1 12 12 11 0", "2 8 0 0 7");

        assertThat(graphql.data(ASSESSMENT, Map.of("unit", "E2E-Z", "year", 2024)).get("assessment").isNull()).isTrue();
    }

    @Test
    void theActorComesFromTheRequestAndIsStoredWithTheEvent() {
        graphql.as("inspector-7", "ADMIN").data(REGISTER_UNIT, Map.of("code", "E2E-ACTOR", "name", "Tỉnh Người"));
        String payload = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?")
                .param("unit:E2E-ACTOR").query(String.class).single();
        assertThat(payload).contains("\"userId\":\"inspector-7\"").contains("\"role\":\"ADMIN\"");
    }

    private void score(GraphQlClient appraiser, String unit, String[] self, String[] appraised, String survey) {
        GraphQlClient assessor = graphql.assessorOf(unit);
        String[] leaves = {"1.1", "1.2.1", "1.2.2"};
        for (int i = 0; i < leaves.length; i++) {
            assessor.data(SELF_SCORE, Map.of("unit", unit, "year", 2024, "criterion", leaves[i], "points", self[i]));
        }
        assessor.data(SUBMIT, Map.of("unit", unit, "year", 2024));
        for (int i = 0; i < leaves.length; i++) {
            Map<String, Object> variables = new java.util.HashMap<>(Map.of("unit", unit, "year", 2024, "criterion", leaves[i],
                    "points", appraised[i]));
            if (!self[i].equals(appraised[i])) variables.put("reason", "Tài liệu kiểm chứng chưa đầy đủ");
            appraiser.data(APPRAISE, variables);
        }
        graphql.as("survey-team", "SURVEY").data(SURVEY, Map.of("unit", unit, "year", 2024, "criterion", "2.1", "points", survey));
    }

    private List<String> ranking(String stage) {
        List<String> rows = new ArrayList<>();
        graphql.data(RANKINGS, Map.of("year", 2024, "stage", stage)).at("/rankings/entries").forEach(e -> rows.add(
                e.get("rank").asInt() + " " + e.get("unitCode").asString() + " " + e.get("unitName").asString() + " "
                        + e.get("index").decimalValue().stripTrailingZeros().toPlainString() + " "
                        + e.get("points").decimalValue().stripTrailingZeros().toPlainString() + " "
                        + e.get("attainableMaximum").decimalValue().stripTrailingZeros().toPlainString() + " "
                        + e.get("indexSet").asString()));
        return rows;
    }
}
