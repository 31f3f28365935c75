package org.parledger.command.unit;

import org.parledger.api.unit.UnitCode;

import java.time.LocalDate;
import java.util.Optional;
import org.parledger.api.common.Level;

/** What is known about a unit now, for command handlers that must check it. */
@FunctionalInterface
public interface UnitDirectory {
    /** Parents and successors are followed this far at most, so that a malformed hierarchy cannot loop. */
    int MAX_DEPTH = 10;

    Optional<UnitFacts> find(UnitCode unit);

    /**
     * The province whose rounds a unit belongs to on a date: for a department, district or commune, the province above
     * it by its registered parents, followed through that province's merger into another (a district of Bình Dương
     * belongs to Hồ Chí Minh City's rounds from 1 July 2025); empty for a province, a ministry or a unit under none.
     */
    default Optional<UnitCode> provinceOf(UnitCode unit, LocalDate on) {
        Optional<UnitFacts> facts = find(unit);
        if (facts.isEmpty() || facts.get().level() == Level.PROVINCE || facts.get().level() == Level.MINISTRY) {
            return Optional.empty();
        }
        return provinceAbove(facts.get().parent(), on);
    }

    /** The province at or above a unit (itself, if a province) on a date, followed through mergers; empty if none. */
    default Optional<UnitCode> provinceAbove(UnitCode start, LocalDate on) {
        UnitFacts current = start == null ? null : find(start).orElse(null);
        for (int depth = 0; current != null && current.level() != Level.PROVINCE; depth++) {
            if (depth >= MAX_DEPTH || current.parent() == null) return Optional.empty();
            current = find(current.parent()).orElse(null);
        }
        if (current == null) return Optional.empty();
        for (int depth = 0; depth < MAX_DEPTH && current.ceasedOn() != null && !current.ceasedOn().isAfter(on)
                && current.successors().size() == 1; depth++) {
            UnitFacts successor = find(current.successors().get(0)).orElse(null);
            if (successor == null || successor.level() != Level.PROVINCE) break;
            current = successor;
        }
        return Optional.of(current.unit());
    }
}
