package org.parledger.app.integrity;

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
    private final Checkpoints checkpoints;
    private final Duration every;
    private ScheduledExecutorService scheduler;

    PeriodicCheckpoints(Checkpoints checkpoints, Duration every) {
        this.checkpoints = checkpoints;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        if (every.isZero() || every.isNegative()) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ledger-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::signOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void signOnce() {
        try {
            checkpoints.sign(Checkpoints.SIGNER);
        } catch (RuntimeException e) {
            log.error("The periodic checkpoint was not signed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
