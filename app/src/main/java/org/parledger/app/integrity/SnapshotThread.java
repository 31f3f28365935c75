package org.parledger.app.integrity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.parledger.app.config.ConnectionPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where snapshots are taken: one thread, off the command that reached the snapshot trigger. Axon's default (a direct
 * executor) took it in that command's thread after its commit, so every hundredth command of an assessment answered only
 * once its stream had been read again, replayed, serialised, signed and stored in a transaction of its own
 * (docs/measurements.md, thirty-first session).
 * <p>
 * The thread's connections come from the pool of the node's own work, so that a burst of requests holding every
 * connection of theirs does not make snapshots wait for one, nor snapshots take one from requests; when the queue is full
 * (below), the command's thread takes the snapshot with a request's connection, as before.
 * <p>
 * Axon keeps at most one snapshot of an assessment in progress, so the queue holds at most one task per assessment that
 * reached its trigger. When it is full, the command's thread takes the snapshot itself, as before: a task is never
 * dropped, because Axon would then count that assessment's snapshot as in progress for good and never take another.
 */
final class SnapshotThread implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotThread.class);
    static final int QUEUED = 1_000;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED), runnable -> {
                // The node's own work: its connections come from that pool (ConnectionPools), not the requests'.
                Thread thread = new Thread(() -> {
                    ConnectionPools.backgroundThread();
                    runnable.run();
                }, "snapshotter");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Snapshots waiting to be taken. */
    int waiting() {
        return executor.getQueue().size();
    }

    /** Micrometer's executor meters tagged name=snapshots: those waiting (executor_queued_tasks), taken, being taken. */
    void bindTo(MeterRegistry registry) {
        new ExecutorServiceMetrics(executor, "snapshots", List.of()).bindTo(registry);
    }

    /**
     * Takes no more and waits for the snapshot being taken, so that it does not fail on a closed database; those still
     * queued are left (a snapshot only saves reading events: the next command after a hundred more schedules another).
     */
    @Override
    public void close() {
        executor.getQueue().clear();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("A snapshot still being taken after 10 s at shutdown; stopping it.");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
