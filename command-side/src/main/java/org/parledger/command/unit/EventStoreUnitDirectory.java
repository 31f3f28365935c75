package org.parledger.command.unit;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.api.StreamIds;
import org.parledger.command.support.StreamState;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads a unit's registration from its own stream in the event store. */
@Component
class EventStoreUnitDirectory implements UnitDirectory {
    private final StreamState<UnitFacts> units;

    EventStoreUnitDirectory(EventStore eventStore) {
        this.units = new StreamState<>(eventStore, (current, event) -> event instanceof UnitRegistered registered
                ? UnitFacts.registered(registered) : current.after(event));
    }

    @Override
    public Optional<UnitFacts> find(UnitCode unit) {
        return units.of(StreamIds.unit(unit));
    }
}
