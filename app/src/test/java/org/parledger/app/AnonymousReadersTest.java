package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * With no default user configured, a request without an actor is anonymous: it reads published figures
 * only, and sends no command. It needs an application context of its own, so it runs in a JVM of its own
 * (see the surefire configuration in app/pom.xml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parledger.sample-data.enabled=false",
        "parledger.embedded.data-dir=target/test-postgres-anonymous",
        "parledger.embedded.clean=true",
        "parledger.actor.default-user="
})
class AnonymousReadersTest {
    @LocalServerPort
    int port;

    @Test
    void anonymousReadersSeePublishedFiguresOnly() {
        GraphQlClient anonymous = new GraphQlClient(port);
        GraphQlClient admin = anonymous.as("admin-1", "ADMIN");
        GraphQlClient council = anonymous.as("council-1", "COUNCIL");
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
        for (String unit : new String[]{"AN-A", "AN-B"}) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            Scoring.score(admin, unit, 2024, "IT-SET", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7", null);
            council.data("mutation($unit: ID!) { verifyAssessment(unit: $unit, year: 2024) { stream } }", Map.of("unit", unit));
        }
        council.data("mutation { publishResults(year: 2024, level: PROVINCE, decision: \"QĐ 1\", decidedOn: \"2025-03-01\") { stream } }",
                Map.of());
        admin.data(REGISTER_UNIT, Map.of("code", "AN-C", "name", "Tỉnh AN-C"));
        admin.data(OPEN_UNDER, Map.of("unit", "AN-C", "year", 2025, "set", "IT-SET"));

        String finalRanking = "{ rankings(year: 2024, level: PROVINCE, stage: FINAL) { entries { unitCode published { rank } } } }";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(anonymous.data(finalRanking, Map.of()).at("/rankings/entries").size()).isEqualTo(2));
        assertThat(anonymous.data("{ assessment(unit: \"AN-A\", year: 2024) { appraisedIndex } }", Map.of())
                .at("/assessment/appraisedIndex").decimalValue()).isEqualByComparingTo("95");
        assertThat(anonymous.data("{ journey(unit: \"AN-A\", year: 2024) { steps { stage } } }", Map.of())
                .at("/journey/steps").size()).isPositive();

        refused(anonymous, "{ rankings(year: 2024, level: PROVINCE) { entries { unitCode } } }", "stage");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !admin.data("{ assessment(unit: \"AN-C\", year: 2025) { stage } }", Map.of()).get("assessment").isNull());
        refused(anonymous, "{ assessment(unit: \"AN-C\", year: 2025) { stage } }", null);
        refused(anonymous, "{ auditTrail(unit: \"AN-A\") { edges { node { kind } } } }", null);
        refused(anonymous, "mutation { submitSelfAssessment(unit: \"AN-C\", year: 2025) { stream } }", null);
        assertThat(admin.data("{ rankings(year: 2024, level: PROVINCE) { entries { unitCode } } }", Map.of())
                .at("/rankings/entries").size()).isEqualTo(2);
    }

    private static void refused(GraphQlClient client, String document, String field) {
        JsonNode error = client.error(document, Map.of());
        assertThat(error.at("/extensions/code").asString()).as(error.toString()).isEqualTo("WRONG_ROLE");
        if (field != null) assertThat(error.at("/extensions/field").asString()).isEqualTo(field);
    }
}
