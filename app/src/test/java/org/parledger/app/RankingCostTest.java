package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A ranking with per-field ranks costs the same small number of SQL statements for 2 units as for 8 when it
 * is computed, and none while its years' figures have not changed since; a level's units with their names,
 * regions and lineage cost a fixed number too.
 */
@LedgerIntegrationTest
class RankingCostTest {
    private static final String RANKING = """
            query($year: Int!) { rankings(year: $year, level: MINISTRY) { entries { rank unitCode unitName index
              classification change { rankChange } fields { code index rank } } } }""";
    @LocalServerPort
    int port;

    @Test
    void theNumberOfStatementsDoesNotGrowWithTheNumberOfUnits() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-COST").replace("level: PROVINCE", "level: MINISTRY")
                .replace("fromYear: 2024", "fromYear: 2027").replace("toYear: 2026", "toYear: 2028")));
        for (int i = 1; i <= 8; i++) {
            String unit = "COST-" + i;
            admin.data("mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: MINISTRY}) { stream } }",
                    Map.of("code", unit, "name", "Bộ " + i));
            if (i <= 2) Scoring.score(admin, unit, 2027, "IT-COST", Map.of("1.1", String.valueOf(i)), "5", null);
            Scoring.score(admin, unit, 2028, "IT-COST", Map.of("1.1", String.valueOf(i % 5)), "6", null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                admin.data(RANKING, Map.of("year", 2028)).at("/rankings/entries").size() == 8);

        changeTheReadModel(admin, "COST-X");
        List<String> small = computed(admin, 2027);
        changeTheReadModel(admin, "COST-Y");
        List<String> large = computed(admin, 2028);
        assertThat(admin.data(RANKING, Map.of("year", 2027)).at("/rankings/entries").size()).isEqualTo(2);
        assertThat(large).as("statements for 8 units: %s", large).hasSameSizeAs(small).hasSizeLessThanOrEqualTo(10);
        assertThat(statementsFor(admin, 2028)).as("the same ranking again, nothing changed").isEmpty();

        // A change to 2028's figures renews 2028's entries; 2027's, which it is compared with, are reused.
        admin.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, Map.of("unit", "COST-3", "year", 2028,
                "criterion", "1.1", "points", "1", "reason", "Xem xét lại"));
        List<String> renewed = computed(admin, 2028);
        assertThat(renewed).as("statements after a change to 2028: %s", renewed)
                .filteredOn(sql -> sql.startsWith("SELECT a.unit_code") || sql.startsWith("SELECT s.unit_code")).hasSize(2);
        JsonNode entries = admin.data("{ rankings(year: 2028, level: MINISTRY) { entries { unitCode points } } }", Map.of())
                .at("/rankings/entries");
        List<String> cost3 = new java.util.ArrayList<>();
        entries.forEach(e -> {
            if (e.get("unitCode").asString().equals("COST-3")) cost3.add(e.get("points").decimalValue().toPlainString());
        });
        assertThat(cost3).as("1 appraised + 6 survey").containsExactly("7");
        assertThat(statementsFor(admin, 2027)).as("2027 and 2026 did not change").isEmpty();
    }

    @Test
    void aLevelsUnitsWithTheirNamesRegionsAndLineageAreReadInAFixedNumberOfStatements() {
        GraphQlClient admin = GraphQlClient.admin(port);
        for (int i = 1; i <= 3; i++) {
            admin.data("mutation($code: ID!) { registerUnit(input: {code: $code, name: \"Bộ đếm\", level: MINISTRY}) { stream } }",
                    Map.of("code", "UNITS-" + i));
        }
        String units = "{ units(level: MINISTRY) { code names { name } regions { region } predecessors { code } successors { code } } }";
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data(units, Map.of()).get("units").toString().contains("UNITS-3"));

        ConnectionWatch.reset();
        int listed = admin.data(units, Map.of()).get("units").size();
        List<String> statements = ConnectionWatch.statements();
        assertThat(listed).isGreaterThanOrEqualTo(3);
        assertThat(statements).as("statements for %d units: %s", listed, statements).hasSize(5);
    }

    /** Records an event and waits until the read model has taken it in, so that rankings are computed afresh. */
    private static void changeTheReadModel(GraphQlClient admin, String unit) {
        admin.data("mutation($code: ID!) { registerUnit(input: {code: $code, name: \"Bộ phụ\", level: MINISTRY}) { stream } }",
                Map.of("code", unit));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !admin.data("query($code: ID!) { unit(code: $code) { code } }", Map.of("code", unit)).get("unit").isNull());
    }

    /** The statements of a request that computed the ranking (the read model's commit may lag its data by a hair). */
    private static List<String> computed(GraphQlClient graphql, int year) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> statementsFor(graphql, year), s -> !s.isEmpty());
    }

    private static List<String> statementsFor(GraphQlClient graphql, int year) {
        ConnectionWatch.reset();
        graphql.data(RANKING, Map.of("year", year));
        return ConnectionWatch.statements();
    }
}
