package org.parledger.command.support;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.commandhandling.CommandExecutionException;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A command that lost a race for its stream's next version (another node appended first, or this node's cached
 * aggregate was behind) is sent again, so that it is decided on the stream as it now is: on one node the aggregate
 * lock serialises such commands, and several nodes answer the same. The retry loads the stream afresh (the loser's
 * cache entry is evicted), so a change based on a stale expectedVersion is then refused with CONFLICT as usual, and
 * one that still applies is recorded. Anything else, and a second creation of a stream, is answered at once.
 */
final class LostRaceRetries implements RetryScheduler {
    /**
     * Two nodes writing one stream as fast as they can lose about every other race (MultiNodeTest): thirty tries, a
     * few seconds at most, make giving up (and answering CONFLICT to a change that named no version) vanishingly rare.
     */
    static final int MAX_RETRIES = 30;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-retries");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (failures.size() > MAX_RETRIES || !lostARace(lastFailure)) return false;
        // Jitter, growing with each attempt up to 200 ms, so that two losers do not collide again in step.
        long delay = ThreadLocalRandom.current().nextLong(5, Math.min(20L << Math.min(failures.size(), 4), 200));
        executor.schedule(commandDispatch, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /** A race for the stream's next version, lost here or on the node that handled the command (Axon Server). */
    static boolean lostARace(Throwable failure) {
        LedgerError error = CommitFailures.refusal(failure);
        for (Throwable t = failure; error == null && t != null; t = t.getCause()) {
            if (t instanceof CommandExecutionException e && e.getDetails().orElse(null) instanceof LedgerError details) error = details;
        }
        return error != null && error.code() == ErrorCode.CONFLICT && error.field() == null;
    }
}
