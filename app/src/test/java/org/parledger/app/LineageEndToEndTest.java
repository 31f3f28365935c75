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
 * Districts merge and are renamed; old figures stay with the units that earned them, a year's ranking holds
 * the units that existed at its end, and a merged unit is compared with its predecessors, flagged as such.
 */
@LedgerIntegrationTest
class LineageEndToEndTest {
    private static final String SET = "IT-LIN";
    @LocalServerPort
    int port;

    @Test
    void aMergedUnitIsComparedWithItsPredecessors() {
        GraphQlClient graphql = GraphQlClient.admin(port);
        graphql.data(DEFINE_INDEX_SET, Map.of("document", indexSet(SET).replace("level: PROVINCE", "level: DISTRICT")));
        for (String unit : List.of("LIN-A", "LIN-B", "LIN-C")) {
            graphql.data(REGISTER_DISTRICT, Map.of("code", unit, "name", "Huyện " + unit.substring(4)));
        }
        // 2024: A 12 + 8 = 100 %, C 8 + 6 = 70 %, B 1 + 3 = 20 %.
        Scoring.score(graphql, "LIN-A", 2024, SET, Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8", null);
        Scoring.score(graphql, "LIN-B", 2024, SET, Map.of("1.1", "1"), "3", null);
        Scoring.score(graphql, "LIN-C", 2024, SET, Map.of("1.1", "5", "1.2.1", "3"), "6", null);

        graphql.data("""
                mutation { reorganiseUnits(input: {decision: "5/NQ-TEST", effectiveOn: "2025-07-01",
                  mergers: [{successor: "LIN-A", predecessors: ["LIN-B"]}],
                  renamings: [{unit: "LIN-C", name: "Huyện C mới"}]}) { stream } }""", Map.of());

        JsonNode refused = graphql.error(OPEN_UNDER, Map.of("unit", "LIN-B", "year", 2025, "set", SET));
        assertThat(refused.at("/extensions/code").asString()).isEqualTo("UNIT_NOT_IN_EXISTENCE");
        assertThat(refused.at("/extensions/field").asString()).isEqualTo("year");

        // 2025: A 10 + 6 = 80 %, C 12 + 8 = 100 %.
        Scoring.score(graphql, "LIN-A", 2025, SET, Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "2"), "6", null);
        Scoring.score(graphql, "LIN-C", 2025, SET, Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(graphql, 2025)).containsExactly(
                "1 LIN-C Huyện C mới 100 | 2024 SAME_UNIT [LIN-C] 70 rank 2 +30 moved 1",
                "2 LIN-A Huyện A 80 | 2024 PREDECESSORS [LIN-A, LIN-B] 60 rank - +20 moved -"));
        assertThat(rows(graphql, 2024)).containsExactly("1 LIN-A Huyện A 100 | -", "2 LIN-C Huyện C 70 | -",
                "3 LIN-B Huyện B 20 | -");
        // Rebuilt from the events as of now, the rankings are the live ones, lineage and names included.
        String now = Instant.now().toString();
        assertThat(rows(graphql, 2025, now)).isEqualTo(rows(graphql, 2025, null));
        assertThat(rows(graphql, 2024, now)).isEqualTo(rows(graphql, 2024, null));

        JsonNode merged = graphql.data("""
                { unit(code: "LIN-B") { name ceasedOn successors { code effectiveOn decision } } }""", Map.of()).get("unit");
        assertThat(merged.get("ceasedOn").asString()).isEqualTo("2025-07-01");
        assertThat(merged.at("/successors/0/code").asString()).isEqualTo("LIN-A");
        assertThat(merged.at("/successors/0/decision").asString()).isEqualTo("5/NQ-TEST");
        JsonNode successor = graphql.data("{ unit(code: \"LIN-A\") { predecessors { code name } } }", Map.of()).get("unit");
        assertThat(successor.at("/predecessors/0/code").asString()).isEqualTo("LIN-B");
        List<String> existing = new ArrayList<>();
        graphql.data("{ units(level: DISTRICT, year: 2025) { code } }", Map.of()).get("units")
                .forEach(u -> existing.add(u.get("code").asString()));
        assertThat(existing).containsExactly("LIN-A", "LIN-C");
    }

    private static List<String> rows(GraphQlClient graphql, int year) {
        return rows(graphql, year, null);
    }

    private static List<String> rows(GraphQlClient graphql, int year, String asOf) {
        List<String> rows = new ArrayList<>();
        Map<String, Object> variables = new HashMap<>(Map.of("year", year));
        if (asOf != null) variables.put("asOf", asOf);
        graphql.data(DISTRICT_RANKINGS, variables).at("/rankings/entries").forEach(e -> {
            JsonNode c = e.get("change");
            List<String> compared = new ArrayList<>();
            if (!c.isNull()) c.get("comparedWith").forEach(u -> compared.add(u.asString()));
            rows.add(e.get("rank").asInt() + " " + e.get("unitCode").asString() + " " + e.get("unitName").asString() + " "
                    + e.get("index").decimalValue().toPlainString() + " | " + (c.isNull() ? "-"
                    : c.get("previousYear").asInt() + " " + c.get("basis").asString() + " " + compared + " "
                    + c.get("previousIndex").decimalValue().toPlainString()
                    + " rank " + (c.get("previousRank").isNull() ? "-" : c.get("previousRank").asInt())
                    + " " + signed(c.get("indexChange")) + " moved "
                    + (c.get("rankChange").isNull() ? "-" : c.get("rankChange").asInt())));
        });
        return rows;
    }

    private static String signed(JsonNode number) {
        String plain = number.decimalValue().toPlainString();
        return number.decimalValue().signum() > 0 ? "+" + plain : plain;
    }
}
