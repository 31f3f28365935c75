package org.parledger.app.integrity;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.parledger.proof.EventHashing;
import org.parledger.proof.Hashes;
import org.parledger.proof.StoredEvent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The append path's half of tamper evidence: every event of a stream gets, in its metadata, the hash of its
 * stored form chained to the hash of the stream's previous event ({@link EventHashing}). It runs as the event
 * store's dispatch interceptor, when a unit of work's events are about to be stored, so it holds for whichever
 * store keeps the events (PostgreSQL or Axon Server) and takes no lock beyond the stream's own: the predecessor is
 * read from the stream, and the stream's sequence numbers keep two writers from chaining to the same event.
 * <p>
 * The last event this node committed to a stream is remembered with its hash, so the stream's next command on this
 * node chains to it without reading it back (a query and a deserialised event per command: 4.3 % of the server's CPU
 * in the write benchmark's profile). It is used only for the very next sequence number: an event of that stream that
 * another node committed meanwhile has taken it, and this node then reads the predecessor as before.
 */
public final class EventChain implements MessageDispatchInterceptor<EventMessage<?>> {
    private static final String IN_UNIT_OF_WORK = EventChain.class.getName() + ".last";
    /** Streams' last committed links; bounded, since a miss only costs the read it saves. */
    private static final int REMEMBERED_STREAMS = 20_000;

    private final Serializer serializer;
    private final EventStore eventStore;
    private final Cache<String, Link> committed = Caffeine.newBuilder().maximumSize(REMEMBERED_STREAMS).build();
    private volatile org.axonframework.common.Registration registration;

    public EventChain(Serializer serializer, EventStore eventStore) {
        this.serializer = serializer;
        this.eventStore = eventStore;
    }

    /** Hashes every event the event store is about to store from now on. */
    public synchronized void attach() {
        if (registration == null) registration = eventStore.registerDispatchInterceptor(this);
    }

    /** Stops hashing (the append benchmark's comparison only: a ledger written so would fail verification). */
    public synchronized void detach() {
        if (registration != null) registration.cancel();
        registration = null;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        // Events of one stream stored together chain to each other in memory; the first reads its predecessor.
        Map<String, Link> last = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(IN_UNIT_OF_WORK, k -> remembered(new HashMap<>()))
                : new HashMap<>();
        return (index, message) -> {
            if (!(message instanceof DomainEventMessage<?> event) || event.getMetaData().containsKey(EventHashing.HASH_KEY)) {
                return message;
            }
            byte[] previous = previous(event, last);
            byte[] hash = hash(event, previous);
            last.put(event.getAggregateIdentifier(), new Link(event.getSequenceNumber(), hash));
            return event.andMetaData(Map.of(EventHashing.HASH_KEY, Hashes.hex(hash)));
        };
    }

    private record Link(long sequence, byte[] hash) {
    }

    /** The unit of work's links, remembered once it has committed (a rolled-back event was never stored). */
    private Map<String, Link> remembered(Map<String, Link> links) {
        CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> committed.putAll(links));
        return links;
    }

    /**
     * Chains an event appended straight to the storage engine (a benchmark's generated ledger) by a writer that
     * keeps the last hash of each stream itself: every stream must be written in order, from its first event.
     */
    public DomainEventMessage<?> link(DomainEventMessage<?> event, Map<String, byte[]> lastHashes) {
        byte[] previous = event.getSequenceNumber() == 0 ? EventHashing.NO_PREVIOUS : lastHashes.get(event.getAggregateIdentifier());
        if (previous == null) throw new IllegalStateException("no hash known for the predecessor of " + event.getAggregateIdentifier());
        byte[] hash = hash(event, previous);
        lastHashes.put(event.getAggregateIdentifier(), hash);
        return event.andMetaData(Map.of(EventHashing.HASH_KEY, Hashes.hex(hash)));
    }

    private byte[] previous(DomainEventMessage<?> event, Map<String, Link> last) {
        long sequence = event.getSequenceNumber();
        if (sequence == 0) return EventHashing.NO_PREVIOUS;
        Link link = last.get(event.getAggregateIdentifier());
        if (link == null) link = committed.getIfPresent(event.getAggregateIdentifier());
        if (link != null && link.sequence() == sequence - 1) return link.hash();
        return storedHash(event.getAggregateIdentifier(), sequence - 1);
    }

    /** The recorded hash of a stored event; for a stream begun before hashing, its chain computed from the start. */
    private byte[] storedHash(String aggregateIdentifier, long sequence) {
        DomainEventStream stored = eventStore.readEvents(aggregateIdentifier, sequence);
        if (stored.hasNext()) {
            DomainEventMessage<?> predecessor = stored.next();
            Object recorded = predecessor.getMetaData().get(EventHashing.HASH_KEY);
            if (predecessor.getSequenceNumber() == sequence && recorded != null) return Hashes.fromHex(recorded.toString());
        }
        byte[] hash = EventHashing.NO_PREVIOUS;
        DomainEventStream whole = eventStore.readEvents(aggregateIdentifier, 0);
        while (whole.hasNext()) {
            DomainEventMessage<?> event = whole.next();
            if (event.getSequenceNumber() > sequence) break;
            Object recorded = event.getMetaData().get(EventHashing.HASH_KEY);
            hash = recorded != null ? Hashes.fromHex(recorded.toString()) : hash(event, hash);
        }
        return hash;
    }

    /** The hash of an event as it is (or will be) stored. */
    byte[] hash(DomainEventMessage<?> event, byte[] previous) {
        return EventHashing.hash(storedForm(event, serializer), previous);
    }

    /**
     * An event as the store keeps it: the serializer's payload bytes, the metadata as its stored JSON reads back,
     * the time in milliseconds. For an event read from the store these are its stored bytes.
     */
    static StoredEvent storedForm(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        byte[] metadata = event.serializeMetaData(serializer, byte[].class).getData();
        return new StoredEvent(-1, event.getIdentifier(), event.getType(), event.getAggregateIdentifier(),
                event.getSequenceNumber(), event.getTimestamp().toEpochMilli(), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), LedgerRows.metadata(metadata));
    }
}
