package org.parledger.command.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The current state of other streams that a command handler must consult (an index set's rules, a unit's
 * level), folded from the event store. A cached state is reused only while the stream's last sequence number
 * is unchanged, so every node sees changes made by any other node.
 */
public final class StreamState<T> {
    private record Cached<T>(long sequence, T state) {
    }

    private final EventStore eventStore;
    private final BiFunction<T, Object, T> fold;
    private final Map<String, Cached<T>> cache = new ConcurrentHashMap<>();

    /** @param fold applies one event payload to the state so far (null before the first event) */
    public StreamState(EventStore eventStore, BiFunction<T, Object, T> fold) {
        this.eventStore = eventStore;
        this.fold = fold;
    }

    public Optional<T> of(String streamId) {
        Optional<Long> last = eventStore.lastSequenceNumberFor(streamId);
        if (last.isEmpty()) return Optional.empty();
        Cached<T> cached = cache.get(streamId);
        if (cached != null && cached.sequence() == last.get()) return Optional.ofNullable(cached.state());
        T state = null;
        long sequence = -1;
        DomainEventStream events = eventStore.readEvents(streamId);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            state = fold.apply(state, event.getPayload());
            sequence = event.getSequenceNumber();
        }
        cache.put(streamId, new Cached<>(sequence, state));
        return Optional.ofNullable(state);
    }
}
