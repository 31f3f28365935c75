package org.parledger.query.replay;

/** The life of a replay. Only COMPLETED switches readers to the new tables; every other end leaves the old ones serving. */
public enum ReplayState {
    /** No replay has run since this node started. */
    IDLE,
    /** Building the new tables beside the live ones. */
    RUNNING,
    /** Caught up: applying the last events and switching readers to the new tables. */
    SWITCHING,
    /** The new tables serve. */
    COMPLETED,
    /** Stopped by an admin; the new tables were dropped. */
    CANCELLED,
    /** Stopped by an error; the new tables are kept to the last checkpoint, and the next replay resumes there. */
    FAILED
}
