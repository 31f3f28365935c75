package org.parledger.app.integrity;

import org.parledger.app.config.ConnectionPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Signs a checkpoint every parledger.integrity.checkpoint-every (10 minutes) when the ledger has grown. */
final class PeriodicCheckpoints implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PeriodicCheckpoints.class);
    /** How long a stop waits for a checkpoint under way to end (it is cut short: interrupted, its transaction undone). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private final Runnable sign;
    private final Duration every;
    private ScheduledExecutorService scheduler;
    private volatile boolean stopping;

    PeriodicCheckpoints(Checkpoints checkpoints, Duration every) {
        this(() -> checkpoints.sign(Checkpoints.SIGNER), every);
    }

    /** @param sign signs one checkpoint (a test's stand-in for {@link Checkpoints#sign}) */
    PeriodicCheckpoints(Runnable sign, Duration every) {
        this.sign = sign;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        if (every.isZero() || every.isNegative()) return;
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            // Signing is the node's own work: its connections come from that pool (ConnectionPools).
            Thread thread = new Thread(() -> {
                ConnectionPools.backgroundThread();
                r.run();
            }, "ledger-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::signOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void signOnce() {
        try {
            sign.run();
        } catch (RuntimeException e) {
            // A checkpoint cut short by a stop is no failure: nothing of it was kept, and the next one covers its events.
            if (stopping) log.info("The periodic checkpoint under way was cut short by the stop ({}); the next one covers its events",
                    e.getMessage());
            else log.error("The periodic checkpoint was not signed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) return;
        stopping = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("A periodic checkpoint is still under way at the stop; it ends with the database connections");
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
