package org.parledger.app;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.command.support.ProcessedRequestsCatchUp;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.common.Actor;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.assessment.AssessmentRegistry;
import org.parledger.command.assessment.AssessmentRegistryCatchUp;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.DEFINE_INDEX_SET;
import static org.parledger.app.TestDocuments.OPEN_UNDER;
import static org.parledger.app.TestDocuments.indexSet;

/**
 * The two catch-up followers that run on Axon Server (there the ledger and the command side's rows commit apart),
 * declared here on PostgreSQL's ledger to be tested in CI. The registry and the processed requests are made to lose
 * what a node killed between the two commits loses; the followers, stopped meanwhile like a killed node's, restore it
 * when they run. In an application context of its own (a JVM of its own, see app/pom.xml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=false",
        "parledger.embedded.data-dir=target/test-postgres-registry",
        "parledger.embedded.clean=true",
        "parledger.integrity.checkpoint-every=0s",
        "parledger.security.rate-limit.mutations=0",
        "parledger.security.demo-accounts.enabled=false",
        // As application-axonserver.yml runs it.
        "axon.eventhandling.processors.command-assessment-registry-catch-up.mode=pooled",
        "axon.eventhandling.processors.command-assessment-registry-catch-up.initial-segment-count=1",
        "axon.eventhandling.processors.command-processed-requests-catch-up.mode=pooled",
        "axon.eventhandling.processors.command-processed-requests-catch-up.initial-segment-count=1"
})
@ContextConfiguration(initializers = TestIssuer.ByIssuerUri.class)
@Import(CatchUpFollowersTest.AsOnAxonServer.class)
class CatchUpFollowersTest {
    private static final String SET = "RC-SET";
    private static final String PUBLISH = """
            mutation { publishResults(year: 2025, level: COMMUNE, decision: "Quyết định 3/QĐ-BCĐ", decidedOn: "2026-03-15") { stream } }""";

    @TestConfiguration
    static class AsOnAxonServer {
        @Bean
        AssessmentRegistryCatchUp assessmentRegistryCatchUp(AssessmentRegistry registry) {
            return new AssessmentRegistryCatchUp(registry);
        }

        @Bean
        ProcessedRequestsCatchUp processedRequestsCatchUp(JdbcClient jdbc, EventStore ledger, Serializer serializer) {
            return new ProcessedRequestsCatchUp(jdbc, ledger, serializer);
        }

        @Bean
        static ConfigurerModule processedRequestsCatchUpStart(ObjectProvider<JdbcClient> jdbc) {
            return ProcessedRequestsCatchUp.startingPoint(jdbc::getObject);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AssessmentRegistryCatchUp catchUp;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ProcessedRequestsCatchUp requests;
    @Autowired
    EventStore ledger;
    @Autowired
    Serializer serializer;
    @Autowired
    javax.cache.Cache<Object, Object> assessments;

    @Test
    void whatTheRegistryLostIsRestoredAndNoStageMovesBack() {
        StreamingEventProcessor follower = processing.eventProcessor(AssessmentRegistryCatchUp.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(follower::isRunning);
        follower.shutDown(); // as a killed node's: what follows is stored while it does not run

        GraphQlClient admin = GraphQlClient.admin(port);
        GraphQlClient council = admin.as("council-rc", "COUNCIL");
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet(SET).replace("level: PROVINCE", "level: COMMUNE")));
        for (String unit : List.of("RC-A", "RC-B", "RC-C")) {
            admin.data("mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: COMMUNE}) { stream } }",
                    Map.of("code", unit, "name", "Xã " + unit));
            Scoring.score(admin, unit, 2025, SET, Map.of("1.1", "4", "1.2.1", "3", "1.2.2", "4"), "6", null);
        }
        council.data("mutation { verifyAssessment(unit: \"RC-A\", year: 2025) { stream } }", Map.of());
        assertThat(stages()).isEqualTo(Map.of("RC-A", "VERIFIED", "RC-B", "APPRAISAL", "RC-C", "APPRAISAL"));

        // What a node killed after Axon Server stored the events and before PostgreSQL committed the rows leaves.
        jdbc.sql("DELETE FROM cs_assessment WHERE unit_code = 'RC-C'").update();
        jdbc.sql("UPDATE cs_assessment SET stage = 'APPRAISAL' WHERE unit_code = 'RC-A'").update();
        JsonNode refused = council.error(PUBLISH, Map.of());
        assertThat(refused.get("message").asString()).as("publication would not see RC-C").contains("RC-A (APPRAISAL)")
                .doesNotContain("RC-C");

        follower.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stages())
                .isEqualTo(Map.of("RC-A", "VERIFIED", "RC-B", "APPRAISAL", "RC-C", "APPRAISAL")));
        assertThat(council.error(PUBLISH, Map.of()).get("message").asString()).contains("RC-B (APPRAISAL)", "RC-C (APPRAISAL)")
                .doesNotContain("RC-A");

        // An earlier event applied after a later one (the follower a moment behind the registry) changes nothing.
        new TransactionTemplate(transactions).executeWithoutResult(status -> catchUp.on(new SelfAssessmentSubmitted(
                new AssessmentId(new UnitCode("RC-A"), 2025), new BigDecimal("11"), new Actor("assessor-rc-a", "ASSESSOR", "RC-A"))));
        assertThat(stages()).containsEntry("RC-A", "VERIFIED");
    }

    @Test
    void aRequestIdTheCommandSideLostIsRestoredFromTheLedgerAndItsRetryRecordsNothing() {
        StreamingEventProcessor follower = processing.eventProcessor(ProcessedRequestsCatchUp.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(requests::caughtUp);

        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("RQ-SET")));
        admin.data("mutation { registerUnit(input: {code: \"RQ-A\", name: \"Sở RQ-A\", level: PROVINCE}) { stream } }", Map.of());
        admin.data(OPEN_UNDER, Map.of("unit", "RQ-A", "year", 2025, "set", "RQ-SET"));
        GraphQlClient assessor = admin.assessorOf("RQ-A");
        follower.shutDown(); // as a killed node's: what follows is stored while it does not run

        long single = assessor.data(ONE, Map.of("points", "3", "requestId", "rq-single")).at("/recordSelfScore/version").asLong();
        long batch = assessor.data(BATCH, Map.of("requestId", "rq-batch")).at("/recordSelfScores/version").asLong();
        long kept = assessor.data(ONE, Map.of("points", "4", "requestId", "rq-kept")).at("/recordSelfScore/version").asLong();
        assertThat(batch).as("the batch records two scores").isEqualTo(single + 2);
        Map<String, Map<String, Object>> committed = requestRows();
        assertThat(committed.get("rq-kept")).containsEntry("result_version", kept).containsEntry("restored", false);
        assertThat(events("rq-batch")).as("each event says which request recorded it").isEqualTo(2);

        // What a node killed after Axon Server stored the events and before PostgreSQL committed the rows leaves.
        jdbc.sql("DELETE FROM cs_processed_request WHERE request_id IN ('rq-single', 'rq-batch')").update();
        // A node started now may not claim ids until the follower has read what the ledger holds.
        ProcessedRequestsCatchUp restarted = new ProcessedRequestsCatchUp(jdbc, ledger, serializer);
        assertThat(restarted.caughtUp()).isFalse();
        assertThatThrownBy(restarted::requireCaughtUp).isInstanceOfSatisfying(LedgerException.class, refused -> {
            assertThat(refused.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refused.error().retryAfterSeconds()).isEqualTo(ProcessedRequestsCatchUp.RETRY_AFTER_SECONDS);
        });

        follower.start();
        await().atMost(Duration.ofSeconds(30)).until(restarted::caughtUp);
        Map<String, Map<String, Object>> restored = requestRows();
        for (String id : List.of("rq-single", "rq-batch")) {
            Map<String, Object> row = new TreeMap<>(committed.get(id));
            row.put("restored", true);
            row.remove("recorded_at");
            Map<String, Object> back = new TreeMap<>(restored.get(id));
            back.remove("recorded_at");
            assertThat(back).as(id).isEqualTo(row);
        }
        assertThat(restored.get("rq-kept")).as("a row committed with its command is left as it was").isEqualTo(committed.get("rq-kept"));
        assertThat(ProcessedRequestsCatchUp.startingToken(jdbc, ledger)).as("with ids held, a first start is at the head")
                .isEqualTo(ledger.createHeadToken());

        // The client's retries: answered with the first result, nothing recorded twice; other points are refused.
        assertThat(assessor.data(ONE, Map.of("points", "3", "requestId", "rq-single")).at("/recordSelfScore/version").asLong())
                .isEqualTo(single);
        assertThat(assessor.data(BATCH, Map.of("requestId", "rq-batch")).at("/recordSelfScores/version").asLong()).isEqualTo(batch);
        assertThat(assessor.error(ONE, Map.of("points", "5", "requestId", "rq-single")).at("/extensions/code").asString())
                .isEqualTo("CONFLICT");
        assertThat(events("rq-single")).isEqualTo(1);
        assertThat(events("rq-batch")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = 'assessment:RQ-A:2025'")
                .query(Long.class).single()).isEqualTo(kept);
    }

    @Test
    void aRetryThatArrivesBeforeTheFollowerRestoredItsRowIsAnsweredByTheStreamItself() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("RS-SET")));
        admin.data("mutation { registerUnit(input: {code: \"RQ-B\", name: \"Sở RQ-B\", level: PROVINCE}) { stream } }", Map.of());
        admin.data(OPEN_UNDER, Map.of("unit", "RQ-B", "year", 2025, "set", "RS-SET"));
        GraphQlClient assessor = admin.assessorOf("RQ-B");
        StreamingEventProcessor follower = processing.eventProcessor(ProcessedRequestsCatchUp.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(requests::caughtUp);
        follower.shutDown(); // held by the killed node: nothing restores the rows meanwhile

        String one = ONE.replace("RQ-A", "RQ-B");
        long first = assessor.data(one, Map.of("points", "3", "requestId", "rq-stream")).at("/recordSelfScore/version").asLong();
        // Enough later changes (without ids) that the stream is loaded from a snapshot taken after the request, naming it.
        long last = first;
        for (int i = 0; i < 110; i++) {
            last = assessor.data(one, Map.of("points", String.valueOf(i % 4)))
                    .at("/recordSelfScore/version").asLong();
        }
        long lastVersion = last;
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = 'assessment:RQ-B:2025'
                        AND sequencenumber > :first AND sequencenumber < :last
                        AND position(convert_to('"rq-stream"', 'UTF8') IN payload) > 0""")
                .param("first", first).param("last", lastVersion).query(Long.class).single() > 0);

        // The node that recorded it is gone with its row and its cache; this node loads the stream from the snapshot.
        jdbc.sql("DELETE FROM cs_processed_request WHERE request_id = 'rq-stream'").update();
        assessments.removeAll();
        assertThat(assessor.data(one, Map.of("points", "3", "requestId", "rq-stream")).at("/recordSelfScore/version").asLong())
                .isEqualTo(first);
        assertThat(assessor.error(one, Map.of("points", "2", "requestId", "rq-stream")).at("/extensions/code").asString())
                .isEqualTo("CONFLICT");
        assertThat(events("rq-stream")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = 'assessment:RQ-B:2025'")
                .query(Long.class).single()).isEqualTo(lastVersion);
        assertThat(requestRows().get("rq-stream")).as("the retry's row answers the next one").containsEntry("result_version", first)
                .containsEntry("restored", false);

        // Survey results change many assessments at once: the first one's stream says whether they were recorded.
        GraphQlClient survey = admin.as("survey-rq", "SURVEY");
        String results = """
                mutation($requestId: String) { recordSurveyResults(year: 2025, level: PROVINCE, requestId: $requestId,
                    results: [{unit: "RQ-B", criterion: "2.1", points: 6}]) { stream } }""";
        survey.data(results, Map.of("requestId", "rq-survey"));
        jdbc.sql("DELETE FROM cs_processed_request WHERE request_id = 'rq-survey'").update();
        assessments.removeAll();
        survey.data(results, Map.of("requestId", "rq-survey"));
        assertThat(survey.error(results.replace("points: 6", "points: 5"), Map.of("requestId", "rq-survey"))
                .at("/extensions/code").asString()).isEqualTo("CONFLICT");
        assertThat(events("rq-survey")).isEqualTo(1);
        follower.start();
    }

    @Test
    void retriesOfAnOpeningAVersionedChangeAndAPublicationAreAnsweredByTheStreamsToo() {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("RP-SET")));
        for (String unit : List.of("RQ-O", "RQ-P")) {
            admin.data("mutation($code: ID!) { registerUnit(input: {code: $code, name: \"Sở\", level: PROVINCE}) { stream } }",
                    Map.of("code", unit));
        }
        StreamingEventProcessor follower = processing.eventProcessor(ProcessedRequestsCatchUp.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(requests::caughtUp);
        follower.shutDown(); // held by the killed node: nothing restores the rows meanwhile

        // An opening: its retry is not "already open"; another opening is.
        String open = """
                mutation($requestId: String) {
                  openAssessment(unit: "RQ-O", year: 2024, indexSet: "RP-SET", requestId: $requestId) { version } }""";
        assertThat(admin.data(open, Map.of("requestId", "rq-open")).at("/openAssessment/version").asLong()).isZero();
        lose("rq-open");
        assertThat(admin.data(open, Map.of("requestId", "rq-open")).at("/openAssessment/version").asLong()).isZero();
        assertThat(admin.error(open, Map.of("requestId", "rq-open-again")).at("/extensions/code").asString())
                .isEqualTo("ALREADY_EXISTS");
        assertThat(events("rq-open")).isEqualTo(1);

        // A change based on a version: its retry keeps that version, which its own first attempt has passed.
        GraphQlClient assessor = admin.assessorOf("RQ-O");
        String versioned = """
                mutation($points: Decimal!, $requestId: String, $expected: Int) {
                  recordSelfScore(input: {unit: "RQ-O", year: 2024, criterion: "1.1", points: $points,
                                          evidence: {documentNumber: "15/KH-UBND"}}, requestId: $requestId,
                                  expectedVersion: $expected) { version } }""";
        Map<String, Object> first = Map.of("points", "3", "requestId", "rq-versioned", "expected", 0);
        assertThat(assessor.data(versioned, first).at("/recordSelfScore/version").asLong()).isEqualTo(1);
        assertThat(assessor.data(versioned, Map.of("points", "2")).at("/recordSelfScore/version").asLong()).isEqualTo(2);
        lose("rq-versioned");
        assertThat(assessor.data(versioned, first).at("/recordSelfScore/version").asLong()).isEqualTo(1);
        assertThat(assessor.error(versioned, Map.of("points", "1", "requestId", "rq-stale", "expected", 0))
                .at("/extensions/code").asString()).as("a new change on a passed version").isEqualTo("CONFLICT");
        assertThat(events("rq-versioned")).isEqualTo(1);

        // A publication changes every assessment of its round at once: the first one's stream says it was recorded.
        Scoring.score(admin, "RQ-P", 2026, "RP-SET", Map.of("1.1", "4", "1.2.1", "3", "1.2.2", "4"), "6", null);
        GraphQlClient council = admin.as("council-rq", "COUNCIL");
        council.data("mutation { verifyAssessment(unit: \"RQ-P\", year: 2026) { stream } }", Map.of());
        String publish = """
                mutation($requestId: String) { publishResults(year: 2026, level: PROVINCE, decision: "Quyết định 9/QĐ-BCĐ",
                    decidedOn: "2026-11-20", requestId: $requestId) { stream } }""";
        council.data(publish, Map.of("requestId", "rq-publish"));
        long published = events("rq-publish");
        assertThat(published).as("the assessment's event and the publication's").isEqualTo(2);
        lose("rq-publish");
        council.data(publish, Map.of("requestId", "rq-publish"));
        assertThat(council.error(publish, Map.of("requestId", "rq-publish-again")).at("/extensions/code").asString())
                .isEqualTo("ALREADY_EXISTS");
        assertThat(events("rq-publish")).isEqualTo(published);
        follower.start();
    }

    /** What a node killed between its two commits leaves: the events without the row, and no node that cached them. */
    private void lose(String requestId) {
        assertThat(jdbc.sql("DELETE FROM cs_processed_request WHERE request_id = :id").param("id", requestId).update()).isEqualTo(1);
        assessments.removeAll();
    }

    private static final String ONE = """
            mutation($points: Decimal!, $requestId: String) {
              recordSelfScore(input: {unit: "RQ-A", year: 2025, criterion: "1.1", points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}, requestId: $requestId) { version } }""";
    private static final String BATCH = """
            mutation($requestId: String) { recordSelfScores(unit: "RQ-A", year: 2025, requestId: $requestId, leaves: [
                {criterion: "1.2.1", points: 2, evidence: {documentNumber: "16/KH-UBND"}},
                {criterion: "1.2.2", points: 1, explanation: "Chưa đủ"}]) { version } }""";

    private Map<String, Map<String, Object>> requestRows() {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        jdbc.sql("""
                        SELECT request_id, command_type, stream, payload_hash, result_version, recorded_at, restored
                        FROM cs_processed_request WHERE request_id LIKE 'rq-%'""")
                .query(rs -> {
                    Map<String, Object> row = new TreeMap<>();
                    for (String column : List.of("command_type", "stream", "payload_hash", "result_version", "recorded_at", "restored")) {
                        row.put(column, rs.getObject(column));
                    }
                    rows.put(rs.getString("request_id"), row);
                });
        return rows;
    }

    /** The events whose metadata names the request. */
    private long events(String requestId) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE position(convert_to(:id, 'UTF8') IN metadata) > 0")
                .param("id", "\"" + requestId + "\"").query(Long.class).single();
    }

    private Map<String, String> stages() {
        Map<String, String> stages = new TreeMap<>();
        jdbc.sql("SELECT unit_code, stage FROM cs_assessment WHERE unit_code LIKE 'RC-%' AND year = 2025")
                .query(rs -> {
                    stages.put(rs.getString(1), rs.getString(2));
                });
        return stages;
    }
}
