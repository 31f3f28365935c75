package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A rule correction recomputes every figure under the corrected set exactly as a recomputation by hand
 * says it should, keeps points above a lowered maximum visible, and is kept in the set's history.
 */
@LedgerIntegrationTest
class RuleCorrectionEndToEndTest {
    private static final String SET = "IT-CORR";
    private static final int YEAR = 2026;
    @LocalServerPort
    int port;

    @Test
    void correctingMaximaRecomputesTheRanking() {
        GraphQlClient graphql = GraphQlClient.admin(port);
        graphql.data(DEFINE_INDEX_SET, Map.of("document", indexSet(SET)));
        // A: 5 + 1 + 2 appraised, survey 6 -> 14/20 = 70. B: 2 + 3 + 4, survey 4 -> 13/20 = 65.
        // C: 1.2.2 not applicable (attainable 16); 4 + 3, survey 5 -> 12/16 = 75.
        scored(graphql, "COR-A", Map.of("1.1", "5", "1.2.1", "1", "1.2.2", "2"), "6", null);
        scored(graphql, "COR-B", Map.of("1.1", "2", "1.2.1", "3", "1.2.2", "4"), "4", null);
        scored(graphql, "COR-C", Map.of("1.1", "4", "1.2.1", "3"), "5", "1.2.2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ranking(graphql)).containsExactly("1 COR-C 75 C", "2 COR-A 70 C", "3 COR-B 65 D"));
        Instant beforeCorrection = Instant.now();

        // 1.1: 5 -> 3, 1.2: 7 -> 9 (1.2.1: 3 -> 4, 1.2.2: 4 -> 5); field 1 still 12.
        graphql.as("admin-bnv", "ADMIN").data("""
                mutation { correctMaxima(indexSet: "IT-CORR", reason: "Sai sót điểm tối đa", reference: "Công văn 9/BNV",
                  corrections: [{code: "1.1", maximum: 3}, {code: "1.2", maximum: 9}, {code: "1.2.1", maximum: 4},
                                {code: "1.2.2", maximum: 5}]) { stream } }""", Map.of());

        // By hand: A: min(5, 3) + 1 + 2 + 6 = 12/20 = 60. B: 2 + 3 + 4 + 4 = 13/20 = 65.
        // C: attainable 20 - 5 = 15; min(4, 3) + 3 + 5 = 11/15 = 73.33...
        String c = new BigDecimal(1100).divide(new BigDecimal(15), MathContext.DECIMAL128).toPlainString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ranking(graphql)).containsExactly("1 COR-C " + c + " C", "2 COR-B 65 D", "3 COR-A 60 D"));

        graphql.as("admin-bnv", "ADMIN").data("""
                mutation { correctClassificationBands(indexSet: "IT-CORR", reason: "Áp dụng thang xếp loại của tỉnh",
                  reference: "Quyết định 10/QĐ-UBND", bands: [{name: "Tốt", minimumIndex: 70}, {name: "Khá", minimumIndex: 62},
                  {name: "Trung bình", minimumIndex: 0}]) { stream } }""", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ranking(graphql))
                .containsExactly("1 COR-C " + c + " Tốt", "2 COR-B 65 Khá", "3 COR-A 60 Trung bình"));

        // As of before the correction, rebuilt from the events: the figures as they were published then.
        assertThat(ranking(graphql, beforeCorrection)).containsExactly("1 COR-C 75 C", "2 COR-A 70 C", "3 COR-B 65 D");
        assertThat(ranking(graphql, Instant.now())).isEqualTo(ranking(graphql));
        JsonNode then = graphql.data(ASSESSMENT_AS_OF, Map.of("unit", "COR-A", "year", YEAR,
                "asOf", beforeCorrection.toString())).get("assessment");
        assertThat(leaf(then, "1.1").get("maximum").decimalValue()).isEqualByComparingTo("5");
        assertThat(leaf(then, "1.1").get("needsReappraisal").asBoolean()).isFalse();
        assertThat(then.get("appraisedIndex").decimalValue()).isEqualByComparingTo("70");
        assertThat(graphql.data(ASSESSMENT_AS_OF, Map.of("unit", "COR-A", "year", YEAR, "asOf", "2020-01-01T00:00:00Z"))
                .get("assessment").isNull()).isTrue();

        JsonNode a = graphql.data(ASSESSMENT, Map.of("unit", "COR-A", "year", YEAR)).get("assessment");
        JsonNode leaf = leaf(a, "1.1");
        assertThat(leaf.get("maximum").decimalValue()).isEqualByComparingTo("3");
        assertThat(leaf.get("selfAssessed").decimalValue()).isEqualByComparingTo("5");
        assertThat(leaf.get("appraised").decimalValue()).isEqualByComparingTo("5");
        assertThat(leaf.get("needsReappraisal").asBoolean()).isTrue();
        assertThat(leaf(a, "1.2.1").get("needsReappraisal").asBoolean()).isFalse();
        assertThat(a.get("appraisedPoints").decimalValue()).isEqualByComparingTo("12");
        JsonNode cLeaf = leaf(graphql.data(ASSESSMENT, Map.of("unit", "COR-C", "year", YEAR)).get("assessment"), "1.2.2");
        assertThat(cLeaf.get("notApplicable").asBoolean()).isTrue();

        JsonNode set = graphql.data("""
                { indexSet(code: "IT-CORR") { code rules { fields { code maximum children { code maximum } } }
                  corrections { number kind node previous corrected reason reference actor { userId role } } } }""",
                Map.of()).get("indexSet");
        assertThat(set.at("/rules/fields/0/children/0/maximum").decimalValue()).isEqualByComparingTo("3");
        List<String> history = new ArrayList<>();
        set.get("corrections").forEach(k -> history.add(k.get("number").asInt() + " " + k.get("kind").asString() + " "
                + k.get("node").asString() + " " + k.get("previous").asString() + "->" + k.get("corrected").asString()
                + " " + k.get("reference").asString() + " " + k.at("/actor/userId").asString()));
        assertThat(history).hasSize(5).startsWith(
                "1 MAXIMUM 1.1 5->3 Công văn 9/BNV admin-bnv", "2 MAXIMUM 1.2 7->9 Công văn 9/BNV admin-bnv",
                "3 MAXIMUM 1.2.1 3->4 Công văn 9/BNV admin-bnv", "4 MAXIMUM 1.2.2 4->5 Công văn 9/BNV admin-bnv");
        assertThat(history.get(4)).startsWith("5 CLASSIFICATION_BANDS");
    }

    private static JsonNode leaf(JsonNode assessment, String code) {
        for (JsonNode leaf : assessment.get("leaves")) if (leaf.get("code").asString().equals(code)) return leaf;
        throw new AssertionError("no leaf " + code + " in " + assessment);
    }

    private void scored(GraphQlClient graphql, String unit, Map<String, String> points, String survey, String notApplicable) {
        graphql.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
        Scoring.score(graphql, unit, YEAR, SET, points, survey, notApplicable);
    }

    private static List<String> ranking(GraphQlClient graphql) {
        return ranking(graphql, null);
    }

    private static List<String> ranking(GraphQlClient graphql, Instant asOf) {
        List<String> rows = new ArrayList<>();
        Map<String, Object> variables = new HashMap<>(Map.of("year", YEAR, "stage", "APPRAISED"));
        if (asOf != null) variables.put("asOf", asOf.toString());
        graphql.data(RANKINGS, variables).at("/rankings/entries").forEach(e -> {
            rows.add(e.get("rank").asInt() + " " + e.get("unitCode").asString() + " "
                    + e.get("index").decimalValue().toPlainString() + " " + e.get("classification").asString());
        });
        return rows;
    }
}
