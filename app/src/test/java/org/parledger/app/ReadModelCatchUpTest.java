package org.parledger.app;

import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.parledger.query.ranking.ScoresProjection;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A read model built from an existing ledger through the processors' segments, as a node on a new database builds it
 * over Axon Server (here on PostgreSQL, by emptying the scores projection and its tokens, as Axon's resetTokens does).
 * The ledger is made so that, were index sets keyed by set, each of the four segments would hold a set that assessments
 * in each other segment are opened under: two segments' batches holding both would wait for each other, give up after
 * parledger.projections.set-wait and try again the same way (the read model of a new node over Axon Server stayed
 * NOT_CAUGHT_UP so). Every index set's events are keyed alike, so no batch waits for another's sets for long.
 */
class ReadModelCatchUpTest {
    private static final String PASSWORD = ExternalLedgerDatabase.PASSWORD;
    private static final int YEAR = 2026;

    @Test
    void aReadModelBuiltFromAnExistingLedgerCatchesUpWithoutSegmentsWaitingForEachOther() throws Exception {
        Segment[] segments = Segment.computeSegments(0, 1, 2, 3);
        List<String> sets = new ArrayList<>();
        for (Segment segment : segments) sets.add(first(segment, n -> "CU-SET-" + n, code -> "index-set:" + code));
        // For each segment, an assessment in it opened under each other segment's set: any two segments depend on each other.
        List<String> units = new ArrayList<>();
        List<String> underSets = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            for (int j = 0; j < segments.length; j++) {
                if (i == j) continue;
                int series = j;
                units.add(first(segments[i], n -> "CU-" + (n * segments.length + series), code -> "assessment:" + code + ":" + YEAR));
                underSets.add(sets.get(j));
            }
        }
        try (ExternalLedgerDatabase database = ExternalLedgerDatabase.start(Path.of("target/read-model-catch-up").toAbsolutePath())) {
            String[] args = database.args();
            ChildApplication writer = ChildApplication.start(ParLedgerApplication.class, args);
            GraphQlClient ops = new GraphQlClient(writer.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            // First a year before, under one set: the segments' first batches (held below) take some of it, and what
            // follows queues up behind them, so that their next batches are large, as they are on a ledger of any size.
            ops.data(DEFINE_INDEX_SET, Map.of("document", indexSet("CU-SET-BEFORE")));
            for (int n = 0; n < 24; n++) {
                String unit = "CU-BEFORE-" + n;
                ops.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
                ops.data(OPEN_UNDER, Map.of("unit", unit, "year", YEAR - 1, "set", "CU-SET-BEFORE"));
            }
            for (String unit : units) ops.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            for (String set : sets) ops.data(DEFINE_INDEX_SET, Map.of("document", indexSet(set)));
            long last = 0;
            for (int u = 0; u < units.size(); u++) {
                last = ops.data("mutation($u: ID!, $s: ID!) { openAssessment(unit: $u, year: 2026, indexSet: $s) { position } }",
                        Map.of("u", units.get(u), "s", underSets.get(u))).at("/openAssessment/position").asLong();
            }
            writer.stop();

            var superuser = database.superuser();
            superuser.sql("TRUNCATE " + String.join(", ", ScoresProjection.TABLES)).update();
            superuser.sql("DELETE FROM tokenentry WHERE processorname = ?").param(ScoresProjection.PROCESSING_GROUP).update();

            // The segments' first batches are held until all four have begun.
            ChildApplication reader;
            try (java.sql.Connection holding = database.server().getDatabase("postgres", "ledger").getConnection()) {
                holding.setAutoCommit(false);
                holding.createStatement().execute("LOCK TABLE rv_index_set IN ACCESS EXCLUSIVE MODE");
                reader = ChildApplication.start(ParLedgerApplication.class, args);
                await().atMost(Duration.ofMinutes(2)).until(() -> superuser.sql("""
                        SELECT count(*) FROM pg_stat_activity WHERE datname = 'ledger' AND wait_event_type = 'Lock'
                        AND query ILIKE '%rv_index_set%'""").query(Long.class).single() >= segments.length);
                holding.commit();
            }
            GraphQlClient fresh = new GraphQlClient(reader.awaitUp()).withAuthorization(GraphQlClient.basic("ops", PASSWORD));
            long head = last;
            await().atMost(Duration.ofMinutes(2)).until(() -> units.stream().allMatch(unit -> indexSetOf(fresh, unit, head) != null));
            for (int u = 0; u < units.size(); u++) assertThat(indexSetOf(fresh, units.get(u), head)).isEqualTo(underSets.get(u));
            reader.stop();
            List<String> output = reader.remainingOutput();
            assertThat(output).as("no batch gave up waiting for an index set another segment held")
                    .noneMatch(line -> line.contains("NotProjectedYet") || line.contains("Aborting Work Package"));
        }
    }

    private static String indexSetOf(GraphQlClient client, String unit, long position) {
        JsonNode answer = client.execute("query($u: ID!, $p: Float) { assessment(unit: $u, year: 2026, consistentWith: $p) { indexSet } }",
                Map.of("u", unit, "p", position));
        JsonNode set = answer.at("/data/assessment/indexSet");
        return set.isMissingNode() || set.isNull() ? null : set.asString();
    }

    /** The first code of the series whose key (as the former policy keyed it) falls in the segment. */
    private static String first(Segment segment, java.util.function.IntFunction<String> codes,
                                java.util.function.Function<String, String> key) {
        for (int n = 0; ; n++) {
            String code = codes.apply(n);
            if (segment.matches(key.apply(code))) return code;
        }
    }
}
