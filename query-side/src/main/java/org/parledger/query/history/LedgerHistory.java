package org.parledger.query.history;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream's events as they stood at an instant, straight from the event store and never from a
 * snapshot, for queries that answer "as of".
 */
@Component
public class LedgerHistory {
    private final EventStore events;

    LedgerHistory(EventStore events) {
        this.events = events;
    }

    /** Every event of the stream, in order, with its timestamp and identifier. */
    public List<DomainEventMessage<?>> all(String streamId) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        DomainEventStream stream = events.readEvents(streamId, 0);
        while (stream.hasNext()) messages.add(stream.next());
        return messages;
    }

    /** The payloads of the stream's events stored at or before the instant, in order. */
    public List<Object> until(String streamId, Instant asOf) {
        List<Object> payloads = new ArrayList<>();
        DomainEventStream stream = events.readEvents(streamId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (!event.getTimestamp().isAfter(asOf)) payloads.add(event.getPayload());
        }
        return payloads;
    }
}
