package org.parledger.app;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * A self-assessment and an appraisal imported from the spreadsheets people keep them in: every bad row of a sheet is
 * reported and nothing is recorded; a good sheet is recorded through the same rules, reads back the same over GraphQL,
 * and sending it again records nothing twice. Its units are provinces ranked in 2041, a year no other test ranks.
 */
@LedgerIntegrationTest
class ScoreSheetsEndToEndTest {
    private static final String IMPORT = """
            mutation($unit: ID!, $kind: ScoreSheetKind!, $format: ScoreSheetFormat!, $content: String!) {
              importScores(unit: $unit, year: 2041, kind: $kind, format: $format, content: $content) {
                recorded rows stream version problems { row criterion code field message } } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSheetIsRecordedWholeOrNotAtAllWithEveryBadRowNamed() throws IOException {
        GraphQlClient admin = GraphQlClient.admin(port);
        opened(admin, "SS-SET", "SS-A");
        GraphQlClient assessor = admin.assessorOf("SS-A");

        long before = events();
        String bad = """
                code,points,document,explanation
                1.1,6,12/KH,
                9.9,1,1/KH,
                2.1,3,1/KH,
                1.2.1,abc,1/KH,
                1.2.2,2,,%s

                1.2.1,1,,
                """.formatted("x".repeat(2001));
        JsonNode refused = assessor.data(IMPORT, sheet("SELF_ASSESSMENT", "CSV", bad)).get("importScores");
        assertThat(refused.get("recorded").asBoolean()).isFalse();
        assertThat(refused.get("rows").asInt()).as("the empty row is not a row").isEqualTo(6);
        assertThat(problems(refused)).containsExactly(
                "2 1.1 POINTS_OUT_OF_RANGE points",
                "3 9.9 UNKNOWN_CRITERION criterion",
                "4 2.1 SURVEY_SCORED_CRITERION criterion",
                "5 1.2.1 INVALID_ARGUMENT points",
                "6 1.2.2 INVALID_ARGUMENT explanation",
                "8 1.2.1 EVIDENCE_REQUIRED evidence");
        assertThat(events()).as("a sheet with a bad row records nothing").isEqualTo(before);

        String good = """
                Code,Title,Maximum,Points,Document,Page,Explanation
                1.1,Kế hoạch,5,4,12/KH-UBND,3,
                1.2.1,Kế hoạch kiểm tra,3,2.5,"15/BC-UBND, phụ lục",,
                1.2.2,Xử lý sau kiểm tra,4,1,,,"Chưa ban hành văn bản;
                sẽ bổ sung trong quý IV"
                """;
        JsonNode recorded = assessor.data(IMPORT, sheet("SELF_ASSESSMENT", "CSV", good)).get("importScores");
        assertThat(recorded.get("recorded").asBoolean()).isTrue();
        assertThat(recorded.get("problems")).isEmpty();
        assertThat(recorded.get("stream").asString()).isEqualTo("assessment:SS-A:2041");
        long afterFirst = events();
        assertThat(afterFirst - before).as("one event per leaf").isEqualTo(3);
        JsonNode again = assessor.data(IMPORT, sheet("SELF_ASSESSMENT", "CSV", good)).get("importScores");
        assertThat(again.get("version").asLong()).isEqualTo(recorded.get("version").asLong());
        assertThat(events()).as("the same file again records nothing twice").isEqualTo(afterFirst);
        assertThat(leaves(admin, "SS-A", "selfAssessed")).containsExactly("1.1 4", "1.2.1 2.5", "1.2.2 1", "2.1 -");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.data(
                "{ auditTrail(unit: \"SS-A\", year: 2041, criterion: \"1.2.1\") { edges { node { evidence } } } }", Map.of())
                .toString()).as("a quoted cell keeps its comma").contains("15/BC-UBND, phụ lục"));

        assessor.data(SUBMIT, Map.of("unit", "SS-A", "year", 2041));
        JsonNode late = assessor.error(IMPORT, sheet("SELF_ASSESSMENT", "CSV", good.replace(",4,", ",5,")));
        assertThat(late.at("/extensions/code").asString()).as("the whole sheet is out of stage").isEqualTo("WRONG_STAGE");

        // The appraisal, from an Excel workbook: another agency's appraiser is refused row by row, the leaf's agency records it.
        String workbook = xlsx(List.of(List.of("Code", "Points", "Reason"), List.of("1.1", 3.0, "Thiếu tài liệu kiểm chứng"),
                List.of("1.2.1", 2.5, ""), List.of("1.2.2", 0.75, "Chưa đạt")));
        GraphQlClient otherAgency = admin.as("appraiser-stp", "APPRAISER", "STP");
        JsonNode notTheirs = otherAgency.data(IMPORT, sheet("APPRAISAL", "XLSX", workbook)).get("importScores");
        assertThat(problems(notTheirs)).containsExactly("2 1.1 WRONG_AGENCY -", "3 1.2.1 WRONG_AGENCY -", "4 1.2.2 WRONG_AGENCY -");
        long beforeAppraisal = events();
        JsonNode appraised = admin.as("appraiser-snv", "APPRAISER", "SNV").data(IMPORT, sheet("APPRAISAL", "XLSX", workbook))
                .get("importScores");
        assertThat(appraised.get("recorded").asBoolean()).as(appraised.toString()).isTrue();
        assertThat(events() - beforeAppraisal).isEqualTo(3);
        assertThat(leaves(admin, "SS-A", "appraised")).containsExactly("1.1 3", "1.2.1 2.5", "1.2.2 0.75", "2.1 -");

        JsonNode garbage = otherAgency.error(IMPORT, sheet("APPRAISAL", "XLSX", Base64.getEncoder().encodeToString("not a workbook".getBytes())));
        assertThat(garbage.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(garbage.at("/extensions/field").asString()).isEqualTo("content");
        JsonNode tooMany = otherAgency.error(IMPORT, sheet("APPRAISAL", "CSV", "code,points\n" + "1.1,1\n".repeat(501)));
        assertThat(tooMany.at("/extensions/field").asString()).isEqualTo("content");
    }

    @Test
    void aTemplateFilledInAndSentBackReadsTheSameOverGraphQl() throws IOException {
        GraphQlClient admin = GraphQlClient.admin(port);
        opened(admin, "SS-TPL", "SS-B");
        GraphQlClient assessor = admin.assessorOf("SS-B");
        String template = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> assessor.data("{ scoreSheetTemplate(unit: \"SS-B\", year: 2041, kind: SELF_ASSESSMENT) }", Map.of())
                        .get("scoreSheetTemplate").asString(), t -> t != null && !t.isEmpty());
        byte[] filled;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(template)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertThat(header).containsExactly("Code", "Title", "Maximum", "Points", "Document", "Section", "Page", "Link", "Explanation");
            List<String> leaves = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                leaves.add(row.getCell(0).getStringCellValue() + " " + row.getCell(1).getStringCellValue() + " "
                        + row.getCell(2).getNumericCellValue());
                row.createCell(3).setCellValue(row.getCell(2).getNumericCellValue() / 2);
                row.createCell(4).setCellValue("KH-" + r + "/UBND");
            }
            assertThat(leaves).as("the evidence leaves, not the survey's").containsExactly("1.1 Kế hoạch 5.0",
                    "1.2.1 Kế hoạch kiểm tra 3.0", "1.2.2 Xử lý sau kiểm tra 4.0");
            assertThat(sheet.getDataValidations()).as("Excel checks the points").hasSize(1);
            workbook.write(out);
            filled = out.toByteArray();
        }
        Map<String, Object> variables = new LinkedHashMap<>(sheet("SELF_ASSESSMENT", "XLSX", Base64.getEncoder().encodeToString(filled)));
        variables.put("unit", "SS-B");
        JsonNode report = assessor.data(IMPORT, variables).get("importScores");
        assertThat(report.get("recorded").asBoolean()).as(report.toString()).isTrue();
        assertThat(leaves(admin, "SS-B", "selfAssessed")).containsExactly("1.1 2.5", "1.2.1 1.5", "1.2.2 2", "2.1 -");
        // The template now carries what was recorded.
        String again = assessor.data("{ scoreSheetTemplate(unit: \"SS-B\", year: 2041, kind: SELF_ASSESSMENT) }", Map.of())
                .get("scoreSheetTemplate").asString();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(again)))) {
            assertThat(workbook.getSheetAt(0).getRow(1).getCell(3).getNumericCellValue()).isEqualTo(2.5);
        }
        JsonNode stranger = admin.as("assessor-x", "ASSESSOR", "SS-A")
                .error("{ scoreSheetTemplate(unit: \"SS-B\", year: 2041, kind: SELF_ASSESSMENT) }", Map.of());
        assertThat(stranger.at("/extensions/code").asString()).isEqualTo("WRONG_UNIT");
    }

    @Test
    void aLevelsSurveyResultsComeFromOneSheetAllOrNothing() {
        GraphQlClient admin = GraphQlClient.admin(port);
        opened(admin, "SS-SRV", "SS-C", "SS-D");
        String survey = """
                mutation($content: String!) { importSurveyResults(year: 2041, level: PROVINCE, format: CSV, content: $content) {
                  recorded rows problems { row criterion code field message } } }""";
        GraphQlClient team = admin.as("survey-team", "SURVEY");
        long before = events();
        JsonNode refused = team.data(survey, Map.of("content", """
                unit,code,points
                SS-C,2.1,6.5
                SS-X,2.1,3
                SS-D,1.1,2
                SS-D,2.1,9
                ,2.1,1
                SS-C,2.1,5
                """)).get("importSurveyResults");
        assertThat(problems(refused)).containsExactly("3 2.1 NOT_FOUND -", "4 1.1 EVIDENCE_SCORED_CRITERION criterion",
                "5 2.1 POINTS_OUT_OF_RANGE points", "6 2.1 INVALID_ARGUMENT unit", "7 2.1 INVALID_ARGUMENT criterion");
        assertThat(events()).isEqualTo(before);
        String good = "unit,code,points\nSS-C,2.1,6.5\nSS-D,2.1,7.25\n";
        assertThat(team.data(survey, Map.of("content", good)).at("/importSurveyResults/recorded").asBoolean()).isTrue();
        assertThat(events() - before).isEqualTo(2);
        team.data(survey, Map.of("content", good));
        assertThat(events() - before).as("the same file again").isEqualTo(2);
        assertThat(admin.as("assessor-x", "ASSESSOR", "SS-C").error(survey, Map.of("content", good)).at("/extensions/code").asString())
                .isEqualTo("WRONG_ROLE");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.data(
                "{ assessment(unit: \"SS-D\", year: 2041) { surveyPoints } }", Map.of()).at("/assessment/surveyPoints").asString())
                .isEqualTo("7.25"));
    }

    @Test
    void aJourneyAndAnAuditTrailExportHoldWhatGraphQlAnswersCellByCell() throws IOException {
        GraphQlClient admin = GraphQlClient.admin(port);
        opened(admin, "SS-JRN", "SS-J");
        GraphQlClient assessor = admin.assessorOf("SS-J");
        Map<String, Object> variables = new LinkedHashMap<>(sheet("SELF_ASSESSMENT", "CSV", """
                code,points,document,explanation
                1.1,4.5,12/KH-UBND,
                1.2.1,3,"Báo cáo số 7, trang 2",
                1.2.2,1.25,15/QĐ,"Ghi chú: ""đã sửa"", xong"
                """));
        variables.put("unit", "SS-J");
        assertThat(assessor.data(IMPORT, variables).at("/importScores/recorded").asBoolean()).isTrue();
        assessor.data(SUBMIT, Map.of("unit", "SS-J", "year", 2041));
        Map<String, Object> appraisal = new LinkedHashMap<>(Map.of("unit", "SS-J", "year", 2041, "criterion", "1.1", "points", "4"));
        appraisal.put("reason", "Thiếu phụ lục, trừ 0,5");
        admin.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, appraisal);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.data(
                "{ assessment(unit: \"SS-J\", year: 2041) { appraisedPoints } }", Map.of()).at("/assessment/appraisedPoints").isNull()).isFalse());

        JsonNode journey = admin.data("""
                { journey(unit: "SS-J", year: 2041) { steps { stage at provisional points attainableMaximum index pointsChange
                  indexChange changes { kind criterion fieldCode from to actor { userId role } reason at } } } }""", Map.of())
                .at("/journey/steps");
        List<List<String>> expected = new ArrayList<>();
        journey.forEach(step -> {
            expected.add(List.of(step.get("stage").asString(), second(step.get("at").asString()), step.get("provisional").asString(),
                    number(step.get("points")), number(step.get("attainableMaximum")), rounded(step.get("index")),
                    number(step.get("pointsChange")), rounded(step.get("indexChange")), "", "", "", "", "", "", "", "", ""));
            step.get("changes").forEach(c -> expected.add(List.of(step.get("stage").asString(), second(c.get("at").asString()),
                    "", "", "", "", "", "", c.get("kind").asString(), c.get("criterion").asString(), c.get("fieldCode").asString(),
                    number(c.get("from")), number(c.get("to")), c.at("/actor/userId").asString(), c.at("/actor/role").asString(),
                    c.get("reason").isNull() ? "" : c.get("reason").asString(), "")));
        });
        expected.replaceAll(row -> row.stream().map(ScoreSheetsEndToEndTest::normal).toList());
        assertThat(expected).as("stations and the changes under them").hasSizeGreaterThanOrEqualTo(5);
        String csv = admin.data("{ journeyExport(unit: \"SS-J\", year: 2041, format: CSV) }", Map.of()).get("journeyExport").asString();
        assertThat(csv).startsWith("\uFEFFStation,At (UTC),Provisional,Points");
        assertThat(csvCells(csv)).isEqualTo(expected);
        String xlsx = admin.data("{ journeyExport(unit: \"SS-J\", year: 2041, format: XLSX) }", Map.of()).get("journeyExport").asString();
        assertThat(xlsxCells(xlsx, 17)).isEqualTo(expected);

        // The audit trail is a projection of its own: wait until it holds the appraisal too.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.data(
                "{ auditTrail(unit: \"SS-J\", first: 500) { edges { node { kind } } } }", Map.of()).at("/auditTrail/edges").toString())
                .contains("APPRAISED_SCORE_RECORDED"));
        List<List<String>> trail = new ArrayList<>();
        admin.data("""
                { auditTrail(unit: "SS-J", first: 500) { edges { node { kind unitCode year criterion oldValue newValue reason
                  evidence actor { userId role scope } actorName authMethod stream sequence eventId recordedAt } } } }""", Map.of())
                .at("/auditTrail/edges").forEach(edge -> {
                    JsonNode n = edge.get("node");
                    List<String> row = new ArrayList<>();
                    row.add(second(n.get("recordedAt").asString()));
                    for (String f : List.of("kind", "unitCode", "year", "criterion", "oldValue", "newValue", "reason", "evidence")) {
                        row.add(n.get(f).isNull() ? "" : n.get(f).asString());
                    }
                    for (String f : List.of("userId", "role", "scope")) row.add(n.at("/actor/" + f).isNull() || n.at("/actor/" + f).isMissingNode() ? "" : n.at("/actor/" + f).asString());
                    row.add(n.get("actorName").isNull() ? "" : n.get("actorName").asString());
                    row.add(n.get("authMethod").isNull() ? "" : n.get("authMethod").asString());
                    row.add(n.get("stream").asString());
                    row.add(n.get("sequence").asString());
                    row.add(n.get("eventId").asString());
                    row.add("");
                    trail.add(row.stream().map(ScoreSheetsEndToEndTest::normal).toList());
                });
        assertThat(trail).as("opened, three self-scores, submitted").hasSizeGreaterThanOrEqualTo(5);
        JsonNode whole = admin.data("{ auditTrailExport(unit: \"SS-J\", format: CSV) { content rows hasNextPage endCursor } }", Map.of())
                .get("auditTrailExport");
        assertThat(whole.get("rows").asInt()).isEqualTo(trail.size());
        assertThat(whole.get("hasNextPage").asBoolean()).isFalse();
        assertThat(csvCells(whole.get("content").asString()).stream().map(ScoreSheetsEndToEndTest::withoutPositionAndAddress).toList())
                .isEqualTo(trail);
        // Page by page, as XLSX: the same entries, in the same order.
        List<List<String>> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = admin.data("query($after: String) { auditTrailExport(unit: \"SS-J\", first: 2, after: $after, format: XLSX) { content rows hasNextPage endCursor } }",
                    after == null ? Map.of() : Map.of("after", after)).get("auditTrailExport");
            assertThat(page.get("rows").asInt()).isBetween(1, 2);
            xlsxCells(page.get("content").asString(), 20).forEach(row -> paged.add(withoutPositionAndAddress(row)));
            after = page.get("hasNextPage").asBoolean() ? page.get("endCursor").asString() : null;
            pages++;
        } while (after != null);
        assertThat(paged).isEqualTo(trail);
        assertThat(pages).isEqualTo((trail.size() + 1) / 2);

        JsonNode tooMany = admin.error("{ auditTrailExport(unit: \"SS-J\", first: 10001, format: CSV) { rows } }", Map.of());
        assertThat(tooMany.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(tooMany.at("/extensions/field").asString()).isEqualTo("first");
        JsonNode stranger = admin.as("assessor-y", "ASSESSOR", "SS-A")
                .error("{ journeyExport(unit: \"SS-J\", year: 2041, format: CSV) }", Map.of());
        assertThat(stranger.at("/extensions/code").asString()).isEqualTo("WRONG_UNIT");
    }

    /** An audit export's row without its position (column 0) and client address (column 15), which GraphQL keeps apart. */
    private static List<String> withoutPositionAndAddress(List<String> row) {
        List<String> kept = new ArrayList<>(row);
        kept.remove(15);
        kept.remove(0);
        return kept;
    }

    private static String second(String instant) {
        return java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static String number(JsonNode value) {
        return value == null || value.isNull() ? "" : value.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String rounded(JsonNode value) {
        return value == null || value.isNull() ? ""
                : value.decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** The rows after the header, each cell as the tests compare it: numbers without trailing zeros, times to the second. */
    private static List<List<String>> csvCells(String csv) throws IOException {
        assertThat(csv).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(csv.substring(1)))) {
            parser.stream().skip(1).forEach(record -> {
                List<String> row = new ArrayList<>();
                for (String cell : record) row.add(normal(cell));
                rows.add(row);
            });
        }
        return rows;
    }

    private static String normal(String cell) {
        if (cell.matches("-?\\d+(\\.\\d+)?")) return new java.math.BigDecimal(cell).stripTrailingZeros().toPlainString();
        if (cell.matches("\\d{4}-\\d\\d-\\d\\dT.*Z")) return second(cell);
        return cell;
    }

    private static List<List<String>> xlsxCells(String base64, int columns) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            Sheet sheet = workbook.getSheetAt(0);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    var cell = row.getCell(c);
                    if (cell == null) cells.add("");
                    else if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.BOOLEAN) cells.add(String.valueOf(cell.getBooleanCellValue()));
                    else if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) cells.add(normal(cell.getStringCellValue()));
                    else if (org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)) {
                        cells.add(cell.getLocalDateTimeCellValue().plusNanos(500_000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                                .toInstant(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                    } else cells.add(java.math.BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /** A set of the tests' rules reaching to 2041, and each unit registered as a province and assessed under it in 2041. */
    private static void opened(GraphQlClient admin, String set, String... units) {
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet(set).replace("toYear: 2026", "toYear: 2041")));
        for (String unit : units) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh bảng tính " + unit));
            admin.data(OPEN_UNDER, Map.of("unit", unit, "year", 2041, "set", set));
        }
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private static Map<String, Object> sheet(String kind, String format, String content) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("unit", "SS-A");
        variables.put("kind", kind);
        variables.put("format", format);
        variables.put("content", content);
        return variables;
    }

    private static List<String> problems(JsonNode report) {
        List<String> problems = new ArrayList<>();
        report.get("problems").forEach(p -> problems.add(p.get("row").asInt() + " " + p.get("criterion").asString() + " "
                + p.get("code").asString() + " " + (p.get("field").isNull() ? "-" : p.get("field").asString())));
        return problems;
    }

    /** Each leaf's points at a stage, once the read model shows the three evidence leaves scored at it. */
    private static List<String> leaves(GraphQlClient graphql, String unit, String stage) {
        List<String> leaves = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            leaves.clear();
            graphql.data("query($u: ID!) { assessment(unit: $u, year: 2041) { leaves { code selfAssessed appraised } } }", Map.of("u", unit))
                    .at("/assessment/leaves").forEach(l -> leaves.add(l.get("code").asString() + " "
                            + (l.get(stage).isNull() ? "-" : l.get(stage).decimalValue().stripTrailingZeros().toPlainString())));
            assertThat(leaves.stream().filter(l -> !l.endsWith(" -")).count()).isEqualTo(3);
        });
        return leaves;
    }

    private static String xlsx(List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Thẩm định");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object value = rows.get(r).get(c);
                    if (value instanceof Double number) row.createCell(c).setCellValue(number);
                    else if (!value.toString().isEmpty()) row.createCell(c).setCellValue(value.toString());
                }
            }
            workbook.write(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }
}
