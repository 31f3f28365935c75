package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The application's connections to its PostgreSQL, embedded or external (parledger.database.*).
 *
 * @param lockTimeout how long a statement waits for a lock someone else holds (a maintenance command, a migration, a
 *                    session left open in psql) before it gives up and its request is answered UNAVAILABLE; 0 waits as
 *                    long as it takes. The projections, replays, checkpoint signing and the registry's rebuild, which wait
 *                    for each other by design, wait as long as it takes whatever this says.
 * @param clockTolerance how far this node's clock may be from the database's before the health's clock component is
 *                    DOWN: every event is stamped with the clock of the node that records it, so nodes whose clocks
 *                    differ stamp the audit trail with times out of step (each node compared with the one database
 *                    shows how far apart they are)
 * @param backgroundPoolSize the connections kept for what the node does by itself (its projections' processors, the
 *                    event store's reading for them, checkpoints), apart from the requests' pool, so that requests
 *                    holding every connection of theirs do not stop the projections ({@link ConnectionPools})
 */
@ConfigurationProperties("parledger.database")
public record DatabaseProperties(@DefaultValue("5s") Duration lockTimeout, @DefaultValue("1s") Duration clockTolerance,
                                 @DefaultValue("12") int backgroundPoolSize) {

    public DatabaseProperties {
        if (backgroundPoolSize < 1) {
            throw new IllegalArgumentException("parledger.database.background-pool-size must be at least 1, not " + backgroundPoolSize);
        }
    }

    /**
     * Sets the pool's connections' lock_timeout as each is opened (a statement after spring.datasource.hikari's
     * connection-init-sql, if any). Not the driver's startup {@code options}: PgBouncer refuses a connection that
     * sends them ("unsupported startup parameter: options", by hand with Debian's PgBouncer 1.18).
     */
    void applyTo(HikariDataSource pool) {
        if (lockTimeout.isZero() || lockTimeout.isNegative()) return;
        String set = "SET lock_timeout = " + lockTimeout.toMillis();
        String given = pool.getConnectionInitSql();
        pool.setConnectionInitSql(given == null || given.isBlank() ? set : given.strip().replaceAll(";+$", "") + "; " + set);
    }
}
