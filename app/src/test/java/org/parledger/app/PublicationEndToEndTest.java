package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

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
 * Publication assigns official ranks once every assessment is verified; a correction after publication makes
 * a new current figure, keeps the published one, and shows the rank of every unit it displaces.
 */
@LedgerIntegrationTest
class PublicationEndToEndTest {
    private static final String SET = "IT-PUB";
    private static final String PUBLISH = """
            mutation { publishResults(year: 2025, level: COMMUNE, decision: "Quyết định 12/QĐ-BCĐ",
                                      decidedOn: "2026-03-15") { stream } }""";
    private static final String CORRECT = """
            mutation($criterion: String!, $points: Decimal!) {
              correctPublishedScore(unit: "P-C", year: 2025, criterion: $criterion, points: $points,
                reason: "Phúc tra phát hiện sai sót", reference: "Công văn 77/BNV-CCHC") { version } }""";
    private static final String FINAL = """
            query($asOf: DateTime) { rankings(year: 2025, level: COMMUNE, stage: FINAL, asOf: $asOf) {
              entries { rank unitCode index published { rank index decision } } } }""";
    @LocalServerPort
    int port;

    @Test
    void publicationRanksOnceAndACorrectionShowsWhomItDisplaces() {
        GraphQlClient admin = GraphQlClient.admin(port);
        GraphQlClient council = admin.as("council-1", "COUNCIL");
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet(SET).replace("level: PROVINCE", "level: COMMUNE")));
        for (String unit : List.of("P-A", "P-B", "P-C")) {
            admin.data("mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: COMMUNE}) { stream } }",
                    Map.of("code", unit, "name", "Xã " + unit));
        }
        Scoring.score(admin, "P-A", 2025, SET, Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "6", null);
        Scoring.score(admin, "P-B", 2025, SET, Map.of("1.1", "4", "1.2.1", "3", "1.2.2", "4"), "6", null);
        Scoring.score(admin, "P-C", 2025, SET, Map.of("1.1", "3", "1.2.1", "3", "1.2.2", "4"), "5", null);

        JsonNode early = council.error(PUBLISH, Map.of());
        assertThat(early.at("/extensions/code").asString()).isEqualTo("NOT_READY_FOR_PUBLICATION");
        assertThat(early.get("message").asString()).contains("P-A (APPRAISAL)", "P-B (APPRAISAL)", "P-C (APPRAISAL)");

        for (String unit : List.of("P-A", "P-B", "P-C")) {
            council.data("mutation($unit: ID!) { verifyAssessment(unit: $unit, year: 2025) { stream } }", Map.of("unit", unit));
        }
        assertThat(council.data(PUBLISH, Map.of()).at("/publishResults/stream").asString()).isEqualTo("publication:COMMUNE:2025");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(finalRanking(admin, null)).containsExactly(
                "1 P-A 90 published 1 90", "2 P-B 85 published 2 85", "3 P-C 75 published 3 75"));
        Instant published = Instant.now();

        assertThat(council.error(PUBLISH, Map.of()).at("/extensions/code").asString()).isEqualTo("ALREADY_EXISTS");
        assertThat(council.error(CORRECT, Map.of("criterion", "1.1", "points", "5")).at("/extensions/code").asString())
                .isEqualTo("WRONG_ROLE");
        JsonNode noReference = admin.error("""
                mutation { correctPublishedScore(unit: "P-C", year: 2025, criterion: "1.1", points: 5, reason: "x",
                  reference: " ") { version } }""", Map.of());
        assertThat(noReference.at("/extensions/code").asString()).isEqualTo("REFERENCE_REQUIRED");

        admin.data(CORRECT, Map.of("criterion", "1.1", "points", "5"));
        admin.data(CORRECT, Map.of("criterion", "2.1", "points", "7"));
        // P-C: 5 + 3 + 4 + survey 7 = 19 of 20 = 95: first; the two units it displaces each fall one place.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(finalRanking(admin, null)).containsExactly(
                "1 P-C 95 published 3 75", "2 P-A 90 published 1 90", "3 P-B 85 published 2 85"));
        assertThat(finalRanking(admin, published.toString())).containsExactly(
                "1 P-A 90 published 1 90", "2 P-B 85 published 2 85", "3 P-C 75 published 3 75");
        assertThat(finalRanking(admin, Instant.now().toString())).isEqualTo(finalRanking(admin, null));
    }

    private static List<String> finalRanking(GraphQlClient graphql, String asOf) {
        Map<String, Object> variables = new HashMap<>();
        if (asOf != null) variables.put("asOf", asOf);
        List<String> rows = new ArrayList<>();
        graphql.data(FINAL, variables).at("/rankings/entries").forEach(e -> rows.add(e.get("rank").asInt() + " "
                + e.get("unitCode").asString() + " " + e.get("index").decimalValue().toPlainString() + " published "
                + e.at("/published/rank").asInt() + " " + e.at("/published/index").decimalValue().toPlainString()));
        return rows;
    }
}
