package org.parledger.proof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventHashingTest {
    private static StoredEvent event(String payload, Map<String, Object> metadata) {
        return new StoredEvent(7, "e-1", "Assessment", "assessment:22:2024", 3, 1_700_000_000_123L,
                "org.parledger.api.assessment.SelfScoreRecorded", null, payload.getBytes(StandardCharsets.UTF_8), metadata);
    }

    @Test
    void everyStoredFieldAndThePredecessorCount() {
        Map<String, Object> metadata = Map.of("subject", "nguyen.van.a", "authMethod", "bearer");
        byte[] hash = EventHashing.hash(event("{\"points\":4}", metadata), EventHashing.NO_PREVIOUS);
        assertThat(EventHashing.hash(event("{\"points\":5}", metadata), EventHashing.NO_PREVIOUS)).isNotEqualTo(hash);
        assertThat(EventHashing.hash(event("{\"points\":4}", Map.of("subject", "sample-admin", "authMethod", "bearer")),
                EventHashing.NO_PREVIOUS)).isNotEqualTo(hash);
        assertThat(EventHashing.hash(event("{\"points\":4}", metadata), hash)).isNotEqualTo(hash);
        StoredEvent e = event("{\"points\":4}", metadata);
        assertThat(EventHashing.hash(new StoredEvent(e.position(), e.eventId(), e.aggregateType(), e.aggregateId(), 4,
                e.timestampMillis(), e.payloadType(), e.payloadRevision(), e.payload(), e.metadata()), EventHashing.NO_PREVIOUS))
                .isNotEqualTo(hash);
        assertThat(EventHashing.hash(new StoredEvent(99, e.eventId(), e.aggregateType(), e.aggregateId(), e.sequence(),
                e.timestampMillis(), e.payloadType(), e.payloadRevision(), e.payload(), e.metadata()), EventHashing.NO_PREVIOUS))
                .as("the position is not part of the hash: the ledger's order is the trees'").isEqualTo(hash);
    }

    @Test
    void theMetadataCountsByContentInAnyOrderAndWithoutTheHashItself() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("subject", "a");
        one.put("traceId", "t");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("traceId", "t");
        other.put("subject", "a");
        other.put(EventHashing.HASH_KEY, "00".repeat(32));
        assertThat(EventHashing.canonicalMetadata(one)).isEqualTo(EventHashing.canonicalMetadata(other));
        assertThat(new String(EventHashing.canonicalMetadata(Map.of("n", 5, "s", "x\"y", "l", List.of(1, "a"))),
                StandardCharsets.UTF_8)).isEqualTo("l=[1,\"a\"]\nn=5\ns=\"x\\\"y\"\n");
    }

    @Test
    void aCheckpointIsSignedOverEveryFieldItStates() {
        KeyPair key = Ed25519.generate();
        Checkpoint checkpoint = Checkpoint.signed(3, 120, 118, Hashes.sha256().digest(new byte[]{1}), 100,
                Hashes.sha256().digest(new byte[]{2}), "2026-12-01T10:00:00Z", key);
        assertThat(checkpoint.signatureHolds()).isTrue();
        assertThat(checkpoint.signatureHolds(key.getPublic())).isTrue();
        assertThat(checkpoint.signatureHolds(Ed25519.generate().getPublic())).isFalse();
        Checkpoint forged = new Checkpoint(checkpoint.number(), checkpoint.position(), checkpoint.treeSize() + 1,
                checkpoint.rootHash(), checkpoint.previousTreeSize(), checkpoint.previousRootHash(), checkpoint.signedAt(),
                checkpoint.publicKey(), checkpoint.signature());
        assertThat(forged.signatureHolds()).isFalse();
        assertThat(Ed25519.privateKey(Ed25519.pem(key.getPrivate()))).isEqualTo(key.getPrivate());
    }
}
