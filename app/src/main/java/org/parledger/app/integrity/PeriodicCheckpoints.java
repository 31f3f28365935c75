package org.parledger.app.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Signs a checkpoint every parledger.integrity.checkpoint-every (10 minutes) when the ledger has grown. */
final class PeriodicCheckpoints extends NodeTimer {
    private static final Logger log = LoggerFactory.getLogger(PeriodicCheckpoints.class);
    private final Runnable sign;
    private final Duration every;

    PeriodicCheckpoints(Checkpoints checkpoints, Duration every) {
        this(() -> checkpoints.sign(Checkpoints.SIGNER), every);
    }

    /** @param sign signs one checkpoint (a test's stand-in for {@link Checkpoints#sign}) */
    PeriodicCheckpoints(Runnable sign, Duration every) {
        super("ledger-checkpoints", "A periodic checkpoint");
        this.sign = sign;
        this.every = every;
    }

    @Override
    public void start() {
        if (every.isZero() || every.isNegative()) return;
        schedule(every, every, this::signOnce);
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
}
