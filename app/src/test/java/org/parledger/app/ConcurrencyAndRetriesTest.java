package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/** Safe retries on a request id, and concurrent changes: one wins, the others get a conflict; nothing is lost. */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyAndRetriesTest {
    private static final String VERSIONED_SELF_SCORE = """
            mutation($unit: ID!, $year: Int!, $points: Decimal!, $requestId: String, $expectedVersion: Int) {
              recordSelfScore(input: {unit: $unit, year: $year, criterion: "1.1", points: $points,
                                      evidence: {documentNumber: "15/KH-UBND"}},
                              requestId: $requestId, expectedVersion: $expectedVersion) { stream version } }""";
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Serializer serializer;
    @Autowired
    EmbeddedLedgerDatabase database;
    @Autowired
    MeterRegistry meters;
    GraphQlClient admin;
    GraphQlClient assessor;

    @BeforeAll
    void openAssessments() {
        admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        for (String unit : List.of("CON-A", "CON-B", "CON-C", "CON-S")) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN_UNDER, Map.of("unit", unit, "year", 2025, "set", "IT-SET"));
        }
        assessor = admin.assessorOf("CON-A");
    }

    @Test
    void aRetriedMutationWithTheSameRequestIdRecordsOnce() {
        long before = events("CON-A");
        JsonNode first = assessor.data(VERSIONED_SELF_SCORE, vars("CON-A", "3", "retry-1", null));
        JsonNode again = assessor.data(VERSIONED_SELF_SCORE, vars("CON-A", "3", "retry-1", null));
        assertThat(again).isEqualTo(first);
        assertThat(events("CON-A")).isEqualTo(before + 1);
        assertThat(first.at("/recordSelfScore/version").asLong()).isEqualTo(before);
        // Its event names the request; the whole request (command, stream, hash) only where a follower restores rows.
        String metadata = jdbc.sql("SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = "
                + "'assessment:CON-A:2025' AND sequencenumber = :version").param("version", before).query(String.class).single();
        assertThat(metadata).contains("\"requestId\":\"retry-1\"").doesNotContain("requestHash");

        JsonNode reused = assessor.error(SUBMIT_WITH_ID, Map.of("unit", "CON-A", "year", 2025, "requestId", "retry-1"));
        assertThat(reused.at("/extensions/code").asString()).isEqualTo("CONFLICT");
        assertThat(reused.at("/extensions/field").asString()).isEqualTo("requestId");
        assertThat(events("CON-A")).isEqualTo(before + 1);
    }

    @Test
    void aChangeBasedOnAStaleVersionIsRefusedNamingTheVersions() {
        GraphQlClient b = admin.assessorOf("CON-B");
        long version = b.data(VERSIONED_SELF_SCORE, vars("CON-B", "1", null, null)).at("/recordSelfScore/version").asLong();
        long next = b.data(VERSIONED_SELF_SCORE, vars("CON-B", "2", null, (int) version)).at("/recordSelfScore/version").asLong();
        assertThat(next).isEqualTo(version + 1);
        JsonNode stale = b.error(VERSIONED_SELF_SCORE, vars("CON-B", "4", null, (int) version));
        assertThat(stale.at("/extensions/code").asString()).isEqualTo("CONFLICT");
        assertThat(stale.at("/extensions/field").asString()).isEqualTo("expectedVersion");
        assertThat(stale.get("message").asString()).contains("version " + next).contains("based on version " + version);
        assertThat(events("CON-B")).isEqualTo(next + 1);
    }

    @Test
    void fiftyConcurrentRevisionsOfOneLeafAreEachRecordedOrRefusedWithAConflict() throws Exception {
        GraphQlClient c = admin.assessorOf("CON-C");
        int base = (int) c.data(VERSIONED_SELF_SCORE, vars("CON-C", "0", null, null)).at("/recordSelfScore/version").asLong();
        long before = events("CON-C");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String points = String.valueOf(i % 20 * 0.25);
                answers.add(pool.submit(() -> c.execute(VERSIONED_SELF_SCORE, vars("CON-C", points, null, base))));
            }
            int recorded = 0;
            for (Future<JsonNode> answer : answers) {
                JsonNode result = answer.get();
                if (result.has("errors")) {
                    assertThat(result.at("/errors/0/extensions/code").asString()).as(result.toString()).isEqualTo("CONFLICT");
                } else {
                    recorded++;
                }
            }
            assertThat(recorded).isEqualTo(1);
            assertThat(events("CON-C")).isEqualTo(before + recorded);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentRevisionsWithoutAVersionAreAllRecordedInTurn() throws Exception {
        GraphQlClient c = admin.assessorOf("CON-C");
        long before = events("CON-C");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<JsonNode>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> c.execute(VERSIONED_SELF_SCORE, vars("CON-C", "1", null, null))));
            }
            for (Future<JsonNode> answer : answers) assertThat(answer.get().has("errors")).isFalse();
            assertThat(events("CON-C")).isEqualTo(before + 50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLongStreamIsSnapshottedAndTheSnapshotHoldsTheAssessmentsState() throws Exception {
        GraphQlClient c = admin.assessorOf("CON-C");
        for (int i = 0; i < 105; i++) c.data(VERSIONED_SELF_SCORE, vars("CON-C", "2.5", null, null));
        c.data(VERSIONED_SELF_SCORE, vars("CON-C", "4.75", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshots("CON-C") > 0);
        Map<String, Object> row = jdbc.sql("""
                        SELECT payload, payloadtype, payloadrevision FROM snapshotevententry WHERE aggregateidentifier = ?
                        ORDER BY sequencenumber DESC LIMIT 1""")
                .param("assessment:CON-C:2025").query().singleRow();
        Object snapshot = serializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("payload"), byte[].class,
                (String) row.get("payloadtype"), (String) row.get("payloadrevision")));
        assertThat(snapshot.getClass().getSimpleName()).isEqualTo("Assessment");
        @SuppressWarnings("unchecked")
        Map<String, java.math.BigDecimal> selfScores =
                (Map<String, java.math.BigDecimal>) ReflectionTestUtils.getField(snapshot, "selfScores");
        assertThat(selfScores).as(new String((byte[]) row.get("payload"))).containsKey("1.1");
        assertThat(String.valueOf(ReflectionTestUtils.getField(snapshot, "stage"))).isEqualTo("SELF_ASSESSMENT");
        assertThat(String.valueOf(ReflectionTestUtils.getField(snapshot, "id"))).isEqualTo("assessment:CON-C:2025");
    }

    /**
     * The command that reaches the snapshot trigger is answered before its snapshot is taken: with the snapshots' table
     * locked, commands go on being answered while the snapshot waits for the lock (before, that command's answer waited
     * with it, and when the lock outlasted parledger.database.lock-timeout the snapshot was given up), on a connection of
     * the node's own work, and it is stored once the lock is released.
     */
    @Test
    void theCommandThatCallsForASnapshotIsAnsweredWithoutWaitingForIt() throws Exception {
        GraphQlClient s = admin.assessorOf("CON-S");
        double taken = snapshotsTaken();
        DataSource superuserConnections = database.connections(EmbeddedLedgerDatabase.SUPERUSER);
        JdbcClient superuser = JdbcClient.create(superuserConnections);
        try (Connection lock = superuserConnections.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement sql = lock.createStatement()) {
                sql.execute("LOCK TABLE snapshotevententry IN EXCLUSIVE MODE");
            }
            boolean waiting = false;
            for (int i = 0; i < 150 && !waiting; i++) {
                s.data(VERSIONED_SELF_SCORE, vars("CON-S", String.valueOf(i % 5), null, null));
                // On a connection of the node's own work (the pool named "…-background"), not a request's.
                waiting = superuser.sql("""
                        SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%snapshotevententry%'
                        AND application_name LIKE '%-background'""")
                        .query(Long.class).single() > 0;
            }
            assertThat(waiting).as("a snapshot waiting for the lock while commands were answered").isTrue();
            assertThat(snapshots("CON-S")).isZero();
            lock.commit();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshots("CON-S") > 0);
        // Counted by the snapshots' thread (executor_completed_tasks_total{name="snapshots"}).
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshotsTaken() > taken);
        assertThat(meters.get("executor.queued").tag("name", "snapshots").gauge().value()).isZero();
    }

    private double snapshotsTaken() {
        return meters.get("executor.completed").tag("name", "snapshots").functionCounter().count();
    }

    private long snapshots(String unit) {
        return jdbc.sql("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?")
                .param("assessment:" + unit + ":2025").query(Long.class).single();
    }

    private static Map<String, Object> vars(String unit, String points, String requestId, Integer expectedVersion) {
        Map<String, Object> variables = new HashMap<>(Map.of("unit", unit, "year", 2025, "points", points));
        if (requestId != null) variables.put("requestId", requestId);
        if (expectedVersion != null) variables.put("expectedVersion", expectedVersion);
        return variables;
    }

    private long events(String unit) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                .param("assessment:" + unit + ":2025").query(Long.class).single();
    }
}
