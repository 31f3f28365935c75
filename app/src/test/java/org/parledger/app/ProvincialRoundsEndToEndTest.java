package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Provinces run their own rounds: each scores its districts (and communes, departments) under its own sets, its own
 * council verifies and publishes them by its own decision, and rankings within a province rank its units among
 * themselves. Units keep their history through mergers of communes and of provinces.
 */
@LedgerIntegrationTest
class ProvincialRoundsEndToEndTest {
    private static final String REGISTER_UNDER = """
            mutation($code: ID!, $name: String!, $level: Level!, $parent: ID!, $established: Date) {
              registerUnit(input: {code: $code, name: $name, level: $level, parent: $parent, establishedOn: $established}) { stream } }""";
    private static final String PUBLISH = """
            mutation($within: ID) { publishResults(year: 2025, level: DISTRICT, within: $within,
                                     decision: "Quyết định 120/QĐ-UBND", decidedOn: "2026-03-01") { stream } }""";
    private static final String RANKING_WITHIN = """
            query($year: Int!, $level: Level!, $within: ID, $stage: ScoreStage = APPRAISED, $asOf: DateTime) {
              rankings(year: $year, level: $level, within: $within, stage: $stage, asOf: $asOf) { within
                entries { rank unitCode index classification fields { code rank }
                          change { basis comparedWith previousIndex previousRank rankChange previousWithin } } } }""";
    /** Each district's appraised leaves and survey points: totals out of 20, so an index is the total × 5. */
    private static final Map<String, Map<String, String>> LEAVES = new LinkedHashMap<>();
    private static final Map<String, String> SURVEY = new LinkedHashMap<>();

    static {
        district("PR-QN-1", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "0"), "8");
        district("PR-QN-2", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8");
        district("PR-QN-3", Map.of("1.1", "2", "1.2.1", "0", "1.2.2", "0"), "6");
        district("PR-QN-4", Map.of("1.1", "4", "1.2.1", "3", "1.2.2", "1"), "8");
        district("PR-HN-1", Map.of("1.1", "5", "1.2.1", "0", "1.2.2", "0"), "8");
        district("PR-HN-2", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7");
        district("PR-HN-3", Map.of("1.1", "1", "1.2.1", "0", "1.2.2", "0"), "1");
    }

    private static void district(String code, Map<String, String> leaves, String survey) {
        LEAVES.put(code, leaves);
        SURVEY.put(code, survey);
    }

    @LocalServerPort
    int port;

    @Test
    void twoProvincesPublishTheirDistrictResultsForTheSameYearEachRankedWithinItself() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(REGISTER_UNIT, Map.of("code", "PR-QN", "name", "Quảng Ninh (thử)"));
        admin.data(REGISTER_UNIT, Map.of("code", "PR-HN", "name", "Hà Nội (thử)"));
        // Quảng Ninh issues its own district set; Hà Nội's districts use one issued nationally.
        admin.data(DEFINE_INDEX_SET, Map.of("document", districtSet("PR-QN-HUYEN", "PR-QN")));
        admin.data(DEFINE_INDEX_SET, Map.of("document", districtSet("PR-HUYEN", null)));
        JsonNode foreignSet = admin.as("snv-hn", "ADMIN", "PR-HN").error(DEFINE_INDEX_SET,
                Map.of("document", districtSet("PR-HN-OWN", "PR-QN")));
        assertThat(foreignSet.at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        // National matters are out of a province's admin's reach, whether they change something or only read.
        GraphQlClient provinceAdmin = admin.as("admin-hn", "ADMIN", "PR-HN");
        for (String national : List.of("mutation { startReplay(projections: [AUDIT_TRAIL]) { state } }",
                "{ replayProgress { state } }", "{ verifyLedger { intact } }", "{ verifyEvidence { intact } }",
                "{ compareReadModel(projections: [UNITS]) { identical } }")) {
            assertThat(provinceAdmin.error(national, Map.of()).at("/extensions/code").asString()).as(national).isEqualTo("WRONG_SCOPE");
        }

        for (String unit : LEAVES.keySet()) {
            String province = unit.substring(0, 5);
            admin.data(REGISTER_UNDER, parameters("code", unit, "name", "Huyện " + unit, "level", "DISTRICT", "parent", province));
            Scoring.score(admin, unit, 2025, province.equals("PR-QN") ? "PR-QN-HUYEN" : "PR-HUYEN", LEAVES.get(unit),
                    SURVEY.get(unit), null);
        }
        JsonNode wrongSet = admin.error(OPEN_UNDER, Map.of("unit", "PR-HN-1", "year", 2024, "set", "PR-QN-HUYEN"));
        assertThat(wrongSet.at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        assertThat(wrongSet.at("/extensions/field").asString()).isEqualTo("indexSet");

        GraphQlClient quangNinh = admin.as("bcd-qn", "COUNCIL", "PR-QN");
        GraphQlClient haNoi = admin.as("bcd-hn", "COUNCIL", "PR-HN");
        GraphQlClient national = admin.as("bcd-tw", "COUNCIL");
        String verify = "mutation($unit: ID!) { verifyAssessment(unit: $unit, year: 2025) { stream } }";
        assertThat(national.error(verify, Map.of("unit", "PR-QN-1")).at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        assertThat(haNoi.error(verify, Map.of("unit", "PR-QN-1")).at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        for (String unit : LEAVES.keySet()) (unit.startsWith("PR-QN") ? quangNinh : haNoi).data(verify, Map.of("unit", unit));

        assertThat(national.error(PUBLISH, parameters("within", "PR-QN")).at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        assertThat(quangNinh.data(PUBLISH, parameters("within", "PR-QN")).at("/publishResults/stream").asString())
                .isEqualTo("publication:DISTRICT:2025:PR-QN");
        // The report: Hà Nội's district publication was refused as ALREADY_EXISTS after Quảng Ninh's.
        assertThat(haNoi.data(PUBLISH, parameters("within", "PR-HN")).at("/publishResults/stream").asString())
                .isEqualTo("publication:DISTRICT:2025:PR-HN");
        assertThat(quangNinh.error(PUBLISH, parameters("within", "PR-QN")).at("/extensions/code").asString()).isEqualTo("ALREADY_EXISTS");

        for (String province : List.of("PR-QN", "PR-HN")) {
            List<String> byHand = byHand(province);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(rows(admin, 2025, "DISTRICT", province, "FINAL", null)).as(province).isEqualTo(byHand));
            assertThat(rows(admin, 2025, "DISTRICT", province, "APPRAISED", null)).isEqualTo(byHand);
            assertThat(rows(admin, 2025, "DISTRICT", province, "FINAL", Instant.now().toString()))
                    .as("rebuilt from the events").isEqualTo(byHand);
        }
        JsonNode qn = admin.data(RANKING_WITHIN, parameters("year", 2025, "level", "DISTRICT", "within", "PR-QN")).get("rankings");
        assertThat(qn.get("within").asString()).isEqualTo("PR-QN");
        // Field 1 (12 points): QN-2 12, QN-4 8, QN-1 8, QN-3 2: ranked among Quảng Ninh's four only.
        Map<String, Integer> fieldOne = new LinkedHashMap<>();
        qn.get("entries").forEach(e -> fieldOne.put(e.get("unitCode").asString(), e.at("/fields/0/rank").asInt()));
        assertThat(fieldOne).containsExactlyInAnyOrderEntriesOf(Map.of("PR-QN-2", 1, "PR-QN-1", 2, "PR-QN-4", 2, "PR-QN-3", 4));
        JsonNode published = admin.data("{ assessment(unit: \"PR-QN-3\", year: 2025) { within published { rank rankedUnits decision } } }",
                Map.of()).get("assessment");
        assertThat(published.get("within").asString()).isEqualTo("PR-QN");
        assertThat(published.at("/published/rank").asInt()).isEqualTo(4);
        assertThat(published.at("/published/rankedUnits").asInt()).isEqualTo(4);

        // The export of Quảng Ninh's published ranking holds the GraphQL ranking's figures, cell by cell, as CSV and XLSX.
        JsonNode graphql = admin.data("""
                { rankings(year: 2025, level: DISTRICT, within: "PR-QN", stage: FINAL) { entries { rank unitCode unitName index
                  points attainableMaximum classification fields { rank } } } }""", Map.of()).at("/rankings/entries");
        List<List<String>> expected = new ArrayList<>();
        graphql.forEach(e -> {
            List<String> row = new ArrayList<>(List.of(String.valueOf(e.get("rank").asInt()), e.get("unitCode").asString(), e.get("unitName").asString(),
                    e.get("index").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                    e.get("points").decimalValue().stripTrailingZeros().toPlainString(),
                    e.get("attainableMaximum").decimalValue().stripTrailingZeros().toPlainString(), e.get("classification").asString()));
            e.get("fields").forEach(f -> row.add(String.valueOf(f.get("rank").asInt())));
            expected.add(row);
        });
        String csv = admin.data("{ rankingExport(year: 2025, level: DISTRICT, within: \"PR-QN\", format: CSV) }", Map.of())
                .get("rankingExport").asString();
        assertThat(csv).startsWith("\uFEFFRank,Unit code,Unit name,Region,Index,Points,Attainable maximum,Classification,Field 1 index,Field 1 rank,Field 2 index,Field 2 rank");
        List<List<String>> exported = new ArrayList<>();
        for (String line : csv.strip().lines().skip(1).toList()) {
            String[] cells = line.split(",", -1);
            exported.add(List.of(cells[0], cells[1], cells[2], cells[4], new java.math.BigDecimal(cells[5]).stripTrailingZeros().toPlainString(),
                    new java.math.BigDecimal(cells[6]).stripTrailingZeros().toPlainString(), cells[7], cells[9], cells[11]));
        }
        assertThat(exported).isEqualTo(expected);
        String xlsx = admin.data("{ rankingExport(year: 2025, level: DISTRICT, within: \"PR-QN\", format: XLSX) }", Map.of())
                .get("rankingExport").asString();
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(xlsx)))) {
            var sheet = workbook.getSheetAt(0);
            List<List<String>> cells = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                cells.add(List.of(String.valueOf((int) row.getCell(0).getNumericCellValue()), row.getCell(1).getStringCellValue(),
                        row.getCell(2).getStringCellValue(), java.math.BigDecimal.valueOf(row.getCell(4).getNumericCellValue())
                                .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                        java.math.BigDecimal.valueOf(row.getCell(5).getNumericCellValue()).stripTrailingZeros().toPlainString(),
                        java.math.BigDecimal.valueOf(row.getCell(6).getNumericCellValue()).stripTrailingZeros().toPlainString(),
                        row.getCell(7).getStringCellValue(), String.valueOf((int) row.getCell(9).getNumericCellValue()),
                        String.valueOf((int) row.getCell(11).getNumericCellValue())));
            }
            assertThat(cells).isEqualTo(expected);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // The audit trail of Quảng Ninh's own rounds: its districts' entries, none of Hà Nội's.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> audited = new ArrayList<>();
            admin.data("{ auditTrail(within: \"PR-QN\", first: 500) { edges { node { unitCode kind } } } }", Map.of())
                    .at("/auditTrail/edges").forEach(edge -> audited.add(edge.at("/node/unitCode").asString()));
            assertThat(audited).isNotEmpty().allMatch(unit -> unit.startsWith("PR-QN-"))
                    .contains("PR-QN-1", "PR-QN-2", "PR-QN-3", "PR-QN-4");
        });

        assertThat(rows(admin, 2025, "DISTRICT", null, "APPRAISED", null)).as("the national round holds none of them")
                .noneMatch(row -> row.contains("PR-QN") || row.contains("PR-HN"));
        JsonNode provinces = admin.error(RANKING_WITHIN, parameters("year", 2025, "level", "PROVINCE", "within", "PR-QN"));
        assertThat(provinces.at("/extensions/code").asString()).isEqualTo("WRONG_SCOPE");
        assertThat(provinces.at("/extensions/field").asString()).isEqualTo("within");
    }

    @Test
    void aMergedCommuneIsComparedWithItsPredecessorsAndADistrictMovedWithItsProvinceKeepsItsHistory() {
        GraphQlClient admin = GraphQlClient.admin(port);
        for (String province : List.of("PR-TN", "PR-BD", "PR-HCM")) {
            admin.data(REGISTER_UNIT, Map.of("code", province, "name", "Tỉnh " + province));
        }
        admin.data(DEFINE_INDEX_SET, Map.of("document", districtSet("PR-TN-XA", "PR-TN").replace("level: DISTRICT", "level: COMMUNE")));
        admin.data(DEFINE_INDEX_SET, Map.of("document", districtSet("PR-HUYEN-2", null)));
        admin.data(REGISTER_UNDER, parameters("code", "PR-TN-H", "name", "Huyện Tiên Yên", "level", "DISTRICT", "parent", "PR-TN"));
        for (String commune : List.of("PR-TN-C1", "PR-TN-C2", "PR-TN-C9")) {
            admin.data(REGISTER_UNDER, parameters("code", commune, "name", "Xã " + commune, "level", "COMMUNE", "parent", "PR-TN-H"));
        }
        admin.data(REGISTER_UNDER, parameters("code", "PR-TN-C3", "name", "Xã mới", "level", "COMMUNE", "parent", "PR-TN"));
        for (String district : List.of("PR-BD-1", "PR-BD-2")) {
            admin.data(REGISTER_UNDER, parameters("code", district, "name", "Huyện " + district, "level", "DISTRICT", "parent", "PR-BD"));
        }
        // 2025: C1 16/20 = 80, C2 10/20 = 50, C9 20/20 = 100; BD-1 18/20 = 90, BD-2 20/20 = 100.
        Scoring.score(admin, "PR-TN-C1", 2025, "PR-TN-XA", Map.of("1.1", "5", "1.2.1", "3"), "8", null);
        Scoring.score(admin, "PR-TN-C2", 2025, "PR-TN-XA", Map.of("1.1", "5"), "5", null);
        Scoring.score(admin, "PR-TN-C9", 2025, "PR-TN-XA", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8", null);
        Scoring.score(admin, "PR-BD-1", 2025, "PR-HUYEN-2", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "2"), "8", null);
        Scoring.score(admin, "PR-BD-2", 2025, "PR-HUYEN-2", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8", null);

        admin.data("""
                mutation { reorganiseUnits(input: {decision: "1/NQ-UBTVQH-thử", effectiveOn: "2026-07-01",
                  mergers: [{successor: "PR-TN-C3", predecessors: ["PR-TN-C1", "PR-TN-C2"]},
                            {successor: "PR-HCM", predecessors: ["PR-BD"]}]}) { stream } }""", Map.of());

        // 2026: C3 14/20 = 70 against its predecessors' mean (80 + 50) / 2 = 65; C9 again 100.
        Scoring.score(admin, "PR-TN-C3", 2026, "PR-TN-XA", Map.of("1.1", "5", "1.2.1", "3"), "6", null);
        Scoring.score(admin, "PR-TN-C9", 2026, "PR-TN-XA", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "8", null);
        // BD-1, now a district of Hồ Chí Minh City: 19/20 = 95.
        Scoring.score(admin, "PR-BD-1", 2026, "PR-HUYEN-2", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(admin, 2026, "COMMUNE", "PR-TN", "APPRAISED", null))
                .containsExactly("1 PR-TN-C9 100 | SAME_UNIT [PR-TN-C9] 100 rank 1 moved 0 in -",
                        "2 PR-TN-C3 70 | PREDECESSORS [PR-TN-C1, PR-TN-C2] 65 rank - moved - in -"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(admin, 2026, "DISTRICT", "PR-HCM", "APPRAISED", null))
                .containsExactly("1 PR-BD-1 95 | SAME_UNIT [PR-BD-1] 90 rank 2 moved - in PR-BD"));
        assertThat(rows(admin, 2025, "DISTRICT", "PR-BD", "APPRAISED", null)).as("Bình Dương's 2025 round stays as it was")
                .containsExactly("1 PR-BD-2 100 | -", "2 PR-BD-1 90 | -");
        assertThat(admin.data("{ assessment(unit: \"PR-BD-1\", year: 2026) { within } }", Map.of()).at("/assessment/within").asString())
                .isEqualTo("PR-HCM");
        String now = Instant.now().toString();
        assertThat(rows(admin, 2026, "DISTRICT", "PR-HCM", "APPRAISED", now)).as("rebuilt from the events")
                .isEqualTo(rows(admin, 2026, "DISTRICT", "PR-HCM", "APPRAISED", null));
        assertThat(rows(admin, 2026, "COMMUNE", "PR-TN", "APPRAISED", now))
                .isEqualTo(rows(admin, 2026, "COMMUNE", "PR-TN", "APPRAISED", null));
    }

    @Test
    void aRankingWithinAProvinceCostsTheSameStatementsForAHundredCommunesAsForTwo() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(REGISTER_UNIT, Map.of("code", "PR-SMALL", "name", "Tỉnh nhỏ"));
        admin.data(REGISTER_UNIT, Map.of("code", "PR-LARGE", "name", "Tỉnh lớn"));
        admin.data(DEFINE_INDEX_SET, Map.of("document", districtSet("PR-XA", null).replace("level: DISTRICT", "level: COMMUNE")));
        for (int i = 1; i <= 100; i++) {
            String province = i <= 2 ? "PR-SMALL" : "PR-LARGE";
            String commune = province + "-" + i;
            admin.data(REGISTER_UNDER, parameters("code", commune, "name", "Xã " + i, "level", "COMMUNE", "parent", province));
            Scoring.score(admin, commune, 2026, "PR-XA", Map.of("1.1", String.valueOf(i % 6)), String.valueOf(i % 9), null);
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                admin.data(RANKING_WITHIN, parameters("year", 2026, "level", "COMMUNE", "within", "PR-LARGE")).at("/rankings/entries").size() == 98);
        // Any change to the units renews every ranking: both are then computed afresh.
        admin.data(REGISTER_UNIT, Map.of("code", "PR-COUNT", "name", "Tỉnh đếm"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !admin.data("{ unit(code: \"PR-COUNT\") { code } }", Map.of()).get("unit").isNull());
        List<String> small = statements(admin, "PR-SMALL");
        List<String> large = statements(admin, "PR-LARGE");
        assertThat(small).as("statements for 2 communes: %s", small).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(large).as("statements for 98 communes: %s", large).hasSameSizeAs(small);
        assertThat(statements(admin, "PR-LARGE")).as("the same ranking again, nothing changed").isEmpty();
    }

    private static List<String> statements(GraphQlClient admin, String province) {
        ConnectionWatch.reset();
        int entries = admin.data(RANKING_WITHIN, parameters("year", 2026, "level", "COMMUNE", "within", province))
                .at("/rankings/entries").size();
        assertThat(entries).isEqualTo(province.equals("PR-SMALL") ? 2 : 98);
        return ConnectionWatch.statements();
    }

    /** The ranking of a province's districts computed by hand: index = total × 5; equal indices share a rank. */
    private static List<String> byHand(String province) {
        Map<String, BigDecimal> index = new LinkedHashMap<>();
        LEAVES.forEach((unit, leaves) -> {
            if (!unit.startsWith(province)) return;
            BigDecimal total = new BigDecimal(SURVEY.get(unit));
            for (String points : leaves.values()) total = total.add(new BigDecimal(points));
            index.put(unit, total.multiply(BigDecimal.valueOf(5)));
        });
        List<String> rows = new ArrayList<>();
        index.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    long rank = 1 + index.values().stream().filter(other -> other.compareTo(e.getValue()) > 0).count();
                    rows.add(rank + " " + e.getKey() + " " + e.getValue().stripTrailingZeros().toPlainString() + " | -");
                });
        return rows;
    }

    private static List<String> rows(GraphQlClient graphql, int year, String level, String within, String stage, String asOf) {
        JsonNode entries = graphql.data(RANKING_WITHIN, parameters("year", year, "level", level, "within", within,
                "stage", stage, "asOf", asOf)).at("/rankings/entries");
        List<String> rows = new ArrayList<>();
        entries.forEach(e -> {
            JsonNode change = e.get("change");
            String compared = change.isNull() ? "-" : change.get("basis").asString() + " " + change.get("comparedWith").toString()
                    .replace("\"", "").replace(",", ", ") + " " + change.get("previousIndex").decimalValue().stripTrailingZeros().toPlainString()
                    + " rank " + text(change.get("previousRank")) + " moved " + text(change.get("rankChange"))
                    + " in " + text(change.get("previousWithin"));
            rows.add(e.get("rank").asInt() + " " + e.get("unitCode").asString() + " "
                    + e.get("index").decimalValue().stripTrailingZeros().toPlainString() + " | " + compared);
        });
        return rows;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "-" : node.asString();
    }

    /** Variables that may be null (Map.of refuses nulls). */
    private static Map<String, Object> parameters(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    /** The tests' 20-point set as a district set for 2020-2026, issued by a province (or nationally, within null). */
    private static String districtSet(String code, String within) {
        return indexSet(code).replace("level: PROVINCE", "level: DISTRICT" + (within == null ? "" : "\nwithin: " + within))
                .replace("fromYear: 2024", "fromYear: 2020");
    }
}
