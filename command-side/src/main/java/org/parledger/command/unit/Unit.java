package org.parledger.command.unit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.common.Role;
import org.parledger.api.unit.AssignRegion;
import org.parledger.api.unit.PredecessorsTakenOver;
import org.parledger.api.unit.RegionAssigned;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCeased;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.unit.UnitRenamed;
import org.parledger.api.StreamIds;
import org.parledger.command.support.Permissions;

import java.time.LocalDate;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A scored unit (đơn vị): a province, ministry, department, district or commune. Its lineage (mergers,
 * divisions, renamings) is recorded on its own stream, by {@link Reorganisations}.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class Unit {
    @AggregateIdentifier
    private String id;
    private UnitCode code;
    private String name;
    private Level level;
    private LocalDate establishedOn;
    private LocalDate ceasedOn;
    private String region;

    protected Unit() {
    }

    @CommandHandler
    public Unit(RegisterUnit command, UnitDirectory units) {
        Permissions.requireRole(command.principal(), Role.ADMIN);
        if (command.name() == null || command.name().isBlank()) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "name", "a unit needs a name");
        }
        if (command.level() == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "level", "a unit needs a level");
        if (command.parent() != null && units.find(command.parent()).isEmpty()) {
            throw new LedgerException(ErrorCode.UNKNOWN_UNIT, "parent", "no unit " + command.parent() + " is registered");
        }
        // A province's admin registers the departments, districts and communes of its province (as it now stands).
        boolean provincial = !command.level().nationalOnly();
        UnitCode round = provincial ? units.provinceAbove(command.parent(), LocalDate.MAX).orElse(null) : null;
        Actor actor = Permissions.actingWithin(command.principal(), round, Role.ADMIN);
        apply(new UnitRegistered(command.unit(), command.name().strip(), command.level(), command.parent(),
                command.establishedOn(), actor));
    }

    /**
     * A ceased unit can still be placed in a region: rankings of the years it was scored in are read per
     * region too.
     */
    @CommandHandler
    void handle(AssignRegion command) {
        Actor actor = Permissions.actingAs(command.principal(), Role.ADMIN);
        String newRegion = command.region() == null ? "" : command.region().strip();
        if (newRegion.isEmpty() || newRegion.length() > 100) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "region", "a region is named in 1 to 100 characters");
        }
        if (command.reason() == null || command.reason().isBlank()) {
            throw new LedgerException(ErrorCode.REASON_REQUIRED, "reason", "say why the unit is placed in this region");
        }
        if (command.effectiveOn() != null && establishedOn != null && command.effectiveOn().isBefore(establishedOn)) {
            throw new LedgerException(ErrorCode.UNIT_NOT_IN_EXISTENCE, "effectiveOn",
                    name + " (" + code + ") was established only on " + establishedOn);
        }
        if (newRegion.equals(region)) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "region", code + " is already in " + region);
        }
        apply(new RegionAssigned(code, region, newRegion, command.effectiveOn(), command.reason().strip(), actor));
    }

    Level level() {
        return level;
    }

    void cease(List<UnitCode> successors, String decision, LocalDate effectiveOn, Actor actor, String field) {
        requireExistingOn(effectiveOn, field);
        apply(new UnitCeased(code, successors, decision, effectiveOn, actor));
    }

    void takeOver(List<UnitCode> predecessors, String decision, LocalDate effectiveOn, Actor actor, String field) {
        requireExistingOn(effectiveOn, field);
        apply(new PredecessorsTakenOver(code, predecessors, decision, effectiveOn, actor));
    }

    void rename(String newName, String decision, LocalDate effectiveOn, Actor actor, String field) {
        requireExistingOn(effectiveOn, field);
        if (newName == null || newName.isBlank()) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, "a renaming needs the new name");
        }
        if (newName.strip().equals(name)) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, field, code + " is already named " + name);
        }
        apply(new UnitRenamed(code, name, newName.strip(), decision, effectiveOn, actor));
    }

    private void requireExistingOn(LocalDate effectiveOn, String field) {
        if (ceasedOn != null) {
            throw new LedgerException(ErrorCode.UNIT_CEASED, field, name + " (" + code + ") ceased on " + ceasedOn);
        }
        if (establishedOn != null && !effectiveOn.isAfter(establishedOn)) {
            throw new LedgerException(ErrorCode.UNIT_NOT_IN_EXISTENCE, field,
                    name + " (" + code + ") was established only on " + establishedOn);
        }
    }

    @EventSourcingHandler
    void on(UnitRegistered event) {
        id = StreamIds.unit(event.unit());
        code = event.unit();
        name = event.name();
        level = event.level();
        establishedOn = event.establishedOn();
    }

    @EventSourcingHandler
    void on(UnitRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(RegionAssigned event) {
        region = event.region();
    }

    @EventSourcingHandler
    void on(UnitCeased event) {
        ceasedOn = event.effectiveOn();
    }
}
