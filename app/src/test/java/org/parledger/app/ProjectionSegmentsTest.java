package org.parledger.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.indexset.MaximaCorrected;
import org.parledger.api.indexset.MaximumChange;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.UnitCode;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.NotProjectedYet;
import org.parledger.query.ranking.ScoresProjection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parledger.app.TestDocuments.*;

/**
 * The scores and units projections run in four segments, each event keyed by what it changes: scores recorded on
 * assessments of every segment at once, while an index set's maxima are corrected over and over (a correction
 * recomputes assessments that other segments are scoring), end exactly as a rebuild from the ledger; an assessment
 * whose index set another segment has not projected yet waits for it, for a bounded time.
 */
@LedgerIntegrationTest
class ProjectionSegmentsTest {
    private static final String SET = "IT-SEG";
    private static final int YEAR = 2029;
    private static final Actor ADMIN = new Actor("admin", "ADMIN", null);
    private static final String SCORE = """
            mutation($unit: ID!, $criterion: String!, $points: Decimal!) {
              recordSelfScore(input: {unit: $unit, year: 2029, criterion: $criterion, points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}}) { position } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ScoresProjection scores;
    @Autowired
    EventProcessingConfiguration processing;

    /** The processors use the entity keys, not Axon's default (by stream), which would split a publication from its assessments. */
    @Test
    void theProcessorsKeyEventsByWhatTheyChange() {
        AssessmentId id = new AssessmentId(new UnitCode("SEG-P"), YEAR);
        var published = new GenericDomainEventMessage<>("Publication", "publication:PROVINCE:2029", 0,
                new AssessmentPublished(id, "QĐ 1/2027", java.time.LocalDate.of(2027, 3, 1), java.math.BigDecimal.TEN, 1, 63, ADMIN));
        assertThat(processing.sequencingPolicy("scores-v1").getSequenceIdentifierFor(published)).isEqualTo("assessment:SEG-P:2029");
        var ceased = new GenericDomainEventMessage<>("Reorganisation", "reorganisation:QĐ 9", 0, new UnitCeased(new UnitCode("SEG-HT"),
                List.of(new UnitCode("SEG-HN")), "QĐ 9", java.time.LocalDate.of(2008, 8, 1), ADMIN));
        assertThat(processing.sequencingPolicy("units-v1").getSequenceIdentifierFor(ceased)).isEqualTo("unit:SEG-HT");
        assertThat(processing.sequencingPolicy("audit-trail-v1").getSequenceIdentifierFor(ceased)).isEqualTo("reorganisation:QĐ 9");
        // Every index set's events in one segment, so that segments never wait for each other's sets (ReadModelCatchUpTest).
        var corrected = new GenericDomainEventMessage<>("IndexSet", "index-set:SEG-B", 1, new MaximaCorrected(new IndexSetCode("SEG-B"),
                List.of(), "a correction", "QĐ 2", ADMIN));
        var defined = new GenericDomainEventMessage<>("IndexSet", "index-set:SEG-A", 0, new org.parledger.api.indexset.IndexSetDefined(
                null, ADMIN));
        assertThat(processing.sequencingPolicy("scores-v1").getSequenceIdentifierFor(corrected))
                .isEqualTo(processing.sequencingPolicy("scores-v1").getSequenceIdentifierFor(defined)).isEqualTo(ScoresProjection.INDEX_SETS);
    }

    @Test
    void aCorrectionRacingScoresInEverySegmentEndsAsARebuild() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", segmentSet(SET)));
        List<String> units = unitsInEverySegment(2);
        for (String unit : units) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN_UNDER, Map.of("unit", unit, "year", YEAR, "set", SET));
        }
        assertThat(segments("scores-v1")).containsExactly(0, 1, 2, 3);
        assertThat(segments("units-v1")).containsExactly(0, 1, 2, 3);
        assertThat(segments("audit-trail-v1")).containsExactly(0);

        String[] leaves = {"1.1", "1.2.1", "1.2.2"};
        AtomicLong last = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(units.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String unit : units) {
            GraphQlClient assessor = admin.assessorOf(unit);
            done.add(writers.submit(() -> {
                go.await();
                for (int n = 0; n < 30; n++) {
                    // At most 3: within the maximum of 1.1 whichever correction came last.
                    long position = assessor.data(SCORE, Map.of("unit", unit, "criterion", leaves[n % 3], "points",
                            String.valueOf(n % 3 + 1))).at("/recordSelfScore/position").asLong();
                    last.accumulateAndGet(position, Math::max);
                }
                return null;
            }));
        }
        go.countDown();
        for (int c = 0; c < 6; c++) {
            // Field 1 stays 12: 1.1 + 1.2, and 1.2 = 1.2.1 + 1.2.2; back and forth between two sets of maxima.
            String maxima = c % 2 == 0
                    ? "{code: \"1.1\", maximum: 3}, {code: \"1.2\", maximum: 9}, {code: \"1.2.1\", maximum: 4}, {code: \"1.2.2\", maximum: 5}"
                    : "{code: \"1.1\", maximum: 5}, {code: \"1.2\", maximum: 7}, {code: \"1.2.1\", maximum: 3}, {code: \"1.2.2\", maximum: 4}";
            long position = admin.as("admin-bnv", "ADMIN").data("""
                    mutation { correctMaxima(indexSet: "IT-SEG", reason: "Sai sót điểm tối đa", reference: "Công văn 9/BNV",
                      corrections: [%s]) { position } }""".formatted(maxima), Map.of()).at("/correctMaxima/position").asLong();
            last.accumulateAndGet(position, Math::max);
        }
        for (Future<?> writer : done) writer.get(120, TimeUnit.SECONDS);
        writers.shutdown();

        // Every figure read once the projections have passed the last write, by hand and against a rebuild.
        for (String unit : units) {
            JsonNode assessment = admin.data("""
                    query($unit: ID!, $p: Float) { assessment(unit: $unit, year: 2029, consistentWith: $p) {
                      selfAssessedPoints leaves { code maximum selfAssessed } } }""", Map.of("unit", unit, "p", last.get()))
                    .get("assessment");
            java.math.BigDecimal byHand = java.math.BigDecimal.ZERO;
            for (JsonNode leaf : assessment.get("leaves")) {
                if (leaf.get("selfAssessed").isNull()) continue;
                byHand = byHand.add(leaf.get("selfAssessed").decimalValue().min(leaf.get("maximum").decimalValue()));
            }
            assertThat(assessment.get("selfAssessedPoints").decimalValue()).as(unit + ": " + assessment).isEqualByComparingTo(byHand);
        }
        JsonNode comparison = admin.as("inspector", "INSPECTOR").data("{ compareReadModel { identical message } }", Map.of())
                .get("compareReadModel");
        assertThat(comparison.get("identical").asBoolean()).as(comparison.toString()).isTrue();
    }

    @Test
    void anAssessmentWaitsForItsSetFromAnotherSegmentForABoundedTime() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        ExecutorService projecting = Executors.newSingleThreadExecutor();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            CountDownLatch started = new CountDownLatch(1);
            Future<Boolean> waiting = projecting.submit(() -> {
                started.countDown();
                return scores.loadTouched(connection, null, List.of(opened("SEG-LATE-1", "IT-SEG-LATE"))) != null;
            });
            started.await();
            admin.data(DEFINE_INDEX_SET, Map.of("document", segmentSet("IT-SEG-LATE")));
            assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(true);
            connection.rollback();

            long before = System.nanoTime();
            assertThatThrownBy(() -> scores.loadTouched(connection, null, List.of(opened("SEG-LATE-2", "IT-SEG-NEVER"))))
                    .isInstanceOfSatisfying(NotProjectedYet.class, e -> assertThat(e.parked()).isFalse());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isGreaterThanOrEqualTo(5_000);
            connection.rollback();
        } finally {
            projecting.shutdownNow();
        }
    }

    /**
     * A correction of a set waits while a batch of another segment scores under it (and so never recomputes an
     * assessment from rows that batch is about to overwrite on the old rules); it goes on once that batch ends.
     */
    @Test
    void aCorrectionWaitsForTheBatchesScoringUnderItsSet() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", segmentSet("IT-SEG-LOCK")));
        admin.data(REGISTER_UNIT, Map.of("code", "SEG-LOCK", "name", "Tỉnh SEG-LOCK"));
        long position = admin.data("""
                mutation { openAssessment(unit: "SEG-LOCK", year: 2029, indexSet: "IT-SEG-LOCK") { position } }""", Map.of())
                .at("/openAssessment/position").asLong();
        admin.data("query($p: Float) { assessment(unit: \"SEG-LOCK\", year: 2029, consistentWith: $p) { stage } }", Map.of("p", position));

        AssessmentId id = new AssessmentId(new UnitCode("SEG-LOCK"), YEAR);
        LedgerEvent scored = new LedgerEvent(2, new GenericDomainEventMessage<>("Assessment", "assessment:SEG-LOCK:2029", 1,
                new SelfScoreRecorded(id, "1.1", null, java.math.BigDecimal.ONE, null, null, ADMIN)));
        LedgerEvent corrected = new LedgerEvent(3, new GenericDomainEventMessage<>("IndexSet", "index-set:IT-SEG-LOCK", 1,
                new MaximaCorrected(new IndexSetCode("IT-SEG-LOCK"), List.of(new MaximumChange("1.1", java.math.BigDecimal.valueOf(5),
                        java.math.BigDecimal.valueOf(4))), "Sai sót", "Công văn 9/BNV", ADMIN)));
        ExecutorService correcting = Executors.newSingleThreadExecutor();
        try (Connection scoring = dataSource.getConnection(); Connection correction = dataSource.getConnection()) {
            scoring.setAutoCommit(false);
            correction.setAutoCommit(false);
            assertThat(scores.loadTouched(scoring, null, List.of(scored))).isNotNull();
            int correctionPid = correction.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Future<Boolean> waiting = correcting.submit(() -> scores.loadTouched(correction, null, List.of(corrected)) != null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> "Lock".equals(jdbc.sql(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?").param(correctionPid).query(String.class).optional().orElse(null)));
            assertThat(waiting).isNotDone();
            scoring.rollback();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
            correction.rollback();
        } finally {
            correcting.shutdownNow();
        }
    }

    /** A set of the test documents' rules for 2029 alone: no other test ranks that year. */
    private static String segmentSet(String code) {
        return indexSet(code).replace("fromYear: 2024", "fromYear: 2029").replace("toYear: 2026", "toYear: 2029");
    }

    private static LedgerEvent opened(String unit, String set) {
        AssessmentId id = new AssessmentId(new UnitCode(unit), YEAR);
        return new LedgerEvent(1, new GenericDomainEventMessage<>("Assessment", "assessment:" + unit + ":" + YEAR, 0,
                new AssessmentOpened(id, Level.PROVINCE, new IndexSetCode(set), ADMIN)));
    }

    private List<Integer> segments(String group) {
        return jdbc.sql("SELECT segment FROM tokenentry WHERE processorname = ? ORDER BY segment").param(group)
                .query(Integer.class).list();
    }

    /** Unit codes whose assessments fall, {@code each} of them, in every one of four segments. */
    private static List<String> unitsInEverySegment(int each) {
        Segment[] segments = Segment.computeSegments(0, 1, 2, 3);
        Map<Integer, Integer> taken = new HashMap<>();
        List<String> units = new ArrayList<>();
        for (int n = 0; units.size() < each * segments.length; n++) {
            String unit = "SEG-" + n;
            for (Segment segment : segments) {
                if (segment.matches("assessment:" + unit + ":" + YEAR) && taken.merge(segment.getSegmentId(), 1, Integer::sum) <= each) {
                    units.add(unit);
                }
            }
        }
        return units;
    }
}
