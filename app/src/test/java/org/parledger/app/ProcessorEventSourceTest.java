package org.parledger.app;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.app.config.ProcessorEventSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections' processors are told when events arrive: without it Axon's pooled processor looks at the JDBC
 * default's stream only every 500 ms, and a read with consistentWith right after a change waited for that.
 */
@LedgerIntegrationTest
class ProcessorEventSourceTest {
    @LocalServerPort
    int port;
    @Autowired
    EventStore events;
    @Autowired
    ProcessorEventSource processorEvents;

    @Test
    void theThreeProjectionsReadThroughIt() {
        await().untilAsserted(() -> assertThat(processorEvents.told()).isEqualTo(3));
    }

    /** Its watcher tells a stream of an event committed after it opened, with no tick to fall back on. */
    @Test
    void aStreamIsToldOfAnEventCommittedAfterItOpened() throws Exception {
        ProcessorEventSource source = new ProcessorEventSource(events, Duration.ofHours(1), Duration.ZERO, 1);
        CountDownLatch told = new CountDownLatch(1);
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken())) {
            assertThat(stream.setOnAvailableCallback(told::countDown)).isTrue();
            assertThat(source.told()).isEqualTo(1);

            GraphQlClient.admin(port).data("""
                    mutation { registerUnit(input: {code: "TOLD-A", name: "Tỉnh Được Báo", level: PROVINCE}) { stream } }""", Map.of());

            assertThat(told.await(30, TimeUnit.SECONDS)).as("told within 30 s").isTrue();
            TrackedEventMessage<?> next = null;
            while (stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
                next = stream.nextAvailable();
                if (next.getPayload() instanceof UnitRegistered registered && registered.unit().value().equals("TOLD-A")) break;
            }
            assertThat(next).isNotNull();
            assertThat(next.getPayload()).isInstanceOfSatisfying(UnitRegistered.class,
                    registered -> assertThat(registered.unit().value()).isEqualTo("TOLD-A"));
        } finally {
            assertThat(source.told()).as("a closed stream is no longer told").isZero();
            source.destroy();
        }
    }

    /** A read that waits for the processors (consistentWith) tells every stream at once, arrivals or not. */
    @Test
    void aWaitingReadTellsEveryStreamAtOnce() throws Exception {
        ProcessorEventSource source = new ProcessorEventSource(events, Duration.ofHours(1), Duration.ofHours(1), 1);
        try (BlockingStream<TrackedEventMessage<?>> one = source.openStream(source.createHeadToken());
             BlockingStream<TrackedEventMessage<?>> other = source.openStream(source.createHeadToken())) {
            AtomicInteger told = new AtomicInteger();
            one.setOnAvailableCallback(told::incrementAndGet);
            other.setOnAvailableCallback(told::incrementAndGet);
            source.wakeUp();
            assertThat(told.get()).isEqualTo(2);
        } finally {
            source.destroy();
        }
    }

    /** The watcher ends with the last stream (the processors stop before the event store) and starts with the next. */
    @Test
    void theWatcherFollowsTheStoreOnlyWhileAStreamIsTold() throws Exception {
        ProcessorEventSource source = new ProcessorEventSource(events, Duration.ofMillis(100), Duration.ZERO, 1);
        try {
            BlockingStream<TrackedEventMessage<?>> first = source.openStream(source.createHeadToken());
            assertThat(source.watching()).as("nothing told yet").isFalse();
            first.setOnAvailableCallback(() -> { });
            assertThat(source.watching()).isTrue();
            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !source.watching());

            CountDownLatch ticked = new CountDownLatch(2);
            try (BlockingStream<TrackedEventMessage<?>> second = source.openStream(source.createHeadToken())) {
                second.setOnAvailableCallback(ticked::countDown);
                assertThat(source.watching()).isTrue();
                assertThat(ticked.await(10, TimeUnit.SECONDS)).as("told at least every tick, events or not").isTrue();
            }
        } finally {
            source.destroy();
        }
        assertThat(source.watching()).isFalse();
    }
}
