package org.parledger.api.unit;

import org.parledger.api.common.Actor;

import java.time.LocalDate;
import java.util.List;

/** The unit took over the predecessors' territory and functions on effectiveOn, by a decision. */
public record PredecessorsTakenOver(UnitCode unit, List<UnitCode> predecessors, String decision,
                                    LocalDate effectiveOn, Actor actor) {
    public PredecessorsTakenOver {
        predecessors = List.copyOf(predecessors);
    }
}
