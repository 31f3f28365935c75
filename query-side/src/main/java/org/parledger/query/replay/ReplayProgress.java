package org.parledger.query.replay;

import java.time.Instant;
import java.util.List;

/**
 * Where a replay stands. {@code remaining} and {@code secondsLeft} are estimates: the distance from the
 * replay's position to the ledger's head, and that distance at the rate so far.
 */
public record ReplayProgress(ReplayState state, List<String> projections, long processed, long position, long head,
                             long remaining, double eventsPerSecond, Double secondsLeft, int checkpoints,
                             Instant startedAt, Instant finishedAt, String message) {

    static ReplayProgress idle() {
        return new ReplayProgress(ReplayState.IDLE, List.of(), 0, 0, 0, 0, 0, null, 0, null, null, null);
    }

    public boolean finished() {
        return state != ReplayState.RUNNING && state != ReplayState.SWITCHING;
    }
}
