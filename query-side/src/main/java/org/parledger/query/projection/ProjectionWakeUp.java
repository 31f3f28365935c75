package org.parledger.query.projection;

/**
 * Asks the projections' processors to look for new events now rather than at their next turn: a read with
 * consistentWith waits for them ({@link ProjectionProgress#await}). The application's event source for the processors
 * implements it; without one, the processors keep their own pace.
 */
public interface ProjectionWakeUp {
    void wakeUp();
}
