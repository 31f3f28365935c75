package org.parledger.command.unit;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.UnitRenamed;

import java.time.LocalDate;
import java.util.List;

/**
 * What is known about a unit now: folded from its registration, renamings and cessation (with the units that
 * succeeded it).
 */
public record UnitFacts(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn,
                        LocalDate ceasedOn, List<UnitCode> successors) {
    public UnitFacts {
        successors = successors == null ? List.of() : List.copyOf(successors);
    }

    public UnitFacts(UnitCode unit, String name, Level level, UnitCode parent, LocalDate establishedOn, LocalDate ceasedOn) {
        this(unit, name, level, parent, establishedOn, ceasedOn, List.of());
    }

    public static UnitFacts registered(UnitRegistered event) {
        return new UnitFacts(event.unit(), event.name(), event.level(), event.parent(), event.establishedOn(), null);
    }

    /** The facts after one more event of the unit's stream. */
    public UnitFacts after(Object event) {
        if (event instanceof UnitRenamed renamed) {
            return new UnitFacts(unit, renamed.name(), level, parent, establishedOn, ceasedOn, successors);
        }
        if (event instanceof UnitCeased ceased) {
            return new UnitFacts(unit, name, level, parent, establishedOn, ceased.effectiveOn(), ceased.successors());
        }
        return this;
    }

    /** Whether the unit existed on the last day of the year, the day its figures for the year are made for. */
    public boolean existsAtEndOf(int year) {
        LocalDate end = LocalDate.of(year, 12, 31);
        return (establishedOn == null || !establishedOn.isAfter(end)) && (ceasedOn == null || ceasedOn.isAfter(end));
    }
}
