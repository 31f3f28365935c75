package org.parledger.app.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Verifies the whole ledger every parledger.integrity.verify-every (24 hours), on one node of the deployment: each node
 * looks every quarter of that (at most every 15 minutes, the first time a minute after its start) and verifies only when
 * no verification by anyone ended within the interval and no other node is verifying ({@link Verifications#verifyIfDue}).
 * What it finds is recorded, logged (ERROR when the ledger is not intact) and shown by every node's health and meters.
 */
final class PeriodicVerification extends NodeTimer {
    private static final Logger log = LoggerFactory.getLogger(PeriodicVerification.class);
    private final Due due;
    private final Duration every;
    private final String by = "periodic verification on " + ManagementFactory.getRuntimeMXBean().getName();

    /** {@link Verifications#verifyIfDue}, or a test's stand-in. */
    interface Due {
        Optional<LedgerVerification.Report> verifyIfDue(String by, Duration every);
    }

    PeriodicVerification(Due due, Duration every) {
        super("ledger-verification", "A periodic verification");
        this.due = due;
        this.every = every;
    }

    @Override
    public void start() {
        if (every.isZero() || every.isNegative()) return;
        schedule(min(every, Duration.ofMinutes(1)), min(every.dividedBy(4), Duration.ofMinutes(15)), this::verifyIfDue);
    }

    /** One look: verifies when due; a failure to verify is logged, and the next look tries again. */
    Optional<LedgerVerification.Report> verifyIfDue() {
        try {
            Optional<LedgerVerification.Report> report = due.verifyIfDue(by, every);
            report.ifPresent(found -> {
                if (found.intact()) {
                    log.info("The ledger verified intact: {} events, {} checkpoints", found.events(), found.checkpoints());
                } else {
                    log.error("The ledger is NOT intact: intact up to position {}, {} problem(s), the first: {}", found.intactUpTo(),
                            found.problems().size(), found.problems().isEmpty() ? "" : found.problems().get(0));
                }
            });
            return report;
        } catch (RuntimeException e) {
            if (stopping) log.info("The periodic verification under way was cut short by the stop ({})", e.getMessage());
            else log.error("The periodic verification could not run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
