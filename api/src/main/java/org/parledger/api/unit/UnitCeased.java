package org.parledger.api.unit;

import org.parledger.api.common.Actor;

import java.time.LocalDate;
import java.util.List;

/**
 * The unit ceased to exist on effectiveOn by a decision. Its figures stay attached to it; its lineage
 * continues in the successors (none when it simply ceased).
 */
public record UnitCeased(UnitCode unit, List<UnitCode> successors, String decision, LocalDate effectiveOn,
                         Actor actor) {
    public UnitCeased {
        successors = List.copyOf(successors);
    }
}
