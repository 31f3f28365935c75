package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The application's data source: two connection pools, one for requests and one for the work a node does by itself
 * (its projections' processors, the event store's reading for them, checkpoints). With one pool, requests that held
 * every connection (waiting on a lock someone else held, or a burst of writes) left the projections none: their batches
 * gave up after the pool's connection-timeout and the read model stood still until the requests let go
 * (docs/measurements.md, twenty-second and twenty-eighth sessions). Which pool a connection comes from is decided when
 * it is taken, by a mark on the taking thread ({@link #background}); unmarked work is a request's, as before. A Spring
 * transaction keeps the connection it began with, whatever is marked later.
 */
public final class ConnectionPools extends AbstractRoutingDataSource implements AutoCloseable {
    private static final String REQUESTS = "requests";
    private static final String BACKGROUND = "background";
    private static final ThreadLocal<int[]> MARKS = ThreadLocal.withInitial(() -> new int[1]);

    private final HikariDataSource requests;
    private final HikariDataSource background;

    /**
     * Both pools as configured: spring.datasource.hikari.* (bound here rather than by @ConfigurationProperties, which
     * binds after the bean method returns, so that the lock timeout is added to a connection-init-sql given there) and
     * parledger.database.*; the pool of the node's own work is named after the other, sized by
     * parledger.database.background-pool-size, and opens its connections as they are needed. Both report to Micrometer
     * ({@code hikaricp_*}) and name themselves to PostgreSQL (application_name) by pool name.
     */
    static ConnectionPools configured(HikariDataSource requests, HikariDataSource background, DatabaseProperties connections,
                                      Environment environment, ObjectProvider<MeterRegistry> meters) {
        for (HikariDataSource pool : List.of(requests, background)) {
            Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
            connections.applyTo(pool);
        }
        background.setPoolName(requests.getPoolName() + "-background");
        background.setMaximumPoolSize(connections.backgroundPoolSize());
        background.setMinimumIdle(Math.min(2, connections.backgroundPoolSize()));
        MeterRegistry registry = meters.getIfAvailable();
        for (HikariDataSource pool : List.of(requests, background)) {
            // Each connection says which pool it belongs to in pg_stat_activity.
            pool.addDataSourceProperty("ApplicationName", pool.getPoolName());
            if (registry != null) pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return new ConnectionPools(requests, background);
    }

    ConnectionPools(HikariDataSource requests, HikariDataSource background) {
        this.requests = requests;
        this.background = background;
        setTargetDataSources(Map.of(REQUESTS, requests, BACKGROUND, background));
        setDefaultTargetDataSource(requests);
        setLenientFallback(false);
        afterPropertiesSet();
    }

    /** The pool of requests (and of anything not marked as the node's own work). */
    public HikariDataSource forRequests() {
        return requests;
    }

    /** The pool of the node's own work. */
    public HikariDataSource forBackground() {
        return background;
    }

    /**
     * Unwrapped as a plain data source, the requests' pool: Spring Boot derives other data sources from the one it
     * unwraps (Flyway's, with spring.flyway.user, takes its URL and driver from it) and finds no URL on a routing one.
     */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type == DataSource.class ? type.cast(requests) : super.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type == DataSource.class || super.isWrapperFor(type);
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return isBackground() ? BACKGROUND : REQUESTS;
    }

    /** Whether connections the calling thread takes now come from the pool of the node's own work. */
    public static boolean isBackground() {
        return MARKS.get()[0] > 0;
    }

    /**
     * Marks what the calling thread does, until the mark is closed, as the node's own work. Marks nest; closing one a
     * second time does nothing.
     */
    public static Mark background() {
        MARKS.get()[0]++;
        return new Mark();
    }

    /** Runs {@code work} as the node's own work. */
    public static <T> T background(Supplier<T> work) {
        try (Mark ignored = background()) {
            return work.get();
        }
    }

    /** Marks the calling thread's work as the node's own for as long as the thread lives (threads made for it alone). */
    public static void backgroundThread() {
        MARKS.get()[0]++;
    }

    @Override
    public void close() {
        try {
            background.close();
        } finally {
            requests.close();
        }
    }

    /** A mark on the thread that made it; closed on that thread. */
    public static final class Mark implements AutoCloseable {
        private boolean closed;

        private Mark() {
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            MARKS.get()[0]--;
        }
    }
}
