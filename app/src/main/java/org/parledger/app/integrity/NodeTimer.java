package org.parledger.app.integrity;

import org.parledger.app.config.ConnectionPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work a node does by itself on a timer (periodic checkpoints, periodic verifications), on one thread of its own that is
 * marked as the node's own work, so that its connections come from that pool ({@link ConnectionPools}). The stop
 * interrupts the work under way and waits for it a little: cut short, it keeps nothing, and the next run covers it.
 */
abstract class NodeTimer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NodeTimer.class);
    /** How long a stop waits for the work under way to end (it is cut short: interrupted, its transaction undone). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private final String thread;
    private final String work;
    private ScheduledExecutorService scheduler;
    /** Set by the stop: a failure from then on is the stop's doing. */
    protected volatile boolean stopping;

    /**
     * @param thread the thread's name
     * @param work   what it does, for the stop's line ("A periodic checkpoint")
     */
    NodeTimer(String thread, String work) {
        this.thread = thread;
        this.work = work;
    }

    /** Runs {@code run} first after {@code first}, then {@code every} after each run ended. */
    protected final synchronized void schedule(Duration first, Duration every, Runnable run) {
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread made = new Thread(() -> {
                ConnectionPools.backgroundThread();
                r.run();
            }, thread);
            made.setDaemon(true);
            return made;
        });
        scheduler.scheduleWithFixedDelay(run, first.toMillis(), Math.max(1, every.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) return;
        stopping = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("{} is still under way at the stop; it ends with the database connections", work);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
