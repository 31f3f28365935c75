package org.parledger.query.projection;

/**
 * How far one projection has come: the least position its segments have passed (null: nothing yet), the ledger's
 * head, the events between them, what it parked, and whether its processor runs and whether it is failing.
 */
public record ProjectionStatus(String projection, String processingGroup, Long position, long head, long lag,
                               long parkedEvents, long parkedStreams, boolean running, boolean failing) {
}
