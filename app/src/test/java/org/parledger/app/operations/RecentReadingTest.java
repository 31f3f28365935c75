package org.parledger.app.operations;

import org.junit.jupiter.api.Test;
import org.parledger.app.config.ConnectionPools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Health probes and scrapes share one reading: one read per interval, however many ask at once, on the node's own pool. */
class RecentReadingTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    private static final List<String> STATUSES = List.of("scores-v1 lags 1");

    @Test
    void thirtyTwoAskingAtOnceWaitForOneReadOnTheNodesOwnPool() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> marked = Collections.synchronizedList(new ArrayList<>());
        RecentReading<List<String>> recent = RecentReading.onTheNodesOwnPool(() -> {
            reads.incrementAndGet();
            marked.add(ConnectionPools.isBackground());
            reading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return STATUSES;
        }, Duration.ofSeconds(5), clock::get);
        ExecutorService askers = Executors.newFixedThreadPool(32);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) answers.add(askers.submit(recent::get));
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            // Every asker has either started the read or is waiting for it: none has an answer yet.
            await().atMost(Duration.ofSeconds(10)).until(() -> ((ThreadPoolExecutor) askers).getActiveCount() == 32);
            assertThat(answers).noneMatch(Future::isDone);
            release.countDown();
            for (Future<List<String>> answer : answers) assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(STATUSES);
        } finally {
            askers.shutdownNow();
        }
        assertThat(reads).hasValue(1);
        assertThat(marked).containsExactly(true);
        assertThat(ConnectionPools.isBackground()).as("the mark does not outlive the read").isFalse();
    }

    /** Whether the database answers requests is read as they read it: on their pool, unmarked. */
    @Test
    void aReadingOnTheRequestsPoolIsNotMarked() {
        RecentReading<Boolean> recent = RecentReading.onTheRequestsPool(ConnectionPools::isBackground, Duration.ofSeconds(1));
        assertThat(recent.get()).isFalse();
        assertThat(RecentReading.onTheNodesOwnPool(ConnectionPools::isBackground, Duration.ofSeconds(1)).get()).isTrue();
    }

    @Test
    void aCopyIsKeptFiveSecondsAndAFailureAsLong() {
        RuntimeException down = new IllegalStateException("cannot read the projections' positions");
        AtomicInteger failing = new AtomicInteger(1);
        RecentReading<List<String>> recent = new RecentReading<>(() -> {
            reads.incrementAndGet();
            if (failing.get() == 1) throw down;
            return STATUSES;
        }, Duration.ofSeconds(5), clock::get);

        assertThatThrownBy(recent::get).isSameAs(down);
        failing.set(0);
        clock.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThatThrownBy(recent::get).as("the failure is answered again, without a read").isSameAs(down);
        assertThat(reads).hasValue(1);

        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(recent.get()).isEqualTo(STATUSES);
        assertThat(recent.get()).isEqualTo(STATUSES);
        assertThat(reads).hasValue(2);
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(recent.get()).isEqualTo(STATUSES);
        assertThat(reads).hasValue(3);
    }
}
