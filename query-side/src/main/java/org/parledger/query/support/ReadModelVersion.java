package org.parledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the read model's committed changes on this node, so that answers computed from it can be reused
 * until it changes. Another node's projection changes are not seen here: reuse is also bounded in time.
 */
@Component
public class ReadModelVersion {
    private final AtomicLong version = new AtomicLong();

    /** Called by the projection for each event: the version moves when its transaction commits. */
    public void changedOnCommit() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> version.incrementAndGet());
        } else {
            version.incrementAndGet();
        }
    }

    public long current() {
        return version.get();
    }
}
