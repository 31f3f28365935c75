package org.parledger.app.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.config.DatabaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * This node's clock against the database's, in /actuator/health as clock and as the gauge parledger_clock_offset_seconds
 * (the database's clock minus this node's). Every event is stamped with the clock of the node that records it: nodes
 * whose clocks differ stamp the audit trail and the as-of answers with times out of step, and nothing else shows it
 * (the ledger's order is its positions, which no clock sets). DOWN beyond parledger.database.clock-tolerance (1s) plus
 * half the query's round trip, with a WARN when that starts and a line when it ends. Not part of readiness: the node
 * records correctly, only its stamps are off. Measured at most every 10 s, on the pool of the node's own work
 * ({@link RecentReading}): health probes and scrapes come more often, and an operator wants the offset most when the
 * requests' connections are all taken.
 */
@Component("clockHealthIndicator")
class ClockHealth implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(ClockHealth.class);
    private final Supplier<Instant> database;
    private final Clock clock;
    private final Duration tolerance;
    private final AtomicBoolean outOfStep = new AtomicBoolean();
    /** The last measurement (or its failure), at most 10 s old. */
    private final RecentReading<Measured> last;

    @Autowired
    ClockHealth(DataSource dataSource, DatabaseProperties properties, MeterRegistry meters) {
        this(databaseClock(new JdbcTemplate(dataSource)), Clock.systemUTC(), properties.clockTolerance());
        Gauge.builder("parledger.clock.offset", this, health -> {
                    try {
                        return health.recent().offset().toNanos() / 1e9;
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                }).description("The database's clock minus this node's, which stamps the events it records")
                .baseUnit("seconds").register(meters);
    }

    ClockHealth(Supplier<Instant> database, Clock clock, Duration tolerance) {
        this.database = database;
        this.clock = clock;
        this.tolerance = tolerance;
        this.last = RecentReading.onTheNodesOwnPool(this::measure, Duration.ofSeconds(10));
    }

    private static Supplier<Instant> databaseClock(JdbcTemplate jdbc) {
        return () -> jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class).toInstant();
    }

    /** The offset, taken against the middle of the query's round trip. */
    record Measured(Duration offset, Duration roundTrip) {
    }

    Measured measure() {
        Instant before = clock.instant();
        Instant theirs = database.get();
        Instant after = clock.instant();
        Duration roundTrip = Duration.between(before, after);
        Instant middle = before.plus(roundTrip.dividedBy(2));
        return new Measured(Duration.between(middle, theirs), roundTrip);
    }

    /** The last measurement when it is recent, a new one otherwise; throws what the last try threw. */
    Measured recent() {
        return last.get();
    }

    @Override
    public Health health() {
        Measured measured;
        try {
            measured = recent();
        } catch (RuntimeException e) {
            return Health.unknown().withDetail("error", "cannot read the database's clock").build();
        }
        boolean off = measured.offset().abs().compareTo(tolerance.plus(measured.roundTrip().dividedBy(2))) > 0;
        if (off && outOfStep.compareAndSet(false, true)) {
            log.warn("This node's clock is {} ms {} the database's (tolerance {} ms): the events it records are stamped "
                            + "out of step with other nodes'; set the machine's time (NTP)", measured.offset().abs().toMillis(),
                    measured.offset().isNegative() ? "ahead of" : "behind", tolerance.toMillis());
        } else if (!off && outOfStep.compareAndSet(true, false)) {
            log.info("This node's clock is within {} ms of the database's again", tolerance.toMillis());
        }
        return (off ? Health.down() : Health.up())
                .withDetail("offsetMillis", measured.offset().toMillis())
                .withDetail("roundTripMillis", measured.roundTrip().toMillis())
                .withDetail("toleranceMillis", tolerance.toMillis())
                .build();
    }
}
