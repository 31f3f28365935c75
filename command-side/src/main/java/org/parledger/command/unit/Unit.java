package org.parledger.command.unit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.command.support.StreamIds;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A scored unit (đơn vị): a province, ministry, department, district or commune. */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class Unit {
    @AggregateIdentifier
    private String id;

    protected Unit() {
    }

    @CommandHandler
    public Unit(RegisterUnit command, UnitDirectory units) {
        if (command.name() == null || command.name().isBlank()) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "name", "a unit needs a name");
        }
        if (command.level() == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "level", "a unit needs a level");
        if (command.parent() != null && units.find(command.parent()).isEmpty()) {
            throw new LedgerException(ErrorCode.UNKNOWN_UNIT, "parent", "no unit " + command.parent() + " is registered");
        }
        apply(new UnitRegistered(command.unit(), command.name().strip(), command.level(), command.parent(),
                command.establishedOn(), command.actor()));
    }

    @EventSourcingHandler
    void on(UnitRegistered event) {
        id = StreamIds.unit(event.unit());
    }
}
