package org.parledger.app;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.Test;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.unit.UnitCode;
import org.parledger.app.integrity.EventChain;
import org.parledger.proof.EventHashing;
import org.parledger.proof.Hashes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * Nodes' clocks differ: a change recorded on a node whose clock is a minute behind carries a stamp before the changes it
 * followed. An answer as of an instant is the stream as it stood then (its events up to the first stamped later), not
 * the events whose stamps happen to be earlier: before, as of the opening it showed the later score without the
 * earlier one, and as of a moment before the opening an assessment that had not been opened.
 */
@LedgerIntegrationTest
class AsOfUnderClockSkewTest {
    private static final String UNIT = "SKW-A";
    private static final String AS_OF = """
            query($asOf: DateTime) { assessment(unit: "SKW-A", year: 2025, asOf: $asOf) { selfAssessedPoints leaves { code selfAssessed } } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    EventChain chain;
    @Autowired
    PlatformTransactionManager transactions;

    private JsonNode asOf(GraphQlClient reader, Instant at) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("asOf", at == null ? null : at.toString());
        return reader.data(AS_OF, variables).get("assessment");
    }

    private static String selfAssessed(JsonNode assessment, String leaf) {
        for (JsonNode l : assessment.get("leaves")) if (l.get("code").asString().equals(leaf)) return l.get("selfAssessed").asString(null);
        throw new AssertionError("no leaf " + leaf + " in " + assessment);
    }

    @Test
    void anAnswerAsOfAnInstantIsTheStreamAsItStoodWhateverTheNodesClocks() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh " + UNIT));
        admin.data(OPEN_UNDER, Map.of("unit", UNIT, "year", 2025, "set", "IT-SET"));
        admin.assessorOf(UNIT).data(SELF_SCORE, Map.of("unit", UNIT, "year", 2025, "criterion", "1.1", "points", "2"));
        String stream = "assessment:" + UNIT + ":2025";
        Instant opened = Instant.parse(jdbc.sql("SELECT timestamp FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0")
                .param(stream).query(String.class).single());
        long next = jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(stream).query(Long.class).single();

        // The next score, recorded by a node whose clock is a minute behind: stamped before the opening.
        AssessmentId id = new AssessmentId(new UnitCode(UNIT), 2025);
        SelfScoreRecorded later = new SelfScoreRecorded(id, "1.1", new BigDecimal("2"), new BigDecimal("4"),
                new EvidenceReference("16/KH-UBND", null, null, null), null, new Actor("assessor-" + UNIT, "ASSESSOR"));
        String predecessor = jdbc.sql("SELECT convert_from(metadata, 'UTF8')::json ->> '" + EventHashing.HASH_KEY
                + "' FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?").param(stream).param(next - 1)
                .query(String.class).single();
        Map<String, byte[]> chained = new HashMap<>(Map.of(stream, Hashes.fromHex(predecessor)));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.appendEvents(chain.link(
                new GenericDomainEventMessage<>("Assessment", StreamIds.assessment(id), next, new GenericMessage<>(later),
                        () -> opened.minusSeconds(60)), chained)));

        GraphQlClient inspector = admin.as("inspector-skw", "INSPECTOR");
        assertThat(asOf(inspector, opened.minusSeconds(30)).isNull()).as("not opened yet").isTrue();
        JsonNode atOpening = asOf(inspector, opened);
        assertThat(selfAssessed(atOpening, "1.1")).as(atOpening.toString()).isNull();
        assertThat(new BigDecimal(atOpening.get("selfAssessedPoints").asString())).isZero();
        assertThat(selfAssessed(asOf(inspector, Instant.now().plusSeconds(1)), "1.1")).isEqualTo("4");
    }

    /**
     * An assessment opened on a node whose clock is behind the one that defined its index set: as of a moment between
     * the two stamps the assessment was open under the set, so the set counts as defined (the rules were none, and the
     * answer INTERNAL_ERROR).
     */
    @Test
    void anAssessmentStampedBeforeItsIndexSetIsAnsweredUnderTheSetAsDefined() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", "SKW-B", "name", "Tỉnh SKW-B"));
        IndexSetCode set = new IndexSetCode("IT-SET");
        Instant defined = Instant.parse(jdbc.sql("SELECT timestamp FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber = 0").param(StreamIds.indexSet(set)).query(String.class).single());
        AssessmentId id = new AssessmentId(new UnitCode("SKW-B"), 2025);
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.appendEvents(chain.link(
                new GenericDomainEventMessage<>("Assessment", StreamIds.assessment(id), 0, new GenericMessage<>(
                        new AssessmentOpened(id, Level.PROVINCE, set, new Actor("admin", "ADMIN"))),
                        () -> defined.minusSeconds(60)), new HashMap<>())));

        Map<String, Object> variables = new HashMap<>();
        variables.put("asOf", defined.minusSeconds(30).toString());
        JsonNode opened = admin.as("inspector-skw", "INSPECTOR").data(
                "query($asOf: DateTime) { assessment(unit: \"SKW-B\", year: 2025, asOf: $asOf) { indexSet leaves { code } } }",
                variables).get("assessment");
        assertThat(opened.get("indexSet").asString()).isEqualTo("IT-SET");
        assertThat(opened.get("leaves").size()).as(opened.toString()).isPositive();
    }
}
