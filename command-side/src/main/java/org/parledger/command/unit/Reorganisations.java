package org.parledger.command.unit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.unit.Division;
import org.parledger.api.unit.Merger;
import org.parledger.api.unit.Renaming;
import org.parledger.api.unit.ReorganiseUnits;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.StreamIds;
import org.parledger.command.support.Permissions;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a reorganisation to every unit it names within one unit of work: all the units' events are stored
 * together or, if any unit refuses, none is.
 */
@Component
class Reorganisations {
    private final Repository<Unit> units;

    Reorganisations(Repository<Unit> units) {
        this.units = units;
    }

    @CommandHandler
    void handle(ReorganiseUnits command) {
        Actor actor = Permissions.actingAs(command.principal(), Role.ADMIN);
        if (command.decision() == null || command.decision().isBlank()) {
            throw new LedgerException(ErrorCode.DECISION_REQUIRED, "decision", "a reorganisation needs its decision");
        }
        if (command.effectiveOn() == null) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "effectiveOn", "a reorganisation needs its effective date");
        }
        String decision = command.decision().strip();
        Set<UnitCode> ceasing = new HashSet<>();
        for (int i = 0; i < command.mergers().size(); i++) {
            Merger merger = command.mergers().get(i);
            String field = "mergers[" + i + "]";
            if (merger.predecessors().isEmpty() || merger.predecessors().contains(merger.successor())) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field,
                        "a merger names the units merged into the successor, and not the successor itself");
            }
            Aggregate<Unit> successor = load(merger.successor(), field + ".successor");
            for (UnitCode predecessor : merger.predecessors()) {
                Aggregate<Unit> unit = load(predecessor, field + ".predecessors");
                requireSameLevel(successor, unit, field);
                requireCeasingOnce(ceasing, predecessor, field);
                unit.execute(u -> u.cease(List.of(merger.successor()), decision, command.effectiveOn(), actor, field));
            }
            successor.execute(u -> u.takeOver(merger.predecessors(), decision, command.effectiveOn(), actor, field));
        }
        for (int i = 0; i < command.divisions().size(); i++) {
            Division division = command.divisions().get(i);
            String field = "divisions[" + i + "]";
            if (division.successors().size() < 2 || division.successors().contains(division.unit())) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field,
                        "a division names at least two successors, other than the divided unit");
            }
            Aggregate<Unit> divided = load(division.unit(), field + ".unit");
            requireCeasingOnce(ceasing, division.unit(), field);
            for (UnitCode successorCode : division.successors()) {
                Aggregate<Unit> successor = load(successorCode, field + ".successors");
                requireSameLevel(successor, divided, field);
                successor.execute(u -> u.takeOver(List.of(division.unit()), decision, command.effectiveOn(), actor, field));
            }
            divided.execute(u -> u.cease(division.successors(), decision, command.effectiveOn(), actor, field));
        }
        for (int i = 0; i < command.renamings().size(); i++) {
            Renaming renaming = command.renamings().get(i);
            String field = "renamings[" + i + "]";
            load(renaming.unit(), field + ".unit")
                    .execute(u -> u.rename(renaming.name(), decision, command.effectiveOn(), actor, field));
        }
        for (int i = 0; i < command.cessations().size(); i++) {
            UnitCode code = command.cessations().get(i);
            String field = "cessations[" + i + "]";
            requireCeasingOnce(ceasing, code, field);
            load(code, field).execute(u -> u.cease(List.of(), decision, command.effectiveOn(), actor, field));
        }
        if (command.mergers().isEmpty() && command.divisions().isEmpty() && command.renamings().isEmpty()
                && command.cessations().isEmpty()) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, null, "the reorganisation changes no unit");
        }
    }

    private Aggregate<Unit> load(UnitCode code, String field) {
        try {
            return units.load(StreamIds.unit(code));
        } catch (AggregateNotFoundException e) {
            throw new LedgerException(ErrorCode.UNKNOWN_UNIT, field, "no unit " + code + " is registered");
        }
    }

    private static void requireSameLevel(Aggregate<Unit> a, Aggregate<Unit> b, String field) {
        if (a.invoke(Unit::level) != b.invoke(Unit::level)) {
            throw new LedgerException(ErrorCode.LEVEL_MISMATCH, field, "a successor has the level of its predecessors");
        }
    }

    private static void requireCeasingOnce(Set<UnitCode> ceasing, UnitCode unit, String field) {
        if (!ceasing.add(unit)) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, unit + " ceases twice in one reorganisation");
        }
    }
}
