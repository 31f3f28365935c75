package org.parledger.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash of an event (version 1): SHA-256 over a fixed label, the previous event's hash in the same stream
 * (32 zero bytes for a stream's first event) and every stored field of the event, each written with its length:
 * event identifier, aggregate type and identifier, sequence number, time in milliseconds, payload type, payload
 * revision, the payload's stored bytes, and the metadata in canonical form (keys sorted, values as JSON), without
 * the hash itself. The hash is kept in the event's metadata under {@value #HASH_KEY}, so that it travels with the
 * event in whichever store holds it.
 */
public final class EventHashing {
    public static final String HASH_KEY = "ledgerHash";
    public static final byte[] NO_PREVIOUS = new byte[Hashes.LENGTH];
    private static final byte[] LABEL = "par-ledger/event/v1".getBytes(StandardCharsets.UTF_8);

    private EventHashing() {
    }

    public static byte[] hash(StoredEvent event, byte[] previous) {
        return hash(event.eventId(), event.aggregateType(), event.aggregateId(), event.sequence(), event.timestampMillis(),
                event.payloadType(), event.payloadRevision(), event.payload(), event.metadata(), previous);
    }

    public static byte[] hash(String eventId, String aggregateType, String aggregateId, long sequence, long timestampMillis,
                              String payloadType, String payloadRevision, byte[] payload, Map<String, ?> metadata,
                              byte[] previous) {
        if (previous == null || previous.length != Hashes.LENGTH) throw new IllegalArgumentException("previous hash required");
        MessageDigest digest = Hashes.sha256();
        Hashes.field(digest, LABEL);
        Hashes.field(digest, previous);
        Hashes.field(digest, eventId);
        Hashes.field(digest, aggregateType);
        Hashes.field(digest, aggregateId);
        Hashes.field(digest, Long.toString(sequence));
        Hashes.field(digest, Long.toString(timestampMillis));
        Hashes.field(digest, payloadType);
        Hashes.field(digest, payloadRevision);
        Hashes.field(digest, payload);
        Hashes.field(digest, canonicalMetadata(metadata));
        return digest.digest();
    }

    /** Keys sorted, one {@code key=value} line each, values written as JSON; the hash's own key is left out. */
    public static byte[] canonicalMetadata(Map<String, ?> metadata) {
        StringBuilder text = new StringBuilder();
        if (metadata != null) {
            for (Map.Entry<String, ?> entry : new TreeMap<String, Object>(metadata).entrySet()) {
                if (entry.getKey().equals(HASH_KEY)) continue;
                text.append(entry.getKey()).append('=');
                json(text, entry.getValue());
                text.append('\n');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void json(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : new TreeMap<String, Object>(stringKeys(map)).entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, entry.getKey());
                out.append(':');
                json(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) out.append(',');
                first = false;
                json(out, item);
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keys = new TreeMap<>();
        map.forEach((k, v) -> keys.put(String.valueOf(k), v));
        return keys;
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
