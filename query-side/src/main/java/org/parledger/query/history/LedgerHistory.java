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

    /** The payloads of the stream as it stood at the instant ({@link #asItStood}), in order. */
    public List<Object> until(String streamId, Instant asOf) {
        return payloads(asItStood(all(streamId), asOf));
    }

    /**
     * The stream as it stood at the instant: its events up to the first one stamped after it. A stream is one order, its
     * sequence; an event's stamp is the clock of the node that recorded it, which may be behind another node's. Picking
     * the events stamped at or before the instant one by one could take a later change without the earlier one it
     * followed (its node's clock a minute behind) and fold a state the stream never had.
     */
    public static <E extends DomainEventMessage<?>> List<E> asItStood(List<E> stream, Instant asOf) {
        if (asOf == null) return stream;
        int end = 0;
        while (end < stream.size() && !stream.get(end).getTimestamp().isAfter(asOf)) end++;
        return stream.subList(0, end);
    }

    /**
     * A stream as it stood at the instant when another stream shows it existed by then (the index set an assessment was
     * opened under, the unit it was opened for): at least its first event, even when the node that recorded that
     * stamped it later than the node that opened the assessment stamped the opening. Without it the rules were none
     * and the answer an INTERNAL_ERROR.
     */
    public static <E extends DomainEventMessage<?>> List<E> asItStoodAtLeastCreated(List<E> stream, Instant asOf) {
        List<E> stood = asItStood(stream, asOf);
        return stood.isEmpty() && !stream.isEmpty() ? stream.subList(0, 1) : stood;
    }

    /** The payloads ({@link #asItStoodAtLeastCreated}). */
    public List<Object> untilAtLeastCreated(String streamId, Instant asOf) {
        return payloads(asItStoodAtLeastCreated(all(streamId), asOf));
    }

    private static List<Object> payloads(List<DomainEventMessage<?>> events) {
        List<Object> payloads = new ArrayList<>(events.size());
        for (DomainEventMessage<?> event : events) payloads.add(event.getPayload());
        return payloads;
    }
}
