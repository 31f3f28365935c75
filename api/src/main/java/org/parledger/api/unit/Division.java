package org.parledger.api.unit;

import java.util.List;

/** A unit divided into several successors (chia tách); the divided unit ceases. */
public record Division(UnitCode unit, List<UnitCode> successors) {
    public Division {
        successors = successors == null ? List.of() : List.copyOf(successors);
    }
}
