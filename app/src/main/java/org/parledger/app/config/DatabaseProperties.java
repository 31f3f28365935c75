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
 */
@ConfigurationProperties("parledger.database")
public record DatabaseProperties(@DefaultValue("5s") Duration lockTimeout) {

    /**
     * Sets the pool's connections' lock_timeout as they are opened (the driver's startup options: no statement more).
     * A URL that gives {@code options} of its own takes precedence.
     */
    void applyTo(HikariDataSource pool) {
        if (!lockTimeout.isZero() && !lockTimeout.isNegative()) pool.addDataSourceProperty("options", "-c lock_timeout=" + lockTimeout.toMillis());
    }
}
