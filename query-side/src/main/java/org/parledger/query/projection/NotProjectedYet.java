package org.parledger.query.projection;

import java.util.Set;

/**
 * A batch needs what another segment projects (an assessment's index set) and it has not come within the bound.
 * Transient, so the processor tries the batch again, unless what it waits for is parked: then the event waits with
 * it ({@link ParkedEvents}), instead of holding up its segment.
 */
public class NotProjectedYet extends RuntimeException {
    private final boolean parked;

    public NotProjectedYet(Set<String> missing, boolean parked) {
        super("index sets " + missing + (parked ? " are parked" : " are not projected yet"));
        this.parked = parked;
    }

    public boolean parked() {
        return parked;
    }
}
