package org.parledger.app;

import graphql.schema.GraphQLFieldDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs every cell of docs/permissions.md through GraphQL over HTTP: each operation, as each kind of grant
 * (a real bearer token from the tests' issuer) and anonymously, on a target prepared so that only the
 * grant can stand in the way. A cell marked ✓ must be carried out; any other cell must be refused with
 * exactly its code and record nothing. Every mutation of the schema must have a row.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionTableTest {
    private static final Path TABLE = Path.of("../docs/permissions.md");
    private static final String SET = "PT-SET";
    /** The province every unit of the test belongs to: the appraisers' jurisdiction. */
    private static final String PROVINCE = "PT-PROVINCE";
    private static final int YEAR = 2050;
    private static final List<String> COLUMNS = List.of("ADMIN", "COUNCIL", "COUNCIL, another province", "APPRAISER, its agency",
            "APPRAISER, its agency elsewhere", "APPRAISER, another agency", "ASSESSOR, its unit", "ASSESSOR, another unit", "SURVEY", "INSPECTOR", "anonymous");
    private static final List<String> LEAVES = List.of("1.1", "1.2.1", "1.2.2");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GraphQlSource graphQlSource;
    @Autowired
    Replays replays;
    @Autowired
    ReplayInterruptions interruptions;

    private final AtomicInteger fresh = new AtomicInteger();
    private final AtomicInteger publicationYear = new AtomicInteger(2060);
    /** Rounds are one stream per level and year: each target takes a year of its own. */
    private final AtomicInteger roundYear = new AtomicInteger(2099);
    private GraphQlClient setupAdmin;
    private GraphQlClient setupCouncil;

    /** What an operation acts on: a unit and year (and whatever else a row prepared). */
    record Target(String unit, int year, String other) {
    }

    /** One row: how to prepare a target, and the operation as a document on it. */
    record Operation(Supplier<Target> prepare, Function<Target, String> document) {
    }

    @BeforeAll
    void defineTheSet() {
        setupAdmin = new GraphQlClient(port).as("setup-admin", "ADMIN");
        setupCouncil = new GraphQlClient(port).as("setup-council", "COUNCIL", PROVINCE);
        setupAdmin.data(TestDocuments.DEFINE_INDEX_SET, Map.of("document", TestDocuments.INDEX_SET
                .replace("code: IT-SET", "code: " + SET).replace("level: PROVINCE", "level: DEPARTMENT")
                .replace("fromYear: 2024", "fromYear: 2050").replace("toYear: 2025", "toYear: 2099")));
        setupAdmin.data(TestDocuments.REGISTER_UNIT, Map.of("code", PROVINCE, "name", "Tỉnh thử quyền"));
    }

    @Test
    void everyCellOfTheTableHolds() throws Exception {
        Map<String, List<String>> table = table();
        Map<String, Operation> operations = operations();
        assertThat(table.keySet()).as("rows of docs/permissions.md").containsExactlyInAnyOrderElementsOf(operations.keySet());
        List<String> failures = new ArrayList<>();
        int cells = 0;
        for (Map.Entry<String, List<String>> row : table.entrySet()) {
            Operation operation = operations.get(row.getKey());
            // Refusals first, all on one target (they change nothing); then each change on a target of its own,
            // the first reusing the refusals' one. Reads change nothing and share one target.
            List<Integer> order = new ArrayList<>();
            for (int column = 0; column < COLUMNS.size(); column++) if (!row.getValue().get(column).equals("✓")) order.add(column);
            for (int column = 0; column < COLUMNS.size(); column++) if (row.getValue().get(column).equals("✓")) order.add(column);
            Target target = operation.prepare().get();
            boolean targetUsedByAChange = false;
            for (int column : order) {
                String expected = row.getValue().get(column);
                boolean allowed = expected.equals("✓");
                boolean read = operation.document().apply(target).startsWith("{");
                if (allowed && !read) {
                    if (targetUsedByAChange) target = operation.prepare().get();
                    targetUsedByAChange = true;
                }
                GraphQlClient client = client(COLUMNS.get(column), target);
                long before = events();
                JsonNode answer = client.execute(operation.document().apply(target), Map.of());
                String outcome = answer.has("errors") ? answer.at("/errors/0/extensions/code").asString("?") : "✓";
                cells++;
                if (!outcome.equals(expected)) {
                    failures.add(row.getKey() + " as " + COLUMNS.get(column) + ": expected " + expected + ", got "
                            + outcome + " " + answer.get("errors"));
                } else if (!allowed && events() != before) {
                    failures.add(row.getKey() + " as " + COLUMNS.get(column) + ": refused, but recorded events");
                }
                if (row.getKey().equals("`startReplay`") && allowed) {
                    assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.COMPLETED);
                }
            }
            if (row.getKey().equals("`cancelReplay`")) {
                interruptions.release();
                assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.CANCELLED);
                interruptions.reset();
            }
        }
        assertThat(failures).as("cells that do not hold").isEmpty();
        assertThat(cells).isEqualTo(table.size() * COLUMNS.size());
    }

    @Test
    void everyMutationOfTheSchemaHasARow() throws IOException {
        Set<String> rows = new TreeSet<>();
        for (String row : table().keySet()) {
            for (String part : row.split(",")) {
                String name = part.strip();
                if (name.startsWith("`")) rows.add(name.substring(1, name.indexOf('`', 1)));
            }
        }
        Set<String> mutations = new TreeSet<>(graphQlSource.schema().getMutationType().getFieldDefinitions().stream()
                .map(GraphQLFieldDefinition::getName).toList());
        Set<String> queries = new TreeSet<>(graphQlSource.schema().getQueryType().getFieldDefinitions().stream()
                .map(GraphQLFieldDefinition::getName).toList());
        assertThat(rows).containsAll(mutations).containsAll(queries);
    }

    /** The rows between the markers: operation → the cells in column order. */
    private static Map<String, List<String>> table() throws IOException {
        String text = Files.readString(TABLE);
        String body = text.substring(text.indexOf("<!-- permission-table:start -->"), text.indexOf("<!-- permission-table:end -->"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : body.lines().toList()) {
            if (!line.startsWith("| `")) {
                if (line.startsWith("| Operation")) {
                    List<String> header = cells(line);
                    assertThat(header.subList(1, header.size())).isEqualTo(COLUMNS);
                }
                continue;
            }
            List<String> cells = cells(line);
            assertThat(cells).as(line).hasSize(COLUMNS.size() + 1);
            rows.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) cells.add(cell.strip());
        return cells;
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private GraphQlClient client(String column, Target target) {
        GraphQlClient anonymous = new GraphQlClient(port);
        return switch (column) {
            case "ADMIN" -> anonymous.as("pt-admin", "ADMIN");
            case "COUNCIL" -> anonymous.as("pt-council", "COUNCIL", PROVINCE);
            case "COUNCIL, another province" -> anonymous.as("pt-council-elsewhere", "COUNCIL", "PT-ELSEWHERE");
            case "APPRAISER, its agency" -> anonymous.as("pt-appraiser", "APPRAISER", "SNV@" + PROVINCE);
            case "APPRAISER, its agency elsewhere" -> anonymous.as("pt-appraiser-elsewhere", "APPRAISER", "SNV@PT-ELSEWHERE");
            case "APPRAISER, another agency" -> anonymous.as("pt-appraiser-other", "APPRAISER", "STP");
            case "ASSESSOR, its unit" -> anonymous.as("pt-assessor", "ASSESSOR", target.unit() == null ? "PT-NONE" : target.unit());
            case "ASSESSOR, another unit" -> anonymous.as("pt-assessor-other", "ASSESSOR", "PT-OTHER");
            case "SURVEY" -> anonymous.as("pt-survey", "SURVEY");
            case "INSPECTOR" -> anonymous.as("pt-inspector", "INSPECTOR");
            case "anonymous" -> anonymous;
            default -> throw new IllegalArgumentException(column);
        };
    }

    // --- Targets, each prepared by other people than the columns' ---

    private String unit() {
        String code = "PT-" + fresh.incrementAndGet();
        setupAdmin.data("mutation($code: ID!, $parent: ID!) { registerUnit(input: {code: $code, name: \"Sở thử quyền\", "
                + "level: DEPARTMENT, parent: $parent}) { stream } }", Map.of("code", code, "parent", PROVINCE));
        return code;
    }

    private Target none() {
        return new Target(null, YEAR, "PT-X" + fresh.incrementAndGet());
    }

    private Target aUnit() {
        return new Target(unit(), YEAR, null);
    }

    private Target anIndexSet() {
        String code = "PT-C" + fresh.incrementAndGet();
        setupAdmin.data(TestDocuments.DEFINE_INDEX_SET, Map.of("document", TestDocuments.indexSet(code)));
        return new Target(null, YEAR, code);
    }

    private Target opened(int year) {
        Target target = new Target(unit(), year, null);
        setupAdmin.data(TestDocuments.OPEN_UNDER, Map.of("unit", target.unit(), "year", year, "set", SET));
        return target;
    }

    private Target opened() {
        return opened(YEAR);
    }

    private GraphQlClient assessor(Target target) {
        return new GraphQlClient(port).as("setup-assessor-" + target.unit(), "ASSESSOR", target.unit());
    }

    private Target markedNotApplicable() {
        Target target = opened();
        assessor(target).data(TestDocuments.MARK_NOT_APPLICABLE, Map.of("unit", target.unit(), "year", target.year(), "criterion", "1.2.2"));
        return target;
    }

    private Target selfScored(int year) {
        Target target = opened(year);
        for (String leaf : LEAVES) {
            assessor(target).data(TestDocuments.SELF_SCORE, Map.of("unit", target.unit(), "year", year, "criterion", leaf, "points", "2"));
        }
        return target;
    }

    private Target submitted(int year) {
        Target target = selfScored(year);
        assessor(target).data(TestDocuments.SUBMIT, Map.of("unit", target.unit(), "year", year));
        return target;
    }

    private Target appraised(int year) {
        Target target = submitted(year);
        GraphQlClient appraiser = new GraphQlClient(port).as("setup-appraiser", "APPRAISER", "SNV");
        for (String leaf : LEAVES) {
            appraiser.data(TestDocuments.APPRAISE, Map.of("unit", target.unit(), "year", year, "criterion", leaf, "points", "2"));
        }
        new GraphQlClient(port).as("setup-survey", "SURVEY").data(TestDocuments.SURVEY,
                Map.of("unit", target.unit(), "year", year, "criterion", "2.1", "points", "5"));
        return target;
    }

    private Target inFeedback() {
        Target target = appraised(YEAR);
        setupCouncil.data(mutation("sendPreliminaryResults(unit: \"%s\", year: %d)", target), Map.of());
        return target;
    }

    private Target contested() {
        Target target = inFeedback();
        assessor(target).data(mutation("contestAppraisal(unit: \"%s\", year: %d, criterion: \"1.1\", explanation: \"Đã có kế hoạch\")",
                target), Map.of());
        return target;
    }

    private Target verified(int year) {
        Target target = appraised(year);
        setupCouncil.data(mutation("verifyAssessment(unit: \"%s\", year: %d)", target), Map.of());
        return target;
    }

    private Target published() {
        Target target = verified(publicationYear.getAndIncrement());
        setupCouncil.data(mutation("publishResults(year: %2$d, level: DEPARTMENT, within: \"" + PROVINCE
                        + "\", decision: \"QĐ %1$s\", decidedOn: \"2099-01-01\")",
                target), Map.of());
        return target;
    }

    /** Waits until the projections show the target's assessment, so that reading it is decided by the grant alone. */
    private Target projected(Target target, boolean published) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode assessment = setupAdmin.data("query($u: ID!, $y: Int!) { assessment(unit: $u, year: $y) { published { rank } } }",
                    Map.of("u", target.unit(), "y", target.year())).get("assessment");
            return !assessment.isNull() && assessment.get("published").isNull() != published;
        });
        return target;
    }

    private Target replayRunning() {
        try {
            interruptions.holdAtCheckpoint(1);
            setupAdmin.data("mutation { startReplay { state } }", Map.of());
            assertThat(interruptions.awaitHeld()).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return none();
    }

    private static String mutation(String field, Target target) {
        return "mutation { " + String.format(field, target.unit(), target.year(), target.other()) + " { stream } }";
    }

    private static String correction(String field) {
        return "mutation { " + field + " { stream } }";
    }

    private Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("`defineIndexSet`", new Operation(this::none, t -> "mutation { defineIndexSet(document: \"\"\""
                + TestDocuments.indexSet(t.other()) + "\"\"\") { stream } }"));
        ops.put("`correctMaxima`", new Operation(this::anIndexSet, t -> correction("correctMaxima(indexSet: \"" + t.other()
                + "\", corrections: [{code: \"1.2.1\", maximum: 2}, {code: \"1.2.2\", maximum: 5}], reason: \"Sai sót\", reference: \"CV 1\")")));
        ops.put("`correctScoringSource`", new Operation(this::anIndexSet, t -> correction("correctScoringSource(indexSet: \""
                + t.other() + "\", code: \"1.1\", source: SURVEY, reason: \"Sai sót\", reference: \"CV 1\")")));
        ops.put("`correctAppraisingAgency`", new Operation(this::anIndexSet, t -> correction("correctAppraisingAgency(indexSet: \""
                + t.other() + "\", code: \"1.1\", agency: \"SNV\", reason: \"Sai sót\", reference: \"CV 1\")")));
        ops.put("`correctApplicability`", new Operation(this::anIndexSet, t -> correction("correctApplicability(indexSet: \""
                + t.other() + "\", code: \"1.1\", notApplicableAllowed: true, reason: \"Sai sót\", reference: \"CV 1\")")));
        ops.put("`correctClassificationBands`", new Operation(this::anIndexSet, t -> correction("correctClassificationBands(indexSet: \""
                + t.other() + "\", bands: [{name: \"A\", minimumIndex: 95}, {name: \"B\", minimumIndex: 0}], reason: \"Sai sót\", reference: \"CV 1\")")));
        ops.put("`registerUnit`", new Operation(this::none, t -> mutation(
                "registerUnit(input: {code: \"%3$s\", name: \"Sở mới\", level: DEPARTMENT})", t)));
        ops.put("`assignRegion`", new Operation(this::aUnit, t -> mutation(
                "assignRegion(input: {unit: \"%s\", region: \"Vùng thử\", reason: \"NQ 81/2023/QH15\"})", t)));
        ops.put("`reorganiseUnits`", new Operation(this::aUnit, t -> mutation(
                "reorganiseUnits(input: {decision: \"QĐ đổi tên %s\", effectiveOn: \"2050-07-01\", renamings: [{unit: \"%1$s\", name: \"Sở đổi tên\"}]})", t)));
        ops.put("`scheduleRound`", new Operation(() -> new Target(null, roundYear.getAndDecrement(), null), t -> mutation(
                "scheduleRound(year: %2$d, level: COMMUNE, selfAssessmentDeadline: \"2099-03-01T00:00:00Z\")", t)));
        ops.put("`extendDeadline`", new Operation(() -> {
            Target target = new Target(null, roundYear.getAndDecrement(), null);
            setupAdmin.data(mutation("scheduleRound(year: %2$d, level: COMMUNE, selfAssessmentDeadline: \"2099-03-01T00:00:00Z\")", target), Map.of());
            return target;
        }, t -> mutation("extendDeadline(year: %2$d, level: COMMUNE, selfAssessmentDeadline: \"2099-04-01T00:00:00Z\", reason: \"Bão\")", t)));
        ops.put("`openAssessment`", new Operation(this::aUnit, t -> mutation(
                "openAssessment(unit: \"%s\", year: %d, indexSet: \"" + SET + "\")", t)));
        ops.put("`recordSelfScore`", new Operation(this::opened, t -> mutation(
                "recordSelfScore(input: {unit: \"%s\", year: %d, criterion: \"1.1\", points: 3, evidence: {documentNumber: \"12/KH\"}})", t)));
        ops.put("`recordSelfScores`", new Operation(this::opened, t -> mutation(
                "recordSelfScores(unit: \"%s\", year: %d, leaves: [{criterion: \"1.1\", points: 3, evidence: {documentNumber: \"12/KH\"}}, "
                        + "{criterion: \"1.2.1\", points: 2, explanation: \"Chưa có\"}])", t)));
        ops.put("`importScores`, a self-assessment sheet", new Operation(this::opened, t -> mutation(
                "importScores(unit: \"%s\", year: %d, kind: SELF_ASSESSMENT, format: CSV, content: \"code,points,document\\n1.1,3,12/KH\")", t)));
        ops.put("`markNotApplicable`", new Operation(this::opened, t -> mutation(
                "markNotApplicable(unit: \"%s\", year: %d, criterion: \"1.2.2\", reason: \"Không phát sinh\")", t)));
        ops.put("`markApplicable`", new Operation(this::markedNotApplicable, t -> mutation(
                "markApplicable(unit: \"%s\", year: %d, criterion: \"1.2.2\", reason: \"Có phát sinh\")", t)));
        ops.put("`submitSelfAssessment`", new Operation(() -> selfScored(YEAR), t -> mutation(
                "submitSelfAssessment(unit: \"%s\", year: %d)", t)));
        ops.put("`recordAppraisedScore`", new Operation(() -> submitted(YEAR), t -> mutation(
                "recordAppraisedScore(input: {unit: \"%s\", year: %d, criterion: \"1.1\", points: 1, reason: \"Thiếu tài liệu\"})", t)));
        ops.put("`recordAppraisedScores`", new Operation(() -> submitted(YEAR), t -> mutation(
                "recordAppraisedScores(unit: \"%s\", year: %d, leaves: [{criterion: \"1.1\", points: 1, reason: \"Thiếu\"}, "
                        + "{criterion: \"1.2.1\", points: 2}])", t)));
        ops.put("`recordSurveyScore`", new Operation(this::opened, t -> mutation(
                "recordSurveyScore(input: {unit: \"%s\", year: %d, criterion: \"2.1\", points: 5})", t)));
        ops.put("`recordSurveyResults`", new Operation(this::opened, t -> mutation(
                "recordSurveyResults(year: %2$d, level: DEPARTMENT, results: [{unit: \"%1$s\", criterion: \"2.1\", points: 6}])", t)));
        ops.put("`importSurveyResults`", new Operation(this::opened, t -> mutation(
                "importSurveyResults(year: %2$d, level: DEPARTMENT, format: CSV, content: \"unit,code,points\\n%1$s,2.1,6\")", t)));
        ops.put("`recordDeduction`", new Operation(() -> submitted(YEAR), t -> mutation(
                "recordDeduction(unit: \"%s\", year: %d, points: 1, reason: \"Chậm báo cáo\")", t)));
        ops.put("`sendPreliminaryResults`", new Operation(() -> appraised(YEAR), t -> mutation(
                "sendPreliminaryResults(unit: \"%s\", year: %d)", t)));
        ops.put("`contestAppraisal`", new Operation(this::inFeedback, t -> mutation(
                "contestAppraisal(unit: \"%s\", year: %d, criterion: \"1.1\", explanation: \"Đã có kế hoạch\")", t)));
        ops.put("`acceptAppraisal`", new Operation(this::inFeedback, t -> mutation(
                "acceptAppraisal(unit: \"%s\", year: %d, criterion: \"1.1\")", t)));
        ops.put("`decideContest`", new Operation(this::contested, t -> mutation(
                "decideContest(unit: \"%s\", year: %d, criterion: \"1.1\", points: 3, reason: \"Đủ tài liệu\")", t)));
        ops.put("`verifyAssessment`", new Operation(() -> appraised(YEAR), t -> mutation(
                "verifyAssessment(unit: \"%s\", year: %d)", t)));
        ops.put("`publishResults`", new Operation(() -> verified(publicationYear.getAndIncrement()), t -> mutation(
                "publishResults(year: %2$d, level: DEPARTMENT, within: \"" + PROVINCE
                        + "\", decision: \"QĐ công bố %1$s\", decidedOn: \"2099-01-01\")", t)));
        ops.put("`correctPublishedScore`", new Operation(this::published, t -> mutation(
                "correctPublishedScore(unit: \"%s\", year: %d, criterion: \"1.1\", points: 4, reason: \"Phúc tra\", reference: \"CV 9\")", t)));
        ops.put("`startReplay`", new Operation(this::none, t -> "mutation { startReplay(projections: [UNITS]) { state } }"));
        ops.put("`cancelReplay`", new Operation(this::replayRunning, t -> "mutation { cancelReplay { state } }"));
        ops.put("`rankings`, published (FINAL)", new Operation(() -> projected(published(), true), t -> String.format(
                "{ rankings(year: %d, level: DEPARTMENT, within: \"" + PROVINCE + "\", stage: FINAL) { entries { unitCode } } }", t.year())));
        ops.put("`rankings`, working figures (SELF_ASSESSED, APPRAISED)", new Operation(this::none, t -> String.format(
                "{ rankings(year: %d, level: DEPARTMENT, within: \"" + PROVINCE + "\", stage: APPRAISED) { entries { unitCode } } }", t.year())));
        ops.put("`rankingExport`, published (FINAL)", new Operation(() -> projected(published(), true), t -> String.format(
                "{ rankingExport(year: %d, level: DEPARTMENT, within: \"" + PROVINCE + "\", stage: FINAL, format: CSV) }", t.year())));
        ops.put("`rankingExport`, working figures (SELF_ASSESSED, APPRAISED)", new Operation(this::none, t -> String.format(
                "{ rankingExport(year: %d, level: DEPARTMENT, within: \"" + PROVINCE + "\", stage: APPRAISED, format: XLSX) }", t.year())));
        ops.put("`assessment`, published", new Operation(() -> projected(published(), true), t -> String.format(
                "{ assessment(unit: \"%s\", year: %d) { stage } }", t.unit(), t.year())));
        ops.put("`assessment`, not yet published", new Operation(() -> projected(selfScored(YEAR), false), t -> String.format(
                "{ assessment(unit: \"%s\", year: %d) { stage } }", t.unit(), t.year())));
        ops.put("`scoreSheetTemplate`", new Operation(() -> projected(selfScored(YEAR), false), t -> String.format(
                "{ scoreSheetTemplate(unit: \"%s\", year: %d, kind: SELF_ASSESSMENT) }", t.unit(), t.year())));
        ops.put("`journey`, published", new Operation(this::published, t -> String.format(
                "{ journey(unit: \"%s\", year: %d) { steps { stage } } }", t.unit(), t.year())));
        ops.put("`journey`, not yet published", new Operation(() -> submitted(YEAR), t -> String.format(
                "{ journey(unit: \"%s\", year: %d) { steps { stage } } }", t.unit(), t.year())));
        ops.put("`journeyExport`, published", new Operation(this::published, t -> String.format(
                "{ journeyExport(unit: \"%s\", year: %d, format: CSV) }", t.unit(), t.year())));
        ops.put("`journeyExport`, not yet published", new Operation(() -> submitted(YEAR), t -> String.format(
                "{ journeyExport(unit: \"%s\", year: %d, format: XLSX) }", t.unit(), t.year())));
        ops.put("`auditTrail` of one unit", new Operation(this::opened, t -> String.format(
                "{ auditTrail(unit: \"%s\") { edges { node { kind } } } }", t.unit())));
        ops.put("`auditTrail` of every unit", new Operation(this::opened, t -> "{ auditTrail(first: 5) { edges { node { kind } } } }"));
        ops.put("`auditTrail` within its province's round", new Operation(this::opened, t ->
                "{ auditTrail(within: \"" + PROVINCE + "\", first: 5) { edges { node { kind } } } }"));
        ops.put("`auditTrailExport` of one unit", new Operation(this::opened, t -> String.format(
                "{ auditTrailExport(unit: \"%s\", format: CSV) { rows } }", t.unit())));
        ops.put("`auditTrailExport` of every unit", new Operation(this::opened, t -> "{ auditTrailExport(first: 5, format: XLSX) { rows } }"));
        ops.put("`replayProgress`", new Operation(this::none, t -> "{ replayProgress { state } }"));
        ops.put("`publishedRounds`", new Operation(this::none, t -> "{ publishedRounds(level: DEPARTMENT, within: \"" + PROVINCE + "\") { year } }"));
        ops.put("`indexSets`, `indexSet`", new Operation(this::none, t -> "{ indexSets { code } indexSet(code: \"" + SET + "\") { code } }"));
        ops.put("`units`, `unit`", new Operation(this::aUnit, t -> "{ units(level: DEPARTMENT) { code } unit(code: \"" + t.unit() + "\") { name } }"));
        ops.put("`signCheckpoint`", new Operation(this::none, t -> "mutation { signCheckpoint { number rootHash } }"));
        ops.put("`verifyLedger`", new Operation(this::none, t -> "{ verifyLedger { intact } }"));
        ops.put("`verifyEvidence`", new Operation(this::none, t -> "{ verifyEvidence { files } }"));
        ops.put("`verifyCheckpoint`", new Operation(() -> new Target(null, YEAR, signedDocument()),
                t -> "{ verifyCheckpoint(document: \"\"\"" + t.other() + "\"\"\") { holds } }"));
        ops.put("`figureProof`", new Operation(() -> projected(published(), true), t -> String.format(
                "{ figureProof(unit: \"%s\", year: %d, stage: PUBLISHED) }", t.unit(), t.year())));
        ops.put("`compareReadModel`", new Operation(this::none, t -> "{ compareReadModel(projections: [UNITS]) { identical } }"));
        ops.put("`projectionStatus`, `parkedEvents`", new Operation(this::none,
                t -> "{ projectionStatus { lag } parkedEvents(projection: UNITS) { stream } }"));
        ops.put("`retryParkedEvents`", new Operation(this::none, t -> "mutation { retryParkedEvents(projection: UNITS) { applied } }"));
        ops.put("`ledgerCheckpoints`, `ledgerCheckpoint`, `ledgerKey`, `checkpointConsistency`", new Operation(() -> {
            int first = setupAdmin.data("mutation { signCheckpoint { number } }", Map.of()).at("/signCheckpoint/number").asInt();
            unit();
            int second = setupAdmin.data("mutation { signCheckpoint { number } }", Map.of()).at("/signCheckpoint/number").asInt();
            return new Target(null, YEAR, first + "," + second);
        }, t -> "{ ledgerCheckpoints { number } ledgerCheckpoint(number: " + t.other().split(",")[0] + ") { rootHash } "
                + "ledgerKey { keyId } checkpointConsistency(from: " + t.other().split(",")[0] + ", to: " + t.other().split(",")[1] + ") }"));
        return ops;
    }

    private String signedDocument() {
        return setupAdmin.data("mutation { signCheckpoint { document } }", Map.of()).at("/signCheckpoint/document").asString();
    }
}
