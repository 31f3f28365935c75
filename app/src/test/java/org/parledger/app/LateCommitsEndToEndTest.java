package org.parledger.app;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.parledger.app.integrity.EventChain;
import org.junit.jupiter.api.Test;
import org.parledger.api.StreamIds;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.query.projection.LedgerPositions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writers commit in any order: an event whose transaction commits after a later one's leaves a gap that the
 * projections see filled afterwards. The late event is projected at its own position in the ledger, once,
 * and the projections go on.
 */
@LedgerIntegrationTest
class LateCommitsEndToEndTest {
    @Autowired
    EventStorageEngine storage;
    /** Written straight to the storage engine, the events still carry their hashes, as every event of the ledger does. */
    @Autowired
    EventChain chain;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void anEventCommittedAfterALaterOneIsProjectedAtItsOwnPosition() throws Exception {
        LateCommit late = storeLateThen("LATE-A", "LATE-B");
        long lateB = globalIndex("LATE-B");
        // The projections have gone past the gap the uncommitted event leaves.
        await().atMost(Duration.ofSeconds(30)).until(() -> auditPosition("LATE-B") != null);

        late.commit();
        long lateA = globalIndex("LATE-A");
        assertThat(lateA).isLessThan(lateB);

        await().atMost(Duration.ofSeconds(30)).until(() -> auditPosition("LATE-A") != null);
        assertThat(auditPosition("LATE-A")).isEqualTo(lateA);
        assertThat(auditPosition("LATE-B")).isEqualTo(lateB);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.sql("SELECT count(*) FROM rv_unit WHERE code IN ('LATE-A', 'LATE-B')").query(Long.class).single() == 2);
        assertThat(jdbc.sql("SELECT count(*) FROM rv_audit_entry WHERE stream IN ('unit:LATE-A', 'unit:LATE-B')")
                .query(Long.class).single()).isEqualTo(2);
    }

    /** What a replay does with the event stream: the same late event read by Axon's engine after a later one. */
    @Test
    void aReplayReadingTheLedgerFindsALateEventsOwnPosition() throws Exception {
        LateCommit late = storeLateThen("LATE-C", "LATE-D");
        TrackedEventMessage<?> lateD = last(storage.readEvents(null, false));
        assertThat(lateD.getIdentifier()).isEqualTo(eventId("LATE-D"));

        late.commit();
        List<TrackedEventMessage<?>> after = storage.readEvents(lateD.trackingToken(), false)
                .collect(java.util.stream.Collectors.toList());
        TrackedEventMessage<?> lateC = after.stream().filter(m -> m.getIdentifier().equals(eventId("LATE-C")))
                .findFirst().orElseThrow();

        assertThat(lateC.trackingToken().position()).as("the token's furthest position").hasValue(globalIndex("LATE-D"));
        assertThat(LedgerPositions.of(lateD.trackingToken(), lateC, dataSource)).isEqualTo(globalIndex("LATE-C"));
        assertThat(LedgerPositions.of(null, lateD, dataSource)).isEqualTo(globalIndex("LATE-D"));
    }

    /** A transaction holding a unit's registration open until committed. */
    private record LateCommit(CountDownLatch release, CompletableFuture<Void> transaction) {
        void commit() throws Exception {
            release.countDown();
            transaction.get(30, TimeUnit.SECONDS);
        }
    }

    /** Stores the late unit's registration without committing it, then stores and commits the later one's. */
    private LateCommit storeLateThen(String late, String later) throws InterruptedException {
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> transaction = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    storage.appendEvents(chain.link(registered(late), new java.util.HashMap<>()));
                    stored.countDown();
                    awaitRelease(release);
                }));
        assertThat(stored.await(30, TimeUnit.SECONDS)).isTrue();
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.appendEvents(chain.link(registered(later), new java.util.HashMap<>())));
        return new LateCommit(release, transaction);
    }

    private static TrackedEventMessage<?> last(java.util.stream.Stream<? extends TrackedEventMessage<?>> events) {
        List<TrackedEventMessage<?>> all = events.collect(java.util.stream.Collectors.toList());
        return all.get(all.size() - 1);
    }

    private String eventId(String code) {
        return jdbc.sql("SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = :stream")
                .param("stream", "unit:" + code).query(String.class).single();
    }

    private static GenericDomainEventMessage<UnitRegistered> registered(String code) {
        UnitCode unit = new UnitCode(code);
        return new GenericDomainEventMessage<>("Unit", StreamIds.unit(unit), 0, new UnitRegistered(unit,
                "Tỉnh " + code, Level.PROVINCE, null, LocalDate.of(2020, 1, 1), new Actor("admin", "ADMIN")));
    }

    private long globalIndex(String code) {
        return jdbc.sql("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = :stream")
                .param("stream", "unit:" + code).query(Long.class).single();
    }

    private Long auditPosition(String code) {
        return jdbc.sql("SELECT position FROM rv_audit_entry WHERE stream = :stream")
                .param("stream", "unit:" + code).query(Long.class).optional().orElse(null);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
