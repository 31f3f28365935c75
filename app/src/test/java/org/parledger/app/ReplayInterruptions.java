package org.parledger.app;

import org.parledger.query.replay.ReplayObserver;
import org.springframework.boot.test.context.TestConfiguration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test stop a replay at a checkpoint, inside its transaction: failing there rolls the checkpoint back,
 * as a killed process would lose it; holding there keeps the replay half-way while the test looks around.
 */
@TestConfiguration(proxyBeanMethods = false)
class ReplayInterruptions implements ReplayObserver {
    private final List<Long> checkpoints = new CopyOnWriteArrayList<>();
    private volatile int failAt = -1;
    private volatile int holdAt = -1;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    /** Forgets everything: the next replay runs through. */
    void reset() {
        checkpoints.clear();
        failAt = -1;
        holdAt = -1;
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /** The n-th checkpoint from now fails inside its transaction. */
    void failAtCheckpoint(int n) {
        reset();
        failAt = n;
    }

    /** The n-th checkpoint from now waits, its transaction open, until released. */
    void holdAtCheckpoint(int n) {
        reset();
        holdAt = n;
    }

    boolean awaitHeld() throws InterruptedException {
        return held.await(60, TimeUnit.SECONDS);
    }

    void release() {
        release.countDown();
    }

    /** Events processed at each checkpoint seen since the last reset. */
    List<Long> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** Counts the audit trail's checkpoints: the projection every event reaches. */
    @Override
    public void checkpointWritten(String projection, long processed) {
        if (!projection.equals("audit-trail")) return;
        checkpoints.add(processed);
        int n = checkpoints.size();
        if (n == failAt) throw new IllegalStateException("interrupted at checkpoint " + n + " by the test");
        if (n == holdAt) {
            held.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
