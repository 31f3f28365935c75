package org.parledger.query.replay;

/** Told of a replay's checkpoints, inside the checkpoint's transaction: throwing rolls the checkpoint back. */
public interface ReplayObserver {
    /** A projection's rows and position up to {@code processed} events are about to commit. */
    void checkpointWritten(String projection, long processed);
}
