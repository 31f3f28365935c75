package org.parledger.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parledger.app.config.DatabaseProperties;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.command.support.DatabaseOutage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.*;

/**
 * A lock someone else holds on the ledger's tables: a maintenance command, a migration run by hand, a session left open
 * in psql. Measured by hand (docs/measurements.md, twenty-second session): with a lock held for 40 s on the event table,
 * the requests that had a connection waited the whole 40 s, and every other request was answered UNAVAILABLE after the
 * pool's 3 s. A request now waits at most parledger.database.lock-timeout (5 s), is answered UNAVAILABLE, and changes
 * nothing; the projections, which wait for each other by design, wait as long as it takes, and fail nothing.
 */
@LedgerIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeldLocksTest {
    private static final String UNIT = "HL-A";
    private static final String STREAM = "assessment:" + UNIT + ":2025";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedLedgerDatabase database;
    @Autowired
    DatabaseProperties connections;
    GraphQlClient assessor;

    @BeforeAll
    void anOpenAssessment() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        admin.data(REGISTER_UNIT, Map.of("code", UNIT, "name", "Tỉnh " + UNIT));
        admin.data(OPEN_UNDER, Map.of("unit", UNIT, "year", 2025, "set", "IT-SET"));
        assessor = admin.assessorOf(UNIT);
    }

    /** A superuser's open transaction holding a lock, as psql would after BEGIN; LOCK TABLE …. */
    private Connection holding(String lock) throws SQLException {
        Connection connection = database.connections(EmbeddedLedgerDatabase.SUPERUSER).getConnection();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute(lock);
        }
        return connection;
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(STREAM)
                .query(Long.class).single();
    }

    private long parked() {
        return jdbc.sql("SELECT count(*) FROM deadletterentry").query(Long.class).single();
    }

    /** Sent aside, so that the lock is released (in finally) whatever the request does. */
    private CompletableFuture<JsonNode> aside(String document, Map<String, Object> variables) {
        return CompletableFuture.supplyAsync(() -> assessor.execute(document, variables));
    }

    private static void answeredUnavailable(JsonNode answer) {
        assertThat(answer.path("errors")).as(answer.toString()).hasSize(1);
        JsonNode error = answer.at("/errors/0");
        assertThat(error.at("/extensions/code").asString()).as(error.toString()).isEqualTo("UNAVAILABLE");
        assertThat(error.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(DatabaseOutage.RETRY_AFTER_SECONDS);
    }

    @Test
    void aChangeThatMeetsALockHeldPastTheTimeoutIsUnavailableAndRecordedOnceWhenSentAgain() throws Exception {
        assertThat(connections.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        long before = events();
        JsonNode answer;
        try (Connection lock = holding("LOCK TABLE domainevententry IN SHARE MODE")) {
            CompletableFuture<JsonNode> sent = aside(SELF_SCORE_WITH_ID, Map.of("unit", UNIT, "points", "2", "requestId", "held-lock-1"));
            try {
                // Far beyond the lock timeout; the old code waited for the lock however long it was held.
                answer = sent.get(30, TimeUnit.SECONDS);
            } finally {
                lock.rollback();
            }
        }
        answeredUnavailable(answer);
        assertThat(events()).as("nothing recorded").isEqualTo(before);

        JsonNode recorded = assessor.data(SELF_SCORE_WITH_ID, Map.of("unit", UNIT, "points", "2", "requestId", "held-lock-1"));
        assertThat(assessor.data(SELF_SCORE_WITH_ID, Map.of("unit", UNIT, "points", "2", "requestId", "held-lock-1")))
                .as("a retry is answered, not recorded again").isEqualTo(recorded);
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void aReadThatMeetsALockHeldPastTheTimeoutIsUnavailable() throws Exception {
        JsonNode answer;
        try (Connection lock = holding("LOCK TABLE rv_assessment IN ACCESS EXCLUSIVE MODE")) {
            CompletableFuture<JsonNode> asked = aside(ASSESSMENT, Map.of("unit", UNIT, "year", 2024));
            try {
                answer = asked.get(30, TimeUnit.SECONDS);
            } finally {
                lock.rollback();
            }
        }
        answeredUnavailable(answer);
    }

    @Test
    void projectionsWaitForALockAsLongAsItIsHeldAndFailNothing() throws Exception {
        long parkedBefore = parked();
        long position;
        try (Connection lock = holding("LOCK TABLE rv_assessment IN ACCESS EXCLUSIVE MODE")) {
            try {
                position = assessor.data(SELF_SCORE_WITH_ID, Map.of("unit", UNIT, "points", "3", "requestId", "held-lock-2"))
                        .at("/recordSelfScore/position").asLong();
                // A projection waits on the table for longer than a request may (one that gave up would be waiting
                // again, since its last attempt, for less).
                long waitedLonger = connections.lockTimeout().plusSeconds(1).toMillis();
                await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                                SELECT count(*) FROM pg_locks
                                 WHERE relation = 'rv_assessment'::regclass AND NOT granted
                                   AND waitstart < clock_timestamp() - make_interval(secs => ?)""")
                        .param(waitedLonger / 1000.0).query(Long.class).single() > 0);
            } finally {
                lock.rollback();
            }
        }
        JsonNode seen = assessor.data("query($p: Float) { assessment(unit: \"HL-A\", year: 2025, consistentWith: $p) { leaves { code selfAssessed } } }",
                Map.of("p", position));
        JsonNode leaf = null;
        for (JsonNode each : seen.at("/assessment/leaves")) if (each.at("/code").asString().equals("1.1")) leaf = each;
        assertThat(leaf).isNotNull();
        assertThat(leaf.at("/selfAssessed").decimalValue()).isEqualByComparingTo("3");
        assertThat(parked()).as("nothing parked").isEqualTo(parkedBefore);
    }
}
