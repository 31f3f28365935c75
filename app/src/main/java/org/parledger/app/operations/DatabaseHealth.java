package org.parledger.app.operations;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The database as requests reach it, in /actuator/health as db (and readiness): one check on a connection of the
 * requests' pool (Spring Boot's indicator, given that pool). Spring Boot's own bean checks each pool of a routing data
 * source ({@code ConnectionPools}), one after the other, and while the database is down each waits the pool's
 * connection-timeout: health took 12 s to answer DOWN (DatabaseOutageTest, which asks for it within 10 s), where probes
 * time out sooner. Both pools reach the same server as the same role; how full each is, hikaricp_*{pool} says.
 * <p>
 * The check's answer is kept a second and taken by one probe at a time ({@link RecentReading}). Anyone may ask for
 * health without credentials and it is never refused for the anonymous bound: each probe took a connection of the
 * requests' pool, and anonymous probes from three addresses (64 in progress each) cost the database ~1,000 checks a
 * second (docs/measurements.md, thirtieth session). Probes come every few seconds; a second's copy changes nothing for
 * them.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {
    private final RecentReading<Health> last;

    DatabaseHealth(DataSource dataSource) {
        this.last = RecentReading.onTheRequestsPool(new DataSourceHealthIndicator(dataSource)::health, Duration.ofSeconds(1));
    }

    @Override
    public Health health() {
        return last.get();
    }
}
