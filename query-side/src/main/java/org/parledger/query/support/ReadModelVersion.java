package org.parledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the read model's committed changes to the figures of each ranked year on this node, so that rankings
 * computed from it can be reused until their years' figures change: scoring this year leaves last year's
 * ranking as it was. Another node's projection changes are not seen here: reuse is also bounded in time.
 */
@Component
public class ReadModelVersion {
    /** Changes that touch every year: units (names, regions, lineage), index sets, a replay's switch. */
    private final AtomicLong everyYear = new AtomicLong();
    private final Map<Integer, AtomicLong> years = new ConcurrentHashMap<>();
    /** Every change of either kind. */
    private final AtomicLong any = new AtomicLong();

    /** The figures of these years move when the current unit of work commits (at once outside one). */
    public void yearsChangedOnCommit(Collection<Integer> changed) {
        yearsChangedOnCommit(changed, () -> { });
    }

    /**
     * As {@link #yearsChangedOnCommit(Collection)}, then {@code then}: whoever is told of the change (ranking
     * subscribers) reads it with the counters already moved, not a ranking kept from before.
     */
    public void yearsChangedOnCommit(Collection<Integer> changed, Runnable then) {
        onCommit(() -> {
            changed.forEach(year -> years.computeIfAbsent(year, y -> new AtomicLong()).incrementAndGet());
            any.incrementAndGet();
            then.run();
        });
    }

    /** The figures of every year move when the current unit of work commits (at once outside one). */
    public void everyYearChangedOnCommit() {
        everyYearChangedOnCommit(() -> { });
    }

    /** As {@link #everyYearChangedOnCommit()}, then {@code then}. */
    public void everyYearChangedOnCommit(Runnable then) {
        onCommit(() -> {
            everyYear.incrementAndGet();
            any.incrementAndGet();
            then.run();
        });
    }

    /** Moves whenever the figures of the year change (both counters only grow, so their sum moves with either). */
    public long of(int year) {
        AtomicLong own = years.get(year);
        return everyYear.get() + (own == null ? 0 : own.get());
    }

    /** The read model changed where no ranked year's figures are (the audit trail), when the unit of work commits. */
    public void otherChangedOnCommit() {
        onCommit(any::incrementAndGet);
    }

    /** Moves whenever the read model changes on this node: figures, units, index sets, the audit trail. */
    public long any() {
        return any.get();
    }

    private static void onCommit(Runnable change) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> change.run());
        } else {
            change.run();
        }
    }
}
