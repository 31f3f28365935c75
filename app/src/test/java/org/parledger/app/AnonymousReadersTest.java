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
    private static final byte[] PDF = "%PDF-1.4\n% AN-A\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    @LocalServerPort
    int port;
    /** The SHA-256 of the file AN-A's assessor cited. */
    private String evidence;

    private void citeEvidence(GraphQlClient assessor) {
        try {
            var uploaded = EvidenceUploads.upload(port, assessor.authorization(), "AN-A", "QĐ 7.pdf", "application/pdf", PDF);
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            evidence = EvidenceUploads.sha256(uploaded);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        for (String points : new String[]{"4.5", "5"}) {
            assessor.data("""
                    mutation($sha: String!, $points: Decimal!) { recordSelfScore(input: {unit: "AN-A", year: 2030, criterion: "1.1",
                      points: $points, evidence: {files: [{sha256: $sha}]}}) { stream } }""", Map.of("sha", evidence, "points", points));
        }
    }

    private static java.util.List<String> citedFiles(JsonNode answer) {
        return answer.findValues("sha256").stream().map(JsonNode::asString).toList();
    }

    @Test
    void anonymousReadersSeePublishedFiguresOnly() throws Exception {
        GraphQlClient anonymous = new GraphQlClient(port);
        GraphQlClient admin = anonymous.as("admin-1", "ADMIN");
        // A level and years of its own: the shared ledger's other tests publish nothing here.
        admin.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET.replace("code: IT-SET", "code: AN-SET")
                .replace("level: PROVINCE", "level: MINISTRY").replace("fromYear: 2024", "fromYear: 2030")
                .replace("toYear: 2025", "toYear: 2031")));
        GraphQlClient council = anonymous.as("council-1", "COUNCIL");
        for (String unit : new String[]{"AN-A", "AN-B"}) {
            admin.data(REGISTER_MINISTRY, Map.of("code", unit, "name", "Bộ " + unit));
            // AN-A's assessor revises 1.1 (and back) citing a scanned decision: working evidence, which published figures never show.
            Scoring.score(admin, unit, 2030, "AN-SET", Map.of("1.1", "5", "1.2.1", "3", "1.2.2", "4"), "7", null,
                    assessor -> {
                        if (unit.equals("AN-A")) citeEvidence(assessor);
                    });
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
        // The published journey keeps its leaf changes but not the files cited for them, nor may the files be fetched.
        String changes = "{ journey(unit: \"AN-A\", year: 2030) { steps { changes { criterion files { sha256 } } } } }";
        GraphQlClient inspector = admin.as("inspector-an", "INSPECTOR");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(citedFiles(inspector.data(changes, Map.of()))).contains(evidence));
        JsonNode published = anonymous.data(changes, Map.of());
        assertThat(published.at("/journey/steps").findValues("criterion")).isNotEmpty();
        assertThat(citedFiles(published)).isEmpty();
        String export = "{ journeyExport(unit: \"AN-A\", year: 2030, format: CSV) }";
        assertThat(inspector.data(export, Map.of()).at("/journeyExport").asString()).contains(evidence);
        assertThat(anonymous.data(export, Map.of()).at("/journeyExport").asString()).contains("1.1").doesNotContain(evidence)
                .doesNotContain("QĐ 7.pdf");
        assertThat(EvidenceUploads.download(port, null, "/evidence/" + evidence).statusCode()).isEqualTo(401);

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
