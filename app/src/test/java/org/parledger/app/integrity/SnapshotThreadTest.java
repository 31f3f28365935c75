package org.parledger.app.integrity;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots are taken off the command's thread; none is ever dropped while the node runs; the stop waits for the one under way. */
class SnapshotThreadTest {

    @Test
    void aSnapshotIsTakenOnItsOwnThreadAndTheCallerGoesOn() throws Exception {
        try (SnapshotThread snapshots = new SnapshotThread()) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> ranOn = new AtomicReference<>();
            CompletableFuture<Void> taken = new CompletableFuture<>();
            snapshots.execute(() -> {
                ranOn.set(Thread.currentThread().getName());
                await(release);
                taken.complete(null);
            });
            // The caller is back while the snapshot is still held.
            assertThat(taken).isNotDone();
            release.countDown();
            taken.get(30, TimeUnit.SECONDS);
            assertThat(ranOn.get()).isEqualTo("snapshotter").isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void whenTheQueueIsFullTheCallerTakesTheSnapshotItself() throws Exception {
        try (SnapshotThread snapshots = new SnapshotThread()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            snapshots.execute(() -> {
                started.countDown();
                await(release);
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            AtomicInteger queuedRan = new AtomicInteger();
            for (int i = 0; i < SnapshotThread.QUEUED; i++) snapshots.execute(queuedRan::incrementAndGet);
            assertThat(snapshots.waiting()).isEqualTo(SnapshotThread.QUEUED);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            snapshots.execute(() -> ranOn.set(Thread.currentThread()));
            // Not dropped: Axon would count that assessment's snapshot in progress for good.
            assertThat(ranOn.get()).isSameAs(Thread.currentThread());
            release.countDown();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> queuedRan.get() == SnapshotThread.QUEUED);
        }
    }

    @Test
    void theStopWaitsForTheSnapshotUnderWayAndLeavesTheQueued() throws Exception {
        SnapshotThread snapshots = new SnapshotThread();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        snapshots.execute(() -> {
            started.countDown();
            await(release);
            finished.incrementAndGet();
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicInteger queuedRan = new AtomicInteger();
        snapshots.execute(queuedRan::incrementAndGet);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(snapshots::close);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> snapshots.waiting() == 0);
        assertThat(closed).isNotDone();
        release.countDown();
        closed.get(30, TimeUnit.SECONDS);
        assertThat(finished.get()).isEqualTo(1);
        assertThat(queuedRan.get()).isZero();
        // After the stop a snapshot is neither taken nor an error for the command that called for it.
        snapshots.execute(queuedRan::incrementAndGet);
        assertThat(queuedRan.get()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
