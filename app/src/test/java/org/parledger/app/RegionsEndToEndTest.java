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
import static org.parledger.app.TestDocuments.OPEN;
import static org.parledger.app.TestDocuments.REGISTER_UNIT;

/**
 * Units are placed in regions over time; a ranking read per region holds the units that were in the region
 * at the end of the year, with their ranks in the whole ranking, and "as of" reads the regions recorded by then.
 */
@LedgerIntegrationTest
class RegionsEndToEndTest {
    private static final String ASSIGN = """
            mutation($unit: ID!, $region: String!, $from: Date, $reason: String!) {
              assignRegion(input: {unit: $unit, region: $region, effectiveOn: $from, reason: $reason}) { stream } }""";
    private static final String RANKING = """
            query($region: String, $asOf: DateTime) {
              rankings(year: 2025, level: PROVINCE, stage: SELF_ASSESSED, region: $region, asOf: $asOf) {
                entries { rank unitCode region regionRank } } }""";
    private static final String NORTH = "Vùng thử phía Bắc";
    private static final String SOUTH = "Vùng thử phía Nam";
    private static final String REASON = "Nghị quyết 81/2023/QH15";

    @LocalServerPort
    int port;

    @Test
    void aRankingIsReadPerRegionAsTheRegionsStoodAtTheEndOfTheYear() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        for (String unit : List.of("REG-A", "REG-B", "REG-C")) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN, Map.of("unit", unit, "year", 2025));
        }
        assign(admin, "REG-A", NORTH, null);
        assign(admin, "REG-B", NORTH, null);
        assign(admin, "REG-C", SOUTH, null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rows(admin, SOUTH, null)).extracting(r -> r.get(1)).containsExactly("REG-C"));
        String beforeTheMoves = Instant.now().toString();

        // B moves south during 2025; A only from 2026, so it ends 2025 in the north.
        assign(admin, "REG-B", SOUTH, "2025-06-01");
        assign(admin, "REG-A", SOUTH, "2026-01-01");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rows(admin, SOUTH, null)).extracting(r -> r.get(1)).containsExactlyInAnyOrder("REG-B", "REG-C"));
        assertThat(rows(admin, NORTH, null)).extracting(r -> r.get(1)).containsExactly("REG-A");
        assertThat(rows(admin, SOUTH, null)).extracting(r -> r.get(2)).containsOnly(SOUTH);

        JsonNode regions = admin.data("{ unit(code: \"REG-B\") { regions { region validFrom reason } } }", Map.of())
                .at("/unit/regions");
        assertThat(regions.toString()).isEqualTo("[{\"region\":\"" + NORTH + "\",\"validFrom\":null,\"reason\":\"" + REASON
                + "\"},{\"region\":\"" + SOUTH + "\",\"validFrom\":\"2025-06-01\",\"reason\":\"" + REASON + "\"}]");

        // Ranks stay those of the whole ranking.
        Map<String, String> national = new HashMap<>();
        rows(admin, null, null).forEach(r -> national.put(r.get(1), r.get(0)));
        rows(admin, SOUTH, null).forEach(r -> assertThat(r.get(0)).isEqualTo(national.get(r.get(1))));

        // Within the region, places by the same rule: the two southern units have no points yet, so they tie.
        assertThat(regionRanks(admin, SOUTH)).containsExactly("REG-B 1", "REG-C 1");

        // As the ledger stood before the moves were recorded, and rebuilt from the events as of now.
        assertThat(rows(admin, SOUTH, beforeTheMoves)).extracting(r -> r.get(1)).containsExactly("REG-C");
        assertThat(rows(admin, NORTH, beforeTheMoves)).extracting(r -> r.get(1)).containsExactlyInAnyOrder("REG-A", "REG-B");
        String now = Instant.now().toString();
        assertThat(rows(admin, SOUTH, now)).isEqualTo(rows(admin, SOUTH, null));
        assertThat(rows(admin, NORTH, now)).isEqualTo(rows(admin, NORTH, null));
    }

    @Test
    void placingAUnitInARegionIsForAdministratorsWithAReason() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(REGISTER_UNIT, Map.of("code", "REG-D", "name", "Tỉnh REG-D"));
        JsonNode wrongRole = admin.assessorOf("REG-D").error(ASSIGN,
                Map.of("unit", "REG-D", "region", NORTH, "reason", "Nghị quyết 81/2023/QH15"));
        assertThat(wrongRole.at("/extensions/code").asString()).isEqualTo("WRONG_ROLE");
        JsonNode noReason = admin.error(ASSIGN, Map.of("unit", "REG-D", "region", NORTH, "reason", " "));
        assertThat(noReason.at("/extensions/code").asString()).isEqualTo("REASON_REQUIRED");
        assertThat(noReason.at("/extensions/field").asString()).isEqualTo("input.reason");
        JsonNode unknown = admin.error(ASSIGN, Map.of("unit", "REG-NONE", "region", NORTH, "reason", "Nghị quyết"));
        assertThat(unknown.at("/extensions/code").asString()).isEqualTo("NOT_FOUND");
        assertThat(rows(admin, NORTH, null)).extracting(r -> r.get(1)).doesNotContain("REG-D");
    }

    private static List<String> regionRanks(GraphQlClient graphql, String region) {
        List<String> ranks = new ArrayList<>();
        graphql.data(RANKING, Map.of("region", region)).at("/rankings/entries").forEach(e ->
                ranks.add(e.get("unitCode").asString() + " " + e.get("regionRank").asInt()));
        return ranks;
    }

    private static void assign(GraphQlClient admin, String unit, String region, String from) {
        Map<String, Object> variables = new HashMap<>(Map.of("unit", unit, "region", region,
                "reason", REASON));
        if (from != null) variables.put("from", from);
        admin.data(ASSIGN, variables);
    }

    /** Rank, unit and region of each entry. */
    private static List<List<String>> rows(GraphQlClient graphql, String region, String asOf) {
        Map<String, Object> variables = new HashMap<>();
        if (region != null) variables.put("region", region);
        if (asOf != null) variables.put("asOf", asOf);
        List<List<String>> rows = new ArrayList<>();
        graphql.data(RANKING, variables).at("/rankings/entries").forEach(e -> rows.add(List.of(
                String.valueOf(e.get("rank").asInt()), e.get("unitCode").asString(),
                e.get("region").isNull() ? "-" : e.get("region").asString())));
        return rows;
    }
}
