package org.parledger.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.parledger.api.StreamIds;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.app.integrity.EventChain;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A projection that fails on one unit's event (here: the database refuses that unit's summary row, as a bug in a
 * projection would) parks that unit-year's events; every other unit goes on being projected, readers of the parked
 * unit see that its figures are stale, and a retry after the fix brings the figures back.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonEventTest {
    private static final String GOOD = "PZ-OK";
    private static final String BAD = "PZ-BAD";
    private static final String PARKED = """
            { parkedEvents(projection: SCORES) { projection stream eventType position sequenceNumber reason parkedAt lastTriedAt } }""";
    private static final String STATUS = "{ projectionStatus { projection position head lag parkedEvents parkedStreams running failing } }";
    private static final String STALE = """
            query($unit: ID!) { assessment(unit: $unit, year: 2025) { selfAssessedPoints stale }
                                rankings(year: 2025, level: PROVINCE, stage: SELF_ASSESSED) { stale entries { unitCode stale } } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Replays replays;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    EventChain chain;
    @Autowired
    PlatformTransactionManager transactions;
    GraphQlClient admin;
    GraphQlClient inspector;

    @BeforeAll
    void twoUnits() {
        admin = GraphQlClient.admin(port);
        inspector = admin.as("inspector-pz", "INSPECTOR");
        IndexSetFixture.defineOnce(admin);
        for (String unit : new String[]{GOOD, BAD}) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN, Map.of("unit", unit, "year", 2025));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.data(ASSESSMENT, Map.of("unit", BAD, "year", 2025))
                .get("assessment").isNull());
    }

    @AfterAll
    void noTriggerLeftBehind() {
        jdbc.sql("DROP TRIGGER IF EXISTS pz_poison ON rv_assessment").update();
        jdbc.sql("DROP FUNCTION IF EXISTS pz_poison()").update();
        admin.data("mutation { retryParkedEvents { stillParked } }", Map.of());
    }

    private void selfScore(String unit, String criterion, String points) {
        admin.assessorOf(unit).data(SELF_SCORE, Map.of("unit", unit, "year", 2025, "criterion", criterion, "points", points));
    }

    private BigDecimal selfPoints(String unit) {
        return new BigDecimal(admin.data(ASSESSMENT, Map.of("unit", unit, "year", 2025)).at("/assessment/selfAssessedPoints").asString());
    }

    private JsonNode scoresStatus() {
        for (JsonNode status : inspector.data(STATUS, Map.of()).get("projectionStatus")) {
            if (status.get("projection").asString().equals("SCORES")) return status;
        }
        throw new AssertionError("no status of the scores projection");
    }

    private void poison(String unit) {
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION pz_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'poisoned for the test: %', NEW.unit_code; END $$""").update();
        jdbc.sql("DROP TRIGGER IF EXISTS pz_poison ON rv_assessment").update();
        jdbc.sql("""
                CREATE TRIGGER pz_poison BEFORE INSERT OR UPDATE ON rv_assessment FOR EACH ROW
                WHEN (NEW.unit_code = '%s' AND NEW.self_points > 0) EXECUTE FUNCTION pz_poison()""".formatted(unit)).update();
    }

    /**
     * An event recorded before the ledger refused NUL characters (the bytes stay as they are) is still projected: the
     * read model, which PostgreSQL text cannot hold NUL in, shows U+FFFD; nothing is parked, the rebuild agrees.
     */
    @Test
    void anOldEventWithANulCharacterIsProjectedNotParked() {
        UnitCode unit = new UnitCode("PZ-NUL");
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.appendEvents(chain.link(
                new GenericDomainEventMessage<>("Unit", StreamIds.unit(unit), 0, new UnitRegistered(unit, "Tỉnh\u0000Cũ",
                        Level.PROVINCE, null, LocalDate.of(2020, 1, 1), new Actor("admin", "ADMIN"))), new java.util.HashMap<>())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.data("{ unit(code: \"PZ-NUL\") { name } }", Map.of())
                .at("/unit").isNull());
        assertThat(admin.data("{ unit(code: \"PZ-NUL\") { name } }", Map.of()).at("/unit/name").asString()).isEqualTo("Tỉnh\uFFFDCũ");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data("{ auditTrail(unit: \"PZ-NUL\") { edges { cursor } } }",
                Map.of()).at("/auditTrail/edges").size() == 1);
        for (JsonNode status : inspector.data(STATUS, Map.of()).get("projectionStatus")) {
            assertThat(status.get("parkedEvents").asLong()).as(status.toString()).isZero();
        }
        JsonNode comparison = inspector.data("{ compareReadModel(projections: [UNITS, AUDIT_TRAIL]) { identical message } }", Map.of())
                .get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
    }

    /** A replay that completes applied every event itself, the parked ones too: it leaves nothing parked. */
    @Test
    void aReplayAfterTheFixClearsWhatWasParked() throws Exception {
        admin.data(REGISTER_UNIT, Map.of("code", "PZ-REP", "name", "Tỉnh Phát Lại"));
        admin.data(OPEN, Map.of("unit", "PZ-REP", "year", 2025));
        poison("PZ-REP");
        selfScore("PZ-REP", "1.1", "2");
        await().atMost(Duration.ofSeconds(30)).until(() -> scoresStatus().get("parkedEvents").asLong() == 1);
        jdbc.sql("DROP TRIGGER pz_poison ON rv_assessment").update();

        admin.data("mutation { startReplay(projections: [SCORES]) { state } }", Map.of());
        assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(scoresStatus().get("parkedEvents").asLong()).isZero();
        assertThat(selfPoints("PZ-REP")).isEqualByComparingTo("2");
        assertThat(admin.data(STALE, Map.of("unit", "PZ-REP")).at("/assessment/stale").asBoolean()).isFalse();
    }

    @Test
    void aPoisonedStreamIsParkedTheOthersGoOnAndARetryAfterTheFixBringsItBack() {
        poison(BAD);

        selfScore(BAD, "1.1", "4");
        selfScore(GOOD, "1.1", "3");
        selfScore(BAD, "1.2.1", "2");
        selfScore(GOOD, "1.2.1", "1.5");

        // The other unit is projected, events after the poisoned one included; the projection has caught up.
        await().atMost(Duration.ofSeconds(30)).until(() -> selfPoints(GOOD).compareTo(new BigDecimal("4.5")) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> scoresStatus().get("lag").asLong() == 0);
        JsonNode status = scoresStatus();
        assertThat(status.get("parkedEvents").asLong()).isEqualTo(2);
        assertThat(status.get("parkedStreams").asLong()).isEqualTo(1);
        assertThat(status.get("failing").asBoolean()).isFalse();
        assertThat(status.get("running").asBoolean()).isTrue();

        // The poisoned event with its reason; the later one of the same stream waits behind it, in order.
        JsonNode parked = inspector.data(PARKED, Map.of()).get("parkedEvents");
        assertThat(parked).hasSize(2);
        assertThat(parked.get(0).get("stream").asString()).isEqualTo("assessment:PZ-BAD:2025");
        assertThat(parked.get(0).get("eventType").asString()).isEqualTo("SelfScoreRecorded");
        assertThat(parked.get(0).get("reason").asString()).contains("poisoned for the test: PZ-BAD");
        assertThat(parked.get(0).get("position").asLong()).isPositive();
        assertThat(parked.get(1).get("reason").isNull()).isTrue();
        assertThat(parked.get(1).get("sequenceNumber").asLong()).isGreaterThan(parked.get(0).get("sequenceNumber").asLong());

        // Readers see which figures lag behind the ledger; an answer rebuilt from the events does not.
        JsonNode bad = admin.data(STALE, Map.of("unit", BAD));
        assertThat(bad.at("/assessment/stale").asBoolean()).isTrue();
        assertThat(new BigDecimal(bad.at("/assessment/selfAssessedPoints").asString())).isEqualByComparingTo("0");
        assertThat(bad.at("/rankings/stale").asBoolean()).isTrue();
        for (JsonNode entry : bad.at("/rankings/entries")) {
            assertThat(entry.get("stale").asBoolean()).as(entry.toString()).isEqualTo(entry.get("unitCode").asString().equals(BAD));
        }
        assertThat(admin.data(STALE, Map.of("unit", GOOD)).at("/assessment/stale").asBoolean()).isFalse();
        assertThat(admin.data("{ assessment(unit: \"PZ-BAD\", year: 2025, asOf: \"2100-01-01T00:00:00Z\") { selfAssessedPoints stale } }",
                Map.of()).at("/assessment/stale").asBoolean()).isFalse();

        // The audit trail, another projection, has every event of the stream.
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.data(
                "{ auditTrail(unit: \"PZ-BAD\") { edges { node { kind } } } }", Map.of()).at("/auditTrail/edges").size() >= 4);

        // Retried before the fix: still parked, with the time it was tried.
        JsonNode early = admin.data("mutation { retryParkedEvents(projection: SCORES) { streams applied stillParked message } }",
                Map.of()).get("retryParkedEvents");
        assertThat(early.get("applied").asInt()).isZero();
        assertThat(early.get("stillParked").asInt()).isEqualTo(2);
        assertThat(inspector.data(PARKED, Map.of()).at("/parkedEvents/0/lastTriedAt").isNull()).isFalse();

        // Only admins retry.
        assertThat(inspector.error("mutation { retryParkedEvents { applied } }", Map.of()).at("/extensions/code").asString())
                .isEqualTo("WRONG_ROLE");

        // Fixed, retried: the figures are back, nothing is stale, and the read model equals a rebuild from the ledger.
        jdbc.sql("DROP TRIGGER pz_poison ON rv_assessment").update();
        JsonNode retried = admin.data("mutation { retryParkedEvents(projection: SCORES) { streams applied stillParked message } }",
                Map.of()).get("retryParkedEvents");
        assertThat(retried.get("streams").asInt()).isEqualTo(1);
        assertThat(retried.get("applied").asInt()).isEqualTo(2);
        assertThat(retried.get("stillParked").asInt()).isZero();
        assertThat(selfPoints(BAD)).isEqualByComparingTo("6");
        assertThat(admin.data(STALE, Map.of("unit", BAD)).at("/assessment/stale").asBoolean()).isFalse();
        assertThat(scoresStatus().get("parkedEvents").asLong()).isZero();

        // The stream is live again.
        selfScore(BAD, "1.2.2", "1");
        await().atMost(Duration.ofSeconds(30)).until(() -> selfPoints(BAD).compareTo(new BigDecimal("7")) == 0);
        JsonNode comparison = inspector.data("{ compareReadModel(projections: [SCORES]) { identical message } }", Map.of())
                .get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
    }
}
