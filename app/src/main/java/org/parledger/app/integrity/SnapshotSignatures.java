package org.parledger.app.integrity;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.parledger.proof.Ed25519;
import org.parledger.proof.EventHashing;
import org.parledger.proof.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots are a shortcut, never a source of truth: each is signed with the installation's key over its stored
 * bytes and the hash of the last event it covers. When one is loaded, the signature and that event's recorded hash
 * are checked; a snapshot that fails either is ignored (the aggregate is rebuilt from its events) and reported.
 */
public final class SnapshotSignatures implements SnapshotFilter {
    public static final String COVERS_KEY = "ledgerCovers";
    public static final String SIGNATURE_KEY = "ledgerSignature";
    private static final Logger log = LoggerFactory.getLogger(SnapshotSignatures.class);

    private final Serializer serializer;
    private final LedgerKey key;
    private final ObjectProvider<EventStore> eventStore;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    public SnapshotSignatures(Serializer serializer, LedgerKey key, ObjectProvider<EventStore> eventStore) {
        this.serializer = serializer;
        this.key = key;
        this.eventStore = eventStore;
    }

    /** The metadata that signs a snapshot of the stream up to {@code sequence}, whose last event has hash {@code covers}. */
    Map<String, Object> sign(String aggregateId, long sequence, SerializedObject<byte[]> payload, String covers) {
        byte[] signature = Ed25519.sign(key.pair().getPrivate(), signedText(aggregateId, sequence, payload, covers));
        return Map.of(COVERS_KEY, covers, SIGNATURE_KEY, Base64.getEncoder().encodeToString(signature));
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        String problem = problem(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(),
                serializer.getConverter().convert(snapshot.getPayload(), byte[].class), metaData(snapshot));
        if (problem == null) return true;
        String where = snapshot.getAggregateIdentifier() + " at #" + snapshot.getSequenceNumber();
        if (refused.put(where, problem) == null) {
            log.warn("Ignored the snapshot of {}: {}. The stream is read from its events instead.", where, problem);
        }
        return false;
    }

    /** The snapshot's metadata: stored bytes from the JDBC store; from Axon Server, its protobuf map of values. */
    private Map<String, ?> metaData(DomainEventData<?> snapshot) {
        SerializedObject<?> data = snapshot.getMetaData();
        if (data == null) return MetaData.emptyInstance();
        if (data.getData() instanceof Map<?, ?> values) {
            Map<String, Object> plain = new java.util.HashMap<>();
            values.forEach((name, value) -> plain.put(name.toString(), value instanceof io.axoniq.axonserver.grpc.MetaDataValue grpc
                    ? (grpc.getDataCase() == io.axoniq.axonserver.grpc.MetaDataValue.DataCase.TEXT_VALUE ? grpc.getTextValue() : null) : value));
            return plain;
        }
        return serializer.deserialize(data);
    }

    /** What is wrong with a stored snapshot, or null when its signature and the event it covers hold. */
    String problem(String aggregateId, long sequence, SerializedObject<byte[]> payload, Map<String, ?> metadata) {
        Object covers = metadata.get(COVERS_KEY);
        Object signature = metadata.get(SIGNATURE_KEY);
        if (covers == null || signature == null) return "it is not signed";
        boolean signed;
        try {
            signed = Ed25519.verify(key.publicKey(), signedText(aggregateId, sequence, payload, covers.toString()),
                    Base64.getDecoder().decode(signature.toString()));
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed) return "its signature does not hold for its content (forged or altered)";
        String recorded = recordedHash(aggregateId, sequence);
        if (!covers.toString().equals(recorded)) {
            return "it covers an event with hash " + covers + ", but event #" + sequence + " of the stream has "
                    + (recorded == null ? "none" : recorded);
        }
        return null;
    }

    /** Snapshots refused since this node started: where → why. */
    public Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    private String recordedHash(String aggregateId, long sequence) {
        DomainEventStream stream = eventStore.getObject().readEvents(aggregateId, sequence);
        if (!stream.hasNext()) return null;
        DomainEventMessage<?> event = stream.next();
        Object hash = event.getSequenceNumber() == sequence ? event.getMetaData().get(EventHashing.HASH_KEY) : null;
        return hash == null ? null : hash.toString();
    }

    private static byte[] signedText(String aggregateId, long sequence, SerializedObject<byte[]> payload, String covers) {
        return String.join("\n", "par-ledger/snapshot/v1", aggregateId, Long.toString(sequence),
                payload.getType().getName(), String.valueOf(payload.getType().getRevision()),
                Hashes.hex(Hashes.sha256().digest(payload.getData())), covers).concat("\n").getBytes(StandardCharsets.UTF_8);
    }
}
