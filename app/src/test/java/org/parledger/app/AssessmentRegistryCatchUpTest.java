package org.parledger.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.common.Actor;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.assessment.AssessmentRegistry;
import org.parledger.command.assessment.AssessmentRegistryCatchUp;
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
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.DEFINE_INDEX_SET;
import static org.parledger.app.TestDocuments.indexSet;

/**
 * The assessment registry's catch-up follower, which runs on Axon Server (there the ledger and the registry commit
 * apart), declared here on PostgreSQL's ledger to be tested in CI. The registry is made to lose what a node killed
 * between the two commits loses (a row, a stage); the follower, stopped meanwhile like a killed node's, restores both
 * when it runs, and an event it applies late never moves a stage back. In an application context of its own (a JVM
 * of its own, see app/pom.xml).
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
        "axon.eventhandling.processors.command-assessment-registry-catch-up.initial-segment-count=1"
})
@ContextConfiguration(initializers = TestIssuer.ByIssuerUri.class)
@Import(AssessmentRegistryCatchUpTest.AsOnAxonServer.class)
class AssessmentRegistryCatchUpTest {
    private static final String SET = "RC-SET";
    private static final String PUBLISH = """
            mutation { publishResults(year: 2025, level: COMMUNE, decision: "Quyết định 3/QĐ-BCĐ", decidedOn: "2026-03-15") { stream } }""";

    @TestConfiguration
    static class AsOnAxonServer {
        @Bean
        AssessmentRegistryCatchUp assessmentRegistryCatchUp(AssessmentRegistry registry) {
            return new AssessmentRegistryCatchUp(registry);
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

    private Map<String, String> stages() {
        Map<String, String> stages = new TreeMap<>();
        jdbc.sql("SELECT unit_code, stage FROM cs_assessment WHERE unit_code LIKE 'RC-%' AND year = 2025")
                .query(rs -> {
                    stages.put(rs.getString(1), rs.getString(2));
                });
        return stages;
    }
}
