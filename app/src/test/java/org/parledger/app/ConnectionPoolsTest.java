package org.parledger.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parledger.app.config.ConnectionPools;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.query.audit.AuditTrailProjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.TestDocuments.REGISTER_UNIT;

/**
 * Requests and the node's own work take their connections from pools of their own ({@link ConnectionPools}). Measured by
 * hand (docs/measurements.md, twenty-second session): with one pool, requests holding all 16 connections (waiting on a
 * lock someone else held) left the projections none; their batches gave up after the pool's 3 s, again and again, and the
 * read model stood still until the requests let go.
 */
@LedgerIntegrationTest
class ConnectionPoolsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @LocalServerPort
    int port;
    /** The application's data source (in tests, behind ConnectionWatch's proxy). */
    @Autowired
    DataSource dataSource;
    ConnectionPools pools;
    @Autowired
    EmbeddedLedgerDatabase database;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    @Qualifier("projectionsHealthIndicator")
    HealthIndicator projectionsHealth;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void pools() throws SQLException {
        pools = dataSource.unwrap(ConnectionPools.class);
    }

    /** The database as the superuser sees it, on a connection of no pool. */
    private JdbcClient superuser() {
        return JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
    }

    private long auditEntriesOf(String unit) {
        return superuser().sql("SELECT count(*) FROM rv_audit_entry WHERE unit_code = ?").param(unit).query(Long.class).single();
    }

    /**
     * The audit trail's processor is stopped while a unit is registered, then started while every connection of the
     * requests' pool is held: it claims its segment, reads the ledger and commits the entry all the same. On one pool it
     * got no connection until the requests gave theirs back.
     */
    @Test
    void projectionsGoOnWhileRequestsHoldEveryConnectionOfTheirs() throws Exception {
        registeredWhileEveryRequestsConnectionIsHeld("CP-A", "Tỉnh Hai Bể", audited -> {
            assertThat(auditEntriesOf("CP-A")).as("not projected while stopped").isZero();
            audited.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> auditEntriesOf("CP-A") == 1);
        });
        // Requests have theirs back at once.
        assertThat(GraphQlClient.admin(port).data("{ unit(code: \"CP-A\") { name } }", Map.of()).at("/unit/name").asString())
                .isEqualTo("Tỉnh Hai Bể");
    }

    /**
     * What an operator looks at when requests hold every connection of theirs: the projections' lag in health and in the
     * meters is still read, on the node's own pool. Before, both read on the requests' pool: health said "cannot read the
     * projections' positions" and the lag gauge had no value for as long as the requests held on.
     */
    @Test
    void healthAndTheLagGaugeStillReadTheProjectionsWhileRequestsHoldEveryConnection() throws Exception {
        registeredWhileEveryRequestsConnectionIsHeld("CP-B", "Tỉnh Ba Bể", audited -> {
            // The copy health and the meters share is at most five seconds old: one read after the connections were taken
            // finds the audit trail behind by the unit just registered.
            await().atMost(Duration.ofSeconds(30)).until(() -> auditLagInHealth() >= 1);
            assertThat(meters.get("parledger.projection.lag").tag("projection", AuditTrailProjection.PROCESSING_GROUP).gauge().value())
                    .isGreaterThanOrEqualTo(1);
        });
    }

    /**
     * Anonymous health probes, however many at once, share one check of the database on the requests' pool. Each used to
     * take a connection of its own: probes from three addresses cost the database ~1,000 checks a second, and with the
     * connections held, every probe waited the pool's timeout on its own (docs/measurements.md, thirtieth session). Here
     * 32 probes at once while the requests' connections are held: one of them waits for a connection and times out, and
     * all are answered DOWN from that one check.
     */
    @Test
    void healthProbesAtOnceShareOneCheckOfTheDatabase() throws Exception {
        Counter timeouts = meters.get("hikaricp.connections.timeout").tag("pool", pools.forRequests().getPoolName()).counter();
        double before = timeouts.count();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).build();
        holdingEveryRequestsConnection(() -> {
            List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
            for (int i = 0; i < 32; i++) probes.add(http.sendAsync(probe, HttpResponse.BodyHandlers.ofString()));
            for (CompletableFuture<HttpResponse<String>> answer : probes) {
                HttpResponse<String> down = answer.get(30, TimeUnit.SECONDS);
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(JSON.readTree(down.body()).at("/components/db/status").asString()).isEqualTo("DOWN");
            }
        });
        // One check timed out for the 32 (two if the last probe came after the first check's answer had been kept its
        // second); each probe its own would have been 32.
        assertThat(timeouts.count() - before).isBetween(1.0, 2.0);
        // With the connections back, the next check (a second later at most) finds the database.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** Runs {@code whileHeld} holding every connection of the requests' pool, and lets them go after. */
    private void holdingEveryRequestsConnection(ThrowingRunnable whileHeld) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            int size = pools.forRequests().getMaximumPoolSize();
            while (held.size() < size) held.add(pools.forRequests().getConnection());
            assertThat(pools.forRequests().getHikariPoolMXBean().getIdleConnections()).isZero();
            whileHeld.run();
            assertThat(held).as("the requests' connections were held throughout").allSatisfy(c -> assertThat(c.isClosed()).isFalse());
        } finally {
            for (Connection connection : held) connection.close();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Registers a unit with the audit trail's processor stopped, then runs {@code whileHeld} (given the processor) holding
     * every connection of the requests' pool; lets them go and starts the processor again after.
     */
    private void registeredWhileEveryRequestsConnectionIsHeld(String code, String name, Consumer<StreamingEventProcessor> whileHeld)
            throws Exception {
        StreamingEventProcessor audit = processing.eventProcessor(AuditTrailProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        audit.shutDown();
        try {
            GraphQlClient.admin(port).data(REGISTER_UNIT, Map.of("code", code, "name", name));
            holdingEveryRequestsConnection(() -> whileHeld.accept(audit));
        } finally {
            if (!audit.isRunning()) audit.start();
        }
    }

    @SuppressWarnings("unchecked")
    private long auditLagInHealth() {
        Health health = projectionsHealth.health();
        Object details = health.getDetails().get(AuditTrailProjection.PROCESSING_GROUP);
        assertThat(details).as("%s", health.getDetails()).isInstanceOf(Map.class);
        return ((Number) ((Map<String, Object>) details).get("lag")).longValue();
    }

    /** Which pool a connection came from, as PostgreSQL sees it: each names itself by its pool (application_name). */
    @Test
    void aConnectionTakenAsTheNodesOwnWorkComesFromItsPoolAndSaysSo() throws SQLException {
        assertThat(ConnectionPools.isBackground()).as("a test's thread is not marked").isFalse();
        assertThat(applicationName()).isEqualTo("embedded-postgres");
        try (ConnectionPools.Mark ignored = ConnectionPools.background()) {
            assertThat(applicationName()).isEqualTo("embedded-postgres-background");
        }
        assertThat(applicationName()).isEqualTo("embedded-postgres");
        // The processors' connections, seen from the database.
        List<String> names = superuser().sql("SELECT DISTINCT application_name FROM pg_stat_activity WHERE usename = 'parledger_app'")
                .query(String.class).list();
        assertThat(names).contains("embedded-postgres", "embedded-postgres-background");
        assertThat(pools.forBackground().getMaximumPoolSize()).isEqualTo(12);
    }

    private String applicationName() throws SQLException {
        try (Connection connection = pools.getConnection(); var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT current_setting('application_name')")) {
            result.next();
            return result.getString(1);
        }
    }
}
