package org.parledger.app.operations;

import org.junit.jupiter.api.Test;
import org.parledger.app.config.ConnectionPools;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** This node's clock against the database's: the offset, and DOWN beyond the tolerance. */
class ClockHealthTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Clock NODE = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void withinTheToleranceIsUpWithTheOffset() {
        Health health = new ClockHealth(() -> NOW.plusMillis(400), NODE, Duration.ofSeconds(1)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("offsetMillis", 400L).containsEntry("toleranceMillis", 1000L);
    }

    @Test
    void aNodeBehindOrAheadOfTheDatabaseBeyondTheToleranceIsDown() {
        Health behind = new ClockHealth(() -> NOW.plusSeconds(3), NODE, Duration.ofSeconds(1)).health();
        assertThat(behind.getStatus()).isEqualTo(Status.DOWN);
        assertThat(behind.getDetails()).containsEntry("offsetMillis", 3000L);
        Health ahead = new ClockHealth(() -> NOW.minusSeconds(90), NODE, Duration.ofSeconds(1)).health();
        assertThat(ahead.getStatus()).isEqualTo(Status.DOWN);
        assertThat(ahead.getDetails()).containsEntry("offsetMillis", -90_000L);
    }

    @Test
    void aDatabaseOutOfReachLeavesTheClockUnknown() {
        Health health = new ClockHealth(() -> {
            throw new IllegalStateException("no connection");
        }, NODE, Duration.ofSeconds(1)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aMeasurementServesTheProbesOfTheNextSeconds() {
        AtomicInteger asked = new AtomicInteger();
        ClockHealth clock = new ClockHealth(() -> {
            asked.incrementAndGet();
            return NOW;
        }, NODE, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) assertThat(clock.health().getStatus()).isEqualTo(Status.UP);
        assertThat(asked.get()).isEqualTo(1);
    }

    /** Read on the pool of the node's own work: with every request's connection taken, the offset is still measured. */
    @Test
    void theDatabasesClockIsReadAsTheNodesOwnWork() {
        List<Boolean> marked = new ArrayList<>();
        new ClockHealth(() -> {
            marked.add(ConnectionPools.isBackground());
            return NOW;
        }, NODE, Duration.ofSeconds(1)).health();
        assertThat(marked).containsExactly(true);
    }
}
