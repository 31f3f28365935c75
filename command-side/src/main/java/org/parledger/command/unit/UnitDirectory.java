package org.parledger.command.unit;

import org.parledger.api.unit.UnitCode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
        if (facts.isEmpty() || facts.get().level().nationalOnly()) {
            return Optional.empty();
        }
        return provinceAbove(facts.get().parent(), on);
    }

    /** The unit and the units above it by their registered parents, nearest first; at most {@link #MAX_DEPTH}. */
    default List<UnitFacts> withParents(UnitCode unit) {
        List<UnitFacts> line = new ArrayList<>();
        UnitFacts current = unit == null ? null : find(unit).orElse(null);
        while (current != null && line.size() < MAX_DEPTH) {
            line.add(current);
            current = current.parent() == null ? null : find(current.parent()).orElse(null);
        }
        return line;
    }

    /** The province at or above a unit (itself, if a province) on a date, followed through mergers; empty if none. */
    default Optional<UnitCode> provinceAbove(UnitCode start, LocalDate on) {
        UnitFacts current = withParents(start).stream().filter(u -> u.level() == Level.PROVINCE).findFirst().orElse(null);
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
