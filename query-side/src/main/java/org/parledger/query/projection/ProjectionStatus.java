package org.parledger.query.projection;

/**
 * How far one projection has come: the least position its segments have passed (null: nothing yet), the ledger's
 * head, the events between them, what it parked, and whether its processor runs and whether it is failing.
 */
public record ProjectionStatus(String projection, String processingGroup, Long position, long head, long lag,
                               long parkedEvents, long parkedStreams, boolean running, boolean failing) {
    /**
     * Failing: its processor is in error on this node while the projection is behind the ledger. Axon's coordinator
     * stays in error after an outage of the event store until it has work of its own again, so a node holding none of
     * the segments (the other nodes keeping the projection current) read as failing for good (by hand, on Axon Server:
     * the idle node's health DOWN long after the outage).
     */
    static boolean failing(boolean inError, long lag) {
        return inError && lag > 0;
    }
}
