package org.parledger.app.operations;

import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * The database as requests reach it, in /actuator/health as db (and readiness): one check on a connection of the
 * requests' pool. Spring Boot's own indicator checks each pool of a routing data source ({@code ConnectionPools}), one
 * after the other, and while the database is down each waits the pool's connection-timeout: health took 12 s to answer
 * DOWN (DatabaseOutageTest, which asks for it within 10 s), where probes time out sooner. Both pools reach the same
 * server as the same role; how full each is, hikaricp_*{pool} says.
 */
@Component("dbHealthIndicator")
class DatabaseHealth extends DataSourceHealthIndicator {
    DatabaseHealth(DataSource dataSource) {
        super(dataSource);
    }
}
