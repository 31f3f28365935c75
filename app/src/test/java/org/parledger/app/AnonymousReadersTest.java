package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/** A request without credentials is anonymous: it reads published figures only, and sends no command. */
@LedgerIntegrationTest
class AnonymousReadersTest {
    private static final String REGISTER_MINISTRY = """
            mutation($code: ID!, $name: String!) { registerUnit(input: {code: $code, name: $name, level: MINISTRY}) { stream } }""";
    @LocalServerPort
    int port;

    @Test
    void anonymousReadersSeePublishedFiguresOnly() {
        GraphQlClient anonymous = new GraphQlClient(port);
        GraphQlClient admin = anonymous.as("admin-1", "ADMIN");
        // A level and years of its own: the shared ledger's other tests publish nothing here.
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET.replace("code: IT-SET", "code: AN-SET")
                .replace("level: PROVINCE", "level: MINISTRY").replace("fromYear: 2024", "fromYear: 2030")
                .replace("toYear: 2025", "toYear: 2031")));
        GraphQlClient council = anonymous.as("council-1", "COUNCIL");
        for (String unit : new String[]{"AN-A", "AN-B"}) {
            admin.data(REGISTER_MINISTRY, Map.of("code", unit, "name", "Bộ " + unit));
            Scoring.score(admin, unit, 2030, "AN-SET", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7", null);
            council.data("mutation($unit: ID!) { verifyAssessment(unit: $unit, year: 2030) { stream } }", Map.of("unit", unit));
        }
        council.data("mutation { publishResults(year: 2030, level: MINISTRY, decision: \"QĐ 1\", decidedOn: \"2031-03-01\") { stream } }",
                Map.of());
        admin.data(REGISTER_MINISTRY, Map.of("code", "AN-C", "name", "Bộ AN-C"));
        admin.data(OPEN_UNDER, Map.of("unit", "AN-C", "year", 2031, "set", "AN-SET"));

        String finalRanking = "{ rankings(year: 2030, level: MINISTRY, stage: FINAL) { entries { unitCode published { rank } } } }";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(anonymous.data(finalRanking, Map.of()).at("/rankings/entries").size()).isEqualTo(2));
        assertThat(anonymous.data("{ assessment(unit: \"AN-A\", year: 2030) { appraisedIndex } }", Map.of())
                .at("/assessment/appraisedIndex").decimalValue()).isEqualByComparingTo("95");
        assertThat(anonymous.data("{ journey(unit: \"AN-A\", year: 2030) { steps { stage } } }", Map.of())
                .at("/journey/steps").size()).isPositive();

        refused(anonymous, "{ rankings(year: 2030, level: MINISTRY) { entries { unitCode } } }", "stage");
        refused(anonymous.withHeader("X-Actor", "anyone").withHeader("X-Actor-Role", "ADMIN"),
                "{ rankings(year: 2030, level: MINISTRY) { entries { unitCode } } }", "stage");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !admin.data("{ assessment(unit: \"AN-C\", year: 2031) { stage } }", Map.of()).get("assessment").isNull());
        refused(anonymous, "{ assessment(unit: \"AN-C\", year: 2031) { stage } }", null);
        refused(anonymous, "{ auditTrail(unit: \"AN-A\") { edges { node { kind } } } }", null);
        refused(anonymous, "mutation { submitSelfAssessment(unit: \"AN-C\", year: 2031) { stream } }", null);
        assertThat(admin.data("{ rankings(year: 2030, level: MINISTRY) { entries { unitCode } } }", Map.of())
                .at("/rankings/entries").size()).isEqualTo(2);
    }

    private static void refused(GraphQlClient client, String document, String field) {
        JsonNode error = client.error(document, Map.of());
        assertThat(error.at("/extensions/code").asString()).as(error.toString()).isEqualTo("UNAUTHENTICATED");
        if (field != null) assertThat(error.at("/extensions/field").asString()).isEqualTo(field);
    }
}
