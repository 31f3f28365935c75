package org.parledger.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.parledger.query.unit.UnitsProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * Every mutation answers the ledger position of its event; every query takes it as consistentWith and answers once
 * the read model has passed it, or NOT_CAUGHT_UP. Several nodes: MultiNodeTest.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadYourWritesTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    GraphQlClient admin;
    GraphQlClient assessor;

    @BeforeAll
    void openAnAssessment() {
        admin = GraphQlClient.admin(port);
        assessor = admin.assessorOf("RYW-A");
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", "RYW-A", "name", "Tỉnh Đọc Lại"));
        admin.data(OPEN, Map.of("unit", "RYW-A", "year", 2025));
    }

    @Test
    void theAnswerNamesTheEventsPositionAndAReadWithItSeesTheChange() {
        for (int i = 0; i < 10; i++) {
            String points = String.valueOf(i % 5);
            JsonNode accepted = assessor.data("""
                    mutation($p: Decimal!) { recordSelfScore(input: {unit: "RYW-A", year: 2025, criterion: "1.1", points: $p,
                      evidence: {documentNumber: "1/KH"}}) { stream version position } }""", Map.of("p", points)).get("recordSelfScore");
            long position = accepted.get("position").asLong();
            assertThat(jdbc.sql("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                    .param(accepted.get("stream").asString()).param(accepted.get("version").asLong()).query(Long.class).single())
                    .isEqualTo(position);
            JsonNode read = assessor.data("""
                    query($c: Float) { assessment(unit: "RYW-A", year: 2025, consistentWith: $c) { selfAssessedPoints } }""",
                    Map.of("c", position));
            assertThat(read.at("/assessment/selfAssessedPoints").decimalValue()).isEqualByComparingTo(points);
        }
    }

    /**
     * The position costs a query after the commit, so it is read only for a client that selects it; and a change
     * chains to its stream's last event, committed by this node, without reading it back. The chain still verifies.
     */
    @Test
    void aChangeReadsNeitherItsPredecessorNorItsPositionUnlessItsAnswerAsks() {
        String score = """
                mutation($p: Decimal!) { recordSelfScore(input: {unit: "RYW-A", year: 2025, criterion: "1.2.1", points: $p,
                  evidence: {documentNumber: "1/KH"}}) { %s } }""";
        assessor.data(score.formatted("version"), Map.of("p", "1"));
        ConnectionWatch.reset();
        assertThat(assessor.data(score.formatted("version"), Map.of("p", "2")).at("/recordSelfScore/version").isNumber()).isTrue();
        List<String> statements = ConnectionWatch.statements();
        assertThat(statements).as("%s", statements)
                .anyMatch(sql -> sql.startsWith("INSERT INTO DomainEventEntry"))
                .noneMatch(sql -> sql.contains("FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber >= ?"))
                .noneMatch(sql -> sql.startsWith("SELECT globalindex FROM domainevententry"));

        ConnectionWatch.reset();
        JsonNode asked = assessor.data(score.formatted("stream version position"), Map.of("p", "3")).get("recordSelfScore");
        assertThat(ConnectionWatch.statements()).filteredOn(sql -> sql.startsWith("SELECT globalindex FROM domainevententry")).hasSize(1);
        assertThat(jdbc.sql("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .param(asked.get("stream").asString()).param(asked.get("version").asLong()).query(Long.class).single())
                .isEqualTo(asked.get("position").asLong());
        assertThat(admin.data("{ verifyLedger { intact } }", Map.of()).at("/verifyLedger/intact").asBoolean()).isTrue();
    }

    /**
     * A change of many leaves reads the index set's rules once, as a change of one leaf does: whether the cached rules
     * are current is one statement per stream consulted, not one per leaf.
     */
    @Test
    void aChangeOfManyLeavesConsultsTheRulesAsOftenAsAChangeOfOne() {
        admin.data(REGISTER_UNIT, Map.of("code", "RYW-B", "name", "Tỉnh Nhiều Lá"));
        admin.data(OPEN, Map.of("unit", "RYW-B", "year", 2025));
        GraphQlClient assessor = admin.assessorOf("RYW-B");
        String one = """
                mutation { recordSelfScores(unit: "RYW-B", year: 2025, leaves: [
                  {criterion: "1.1", points: 1, evidence: {documentNumber: "1/KH"}}]) { version } }""";
        String three = """
                mutation($p: Decimal!) { recordSelfScores(unit: "RYW-B", year: 2025, leaves: [
                  {criterion: "1.1", points: $p, evidence: {documentNumber: "1/KH"}},
                  {criterion: "1.2.1", points: $p, evidence: {documentNumber: "2/KH"}},
                  {criterion: "1.2.2", points: $p, explanation: "Chưa có"}]) { version } }""";
        assessor.data(three, Map.of("p", "1"));
        ConnectionWatch.reset();
        assessor.data(one, Map.of());
        List<String> ofOne = ConnectionWatch.statements();
        ConnectionWatch.reset();
        assessor.data(three, Map.of("p", "2"));
        List<String> ofThree = ConnectionWatch.statements();
        assertThat(ofThree).as("%s", ofThree).anyMatch(sql -> sql.startsWith("INSERT INTO DomainEventEntry"));
        assertThat(ofThree).as("%s against %s", ofThree, ofOne)
                .filteredOn(sql -> !sql.startsWith("INSERT INTO DomainEventEntry")).hasSameSizeAs(
                        ofOne.stream().filter(sql -> !sql.startsWith("INSERT INTO DomainEventEntry")).toList());
    }

    /** A level's survey results read the index set once, however many assessments they score. */
    @Test
    void surveyResultsForManyUnitsConsultTheRulesAsOftenAsForOne() {
        for (int i = 0; i < 3; i++) {
            admin.data(REGISTER_UNIT, Map.of("code", "RYW-S" + i, "name", "Tỉnh Khảo Sát " + i));
            admin.data(OPEN, Map.of("unit", "RYW-S" + i, "year", 2025));
        }
        GraphQlClient survey = admin.as("survey-ryw", "SURVEY");
        String results = """
                mutation($r: [SurveyResultInput!]!) { recordSurveyResults(year: 2025, level: PROVINCE, results: $r) { stream } }""";
        List<Map<String, Object>> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) three.add(Map.of("unit", "RYW-S" + i, "criterion", "2.1", "points", "5"));
        survey.data(results, Map.of("r", three)); // every assessment loaded once before counting
        ConnectionWatch.reset();
        survey.data(results, Map.of("r", List.of(Map.of("unit", "RYW-S0", "criterion", "2.1", "points", "6"))));
        List<String> ofOne = ConnectionWatch.statements();
        three.replaceAll(result -> Map.of("unit", result.get("unit"), "criterion", "2.1", "points", "7"));
        ConnectionWatch.reset();
        survey.data(results, Map.of("r", three));
        List<String> ofThree = ConnectionWatch.statements();
        assertThat(ofThree).as("%s against %s", ofThree, ofOne)
                .filteredOn(sql -> !sql.startsWith("INSERT INTO DomainEventEntry")).hasSameSizeAs(
                        ofOne.stream().filter(sql -> !sql.startsWith("INSERT INTO DomainEventEntry")).toList());
    }

    /**
     * A position the read model has not passed is NOT_CAUGHT_UP after the wait (here the units projection is stopped
     * while a unit is registered); one beyond the ledger's last is refused at once: no change was answered with it, and
     * waiting for it held a request thread for the whole wait, for anyone.
     */
    @Test
    void aPositionNotReachedIsNotCaughtUpAndANonsensicalOneIsRefused() {
        StreamingEventProcessor units = processing.eventProcessor(UnitsProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        long registered;
        units.shutDown();
        try {
            registered = admin.data("mutation { registerUnit(input: {code: \"RYW-LATE\", name: \"Tỉnh Chậm\", level: PROVINCE}) { position } }",
                    Map.of()).at("/registerUnit/position").asLong();
            JsonNode late = admin.error("query($c: Float) { units(level: PROVINCE, consistentWith: $c) { code } }", Map.of("c", registered));
            assertThat(late.at("/extensions/code").asString()).isEqualTo("NOT_CAUGHT_UP");
            assertThat(late.at("/extensions/field").asString()).isEqualTo("consistentWith");
        } finally {
            units.start();
        }
        assertThat(admin.data("query($c: Float) { units(level: PROVINCE, consistentWith: $c) { code } }", Map.of("c", registered))
                .at("/units").findValuesAsString("code")).contains("RYW-LATE");

        long head = jdbc.sql("SELECT max(globalindex) FROM domainevententry").query(Long.class).single();
        JsonNode beyond = admin.error("query($c: Float) { units(level: PROVINCE, consistentWith: $c) { code } }", Map.of("c", head + 1_000_000));
        assertThat(beyond.at("/extensions/code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(beyond.at("/extensions/field").asString()).isEqualTo("consistentWith");
        assertThat(beyond.at("/message").asString()).contains("no change was answered with position " + (head + 1_000_000));
        for (Object position : new Object[]{-1, 1.5, 1e300}) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("c", position);
            JsonNode refused = admin.error("query($c: Float) { units(level: PROVINCE, consistentWith: $c) { code } }", variables);
            assertThat(refused.at("/extensions/code").asString()).as(String.valueOf(position)).isEqualTo("INVALID_ARGUMENT");
            assertThat(refused.at("/extensions/field").asString()).isEqualTo("consistentWith");
        }
        // Every query field takes it, without each schema file repeating it.
        JsonNode fields = admin.data("{ __type(name: \"Query\") { fields { name args { name } } } }", Map.of()).at("/__type/fields");
        for (JsonNode field : fields) {
            assertThat(field.get("args").findValuesAsString("name")).as(field.get("name").asString()).contains("consistentWith");
        }
    }
}
