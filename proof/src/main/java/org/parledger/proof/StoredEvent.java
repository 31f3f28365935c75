package org.parledger.proof;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * An event as the event store keeps it: identifiers, time, the payload's type and stored bytes, and its metadata.
 * The position is its place in the ledger's order (the global index), not part of its hash.
 *
 * @param timestampMillis the time as stored, in milliseconds since the epoch (both stores keep milliseconds)
 * @param metadata        the metadata as stored, parsed
 */
public record StoredEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                          long timestampMillis, String payloadType, String payloadRevision, byte[] payload,
                          Map<String, Object> metadata) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Metadata as its stored JSON reads back: the form the hash covers. */
    public static Map<String, Object> metadata(byte[] stored) {
        return stored == null || stored.length == 0 ? Map.of() : JSON.readValue(stored, MAP);
    }

    /** The hash the append path recorded in the metadata, or null for an event recorded before hashing began. */
    public byte[] recordedHash() {
        Object hash = metadata == null ? null : metadata.get(EventHashing.HASH_KEY);
        return hash == null ? null : Hashes.fromHex(hash.toString());
    }
}
