package org.parledger.command.indexset;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.StreamIds;
import org.parledger.command.support.StreamState;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads an index set's rules from its own stream in the event store. */
@Component
class EventStoreIndexSetCatalog implements IndexSetCatalog {
    private final StreamState<IndexSetRules> sets;

    EventStoreIndexSetCatalog(EventStore eventStore) {
        this.sets = new StreamState<>(eventStore, (current, event) -> {
            IndexSetDefinition before = current == null ? null : current.definition();
            IndexSetDefinition after = IndexSetHistory.fold(before, event);
            return after == before ? current : new IndexSetRules(after);
        });
    }

    @Override
    public Optional<IndexSetRules> find(IndexSetCode code) {
        return sets.of(StreamIds.indexSet(code));
    }
}
