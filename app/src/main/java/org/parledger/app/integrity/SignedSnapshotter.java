package org.parledger.app.integrity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.parledger.proof.EventHashing;

import java.util.concurrent.atomic.AtomicReference;

/** Axon's snapshotter, with each snapshot signed over its bytes and the hash of the last event it covers. */
final class SignedSnapshotter extends SpringAggregateSnapshotter implements AutoCloseable, MeterBinder {
    private final Serializer serializer;
    private final SnapshotSignatures signatures;
    private final SnapshotThread thread;

    SignedSnapshotter(Builder builder, Serializer serializer, SnapshotSignatures signatures, SnapshotThread thread) {
        super(builder);
        this.serializer = serializer;
        this.signatures = signatures;
        this.thread = thread;
    }

    /** Before the database it reads and writes is closed (it depends on it): the snapshot being taken is finished. */
    @Override
    public void close() {
        thread.close();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        thread.bindTo(registry);
    }

    @Override
    protected DomainEventMessage createSnapshot(Class<?> aggregateType, String aggregateIdentifier, DomainEventStream eventStream) {
        AtomicReference<DomainEventMessage<?>> last = new AtomicReference<>();
        DomainEventStream watched = DomainEventStream.of(eventStream.asStream().peek(event -> {
            if (event.getMetaData().containsKey(EventHashing.HASH_KEY)) last.set(event);
        }));
        DomainEventMessage<?> snapshot = super.createSnapshot(aggregateType, aggregateIdentifier, watched);
        DomainEventMessage<?> covered = last.get();
        if (snapshot == null || covered == null || covered.getSequenceNumber() != snapshot.getSequenceNumber()) {
            return null; // nothing it could be checked against: no snapshot rather than an unverifiable one
        }
        return snapshot.andMetaData(signatures.sign(aggregateIdentifier, snapshot.getSequenceNumber(),
                snapshot.serializePayload(serializer, byte[].class), covered.getMetaData().get(EventHashing.HASH_KEY).toString()));
    }
}
