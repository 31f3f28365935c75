package org.parledger.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * Replays rebuild the read model beside the live tables from the events and switch only when caught up: the
 * rows are exactly those live processing wrote, an interrupted replay resumes from its checkpoint, readers
 * keep the old figures meanwhile, and events arriving during the replay are counted once.
 */
@LedgerIntegrationTest
class ReplayEndToEndTest {
    private static final List<String> TABLES = List.of("rv_index_set", "rv_index_field", "rv_index_leaf",
            "rv_index_set_correction", "rv_assessment", "rv_leaf_score", "rv_field_score", "rv_unit", "rv_unit_name",
            "rv_unit_region", "rv_unit_lineage", "rv_audit_entry");
    private static final List<String> GROUPS = List.of("scores-v1", "units-v1", "audit-trail-v1");
    private static final String RANKING = """
            { rankings(year: 2023, level: PROVINCE, stage: APPRAISED) {
                entries { rank unitCode index points fields { code index rank } } } }""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Replays replays;
    @Autowired
    ReplayInterruptions interruptions;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    GraphQlClient graphql;

    @BeforeEach
    void ledger() {
        graphql = GraphQlClient.admin(port);
        replays.completion().join();
        interruptions.reset();
        if (jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'index-set:IT-REPLAY'")
                .query(Long.class).single() > 0) return;
        // Its own year (2023), so that no other test's ranking shares it.
        graphql.data(DEFINE_INDEX_SET, Map.of("document", indexSet("IT-REPLAY").replace("fromYear: 2024", "fromYear: 2023")));
        String[][] units = {{"REP-A", "3", "2", "3"}, {"REP-B", "4", "3", "2.5"}, {"REP-C", "2", "2", "1"}, {"REP-D", "4", "3", "3"}};
        for (String[] unit : units) {
            graphql.data(REGISTER_UNIT, Map.of("code", unit[0], "name", "Tỉnh " + unit[0]));
            graphql.data("""
                    mutation($unit: ID!) { assignRegion(input: {unit: $unit, region: "Tây Nguyên",
                      reason: "Nghị quyết 81/2023/QH15"}) { stream } }""", Map.of("unit", unit[0]));
            boolean notApplicable = unit[0].equals("REP-C");
            Scoring.score(graphql, unit[0], 2023, "IT-REPLAY", notApplicable ? Map.of("1.1", unit[1], "1.2.1", unit[2])
                    : Map.of("1.1", unit[1], "1.2.1", unit[2], "1.2.2", unit[3]), "6", notApplicable ? "1.2.2" : null);
        }
        // Many revisions, as appraisers change their minds.
        GraphQlClient appraiser = graphql.as("appraiser-snv", "APPRAISER", "SNV");
        for (int i = 0; i < 40; i++) {
            appraiser.data(APPRAISE, Map.of("unit", units[i % 4][0], "year", 2023, "criterion", "1.1",
                    "points", String.valueOf(1 + i % 4), "reason", "Xem xét lại lần " + i));
        }
        // A rule correction recomputes everything under the set.
        graphql.data("""
                mutation { correctMaxima(indexSet: "IT-REPLAY", reason: "Sai sót điểm tối đa", reference: "Công văn 12/BNV",
                  corrections: [{code: "1.1", maximum: 3}, {code: "1.2", maximum: 9}, {code: "1.2.1", maximum: 4},
                                {code: "1.2.2", maximum: 5}]) { stream } }""",
                Map.of());
    }

    @Test
    void aReplayOverGraphQlReproducesEveryRowThatLiveProcessingWrote() throws Exception {
        // The application's serializer lets the bulk pass read metadata once (actors, hashes), so the rows below
        // (the audit trail's actors among them) are compared after a replay that did.
        assertThat(replays.readsMetadataOnce()).isTrue();
        // and builds the events' records through SpreadCreators.
        assertThat(((Jackson3Serializer) eventSerializer).getObjectMapper().registeredModules())
                .extracting(JacksonModule::getModuleName).contains("par-ledger-spread-creators");
        Map<String, List<String>> live = projectedRows();
        assertThat(live.get("rv_field_score")).isNotEmpty();

        JsonNode refused = graphql.assessorOf("REP-A").error("mutation { startReplay { state } }", Map.of());
        assertThat(refused.at("/extensions/code").asString()).isEqualTo("WRONG_ROLE");
        JsonNode started = graphql.data("mutation { startReplay(projections: [SCORES, UNITS, AUDIT_TRAIL]) { state projections } }",
                Map.of()).get("startReplay");
        assertThat(started.get("projections").toString()).isEqualTo("[\"scores\",\"units\",\"audit-trail\"]");
        ReplayProgress end = replays.completion().get(2, TimeUnit.MINUTES);

        assertThat(end.state()).as(end.message()).isEqualTo(ReplayState.COMPLETED);
        assertThat(end.processed()).isGreaterThanOrEqualTo(events());
        assertThat(projectedRows()).isEqualTo(live);
        JsonNode progress = graphql.data("{ replayProgress { state processed remaining checkpoints } }", Map.of())
                .get("replayProgress");
        assertThat(progress.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(progress.get("remaining").asDouble()).isZero();
        assertThat(schemaExists()).isFalse();
    }

    @Test
    void aReplayStoppedHalfWayLeavesTheOldTablesServingAndResumesFromItsCheckpoint() throws Exception {
        Map<String, List<String>> live = projectedRows();
        interruptions.failAtCheckpoint(3);
        replays.start(List.of());
        ReplayProgress failed = replays.completion().get(2, TimeUnit.MINUTES);
        assertThat(failed.state()).isEqualTo(ReplayState.FAILED);
        assertThat(replays.unfinished().orElseThrow()).containsExactlyInAnyOrder("scores", "units", "audit-trail");
        assertThat(projectedRows()).isEqualTo(live);

        // Checkpoints at 20 and 40 events committed; the one at 60 was rolled back. Resumed, the next is at 60,
        // not at 20 as a replay from the start would have it.
        interruptions.reset();
        replays.start(List.of());
        ReplayProgress end = replays.completion().get(2, TimeUnit.MINUTES);
        assertThat(end.state()).as(end.message()).isEqualTo(ReplayState.COMPLETED);
        assertThat(interruptions.checkpoints().get(0)).isEqualTo(60L);
        assertThat(projectedRows()).isEqualTo(live);
    }

    @Test
    void readersKeepTheOldFiguresDuringAReplayAndEventsArrivingMeanwhileCountOnce() throws Exception {
        projectedRows();
        JsonNode before = graphql.data(RANKING, Map.of());
        long liveAuditRows = jdbc.sql("SELECT count(*) FROM rv_audit_entry").query(Long.class).single();
        interruptions.holdAtCheckpoint(2);
        replays.start(List.of());
        assertThat(interruptions.awaitHeld()).isTrue();

        assertThat(replays.progress().state()).isEqualTo(ReplayState.RUNNING);
        assertThat(jdbc.sql("SELECT count(*) FROM read_model_next.rv_audit_entry").query(Long.class).single()).isEqualTo(20L);
        assertThat(graphql.data(RANKING, Map.of())).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM rv_audit_entry").query(Long.class).single()).isEqualTo(liveAuditRows);

        // A score recorded while the replay runs: the live tables take it now, the new ones when they catch up.
        graphql.as("appraiser-snv", "APPRAISER", "SNV").data(APPRAISE, Map.of("unit", "REP-D", "year", 2023,
                "criterion", "1.2.1", "points", "0.5", "reason", "Đang dựng lại"));
        interruptions.release();
        ReplayProgress end = replays.completion().get(2, TimeUnit.MINUTES);
        assertThat(end.state()).as(end.message()).isEqualTo(ReplayState.COMPLETED);

        Map<String, List<String>> after = projectedRows();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM rv_audit_entry WHERE unit_code = 'REP-D' AND criterion = '1.2.1' AND new_value = '0.5'""")
                .query(Long.class).single()).isOne();
        assertThat(jdbc.sql("SELECT appraised_points FROM rv_leaf_score WHERE unit_code = 'REP-D' AND year = 2023 AND criterion = '1.2.1'")
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("0.5");
        assertThat(graphql.data(RANKING, Map.of())).isNotEqualTo(before);
        // And a replay from scratch of the whole ledger, including that score, gives the same rows again.
        replays.start(List.of());
        assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(projectedRows()).isEqualTo(after);
    }

    @Test
    void oneProjectionCanBeReplayedAloneAndACancelledReplayLeavesTheOldTables() throws Exception {
        Map<String, List<String>> live = projectedRows();
        replays.start(List.of("units"));
        ReplayProgress end = replays.completion().get(2, TimeUnit.MINUTES);
        assertThat(end.state()).isEqualTo(ReplayState.COMPLETED);
        assertThat(end.projections()).containsExactly("units");
        assertThat(projectedRows()).isEqualTo(live);

        interruptions.holdAtCheckpoint(1);
        replays.start(List.of("audit-trail", "scores"));
        assertThat(interruptions.awaitHeld()).isTrue();
        JsonNode conflict = graphql.error("mutation { startReplay { state } }", Map.of());
        assertThat(conflict.at("/extensions/code").asString()).isEqualTo("CONFLICT");
        assertThat(graphql.data("mutation { cancelReplay { state } }", Map.of()).at("/cancelReplay/state").asString())
                .isEqualTo("RUNNING");
        interruptions.release();
        assertThat(replays.completion().get(2, TimeUnit.MINUTES).state()).isEqualTo(ReplayState.CANCELLED);
        assertThat(schemaExists()).isFalse();
        assertThat(replays.unfinished()).isEmpty();
        assertThat(projectedRows()).isEqualTo(live);
        assertThatThrownBy(() -> replays.start(List.of("rankings"))).hasMessageContaining("no projection named 'rankings'");
    }

    @Test
    void theProgressIsPushedToSubscribersUntilTheReplayEnds() throws Exception {
        projectedRows();
        try (GraphQlWebSocket socket = GraphQlWebSocket.signedIn(port, "local-admin", "ADMIN")) {
            interruptions.holdAtCheckpoint(1);
            replays.start(List.of());
            assertThat(interruptions.awaitHeld()).isTrue();
            socket.subscribe("p", "subscription { replayProgress { state processed remaining eventsPerSecond checkpoints } }");
            JsonNode running = socket.next();
            assertThat(running.at("/payload/data/replayProgress/state").asString()).isEqualTo("RUNNING");
            interruptions.release();
            JsonNode message = running;
            while (!message.get("type").asString().equals("complete")) {
                assertThat(message.get("type").asString()).isEqualTo("next");
                JsonNode last = message;
                message = socket.next();
                if (message.get("type").asString().equals("complete")) {
                    assertThat(last.at("/payload/data/replayProgress/state").asString()).isEqualTo("COMPLETED");
                    assertThat(last.at("/payload/data/replayProgress/processed").asLong()).isEqualTo(events());
                    assertThat(last.at("/payload/data/replayProgress/remaining").asLong()).isZero();
                }
            }
        }
    }

    /** Every row of every read-model table, once all three processors have caught up with the ledger. */
    private Map<String, List<String>> projectedRows() {
        long head = jdbc.sql("SELECT COALESCE(MAX(globalindex), 0) FROM domainevententry").query(Long.class).single();
        await().atMost(Duration.ofSeconds(60)).until(() -> GROUPS.stream().allMatch(group ->
                processing.eventProcessor(group, StreamingEventProcessor.class).map(p -> p.processingStatus().values()
                        .stream().map(EventTrackerStatus::getCurrentPosition)
                        .allMatch(position -> position.isPresent() && position.getAsLong() >= head)
                        && !p.processingStatus().isEmpty()).orElse(false)));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            rows.put(table, jdbc.sql("SELECT t::text FROM " + table + " t ORDER BY 1").query(String.class).list());
        }
        return rows;
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private boolean schemaExists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'read_model_next')")
                .query(Boolean.class).single();
    }
}
