package org.parledger.query.replay;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;
import org.parledger.proof.StoredEvent;
import tools.jackson.databind.DeserializationFeature;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay reads an event's metadata once for its hash check and its message only when the serializer's MetaData
 * reader agrees with the hash check's reading on every kind of JSON value; a serializer configured otherwise keeps
 * the second reading.
 */
class MetadataReadOnceTest {

    @Test
    void axonsDefaultJacksonSerializerReadsMetadataAsTheHashCheckDoes() {
        var reader = Jackson3Serializer.builder().build().getObjectMapper().readerFor(MetaData.class);
        assertThat(BulkLedgerReader.readsMetadataAlike(reader)).isTrue();
        byte[] probe = BulkLedgerReader.METADATA_PROBE.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> read = StoredEvent.metadata(probe);
        // The probe holds what it claims: every width of number and each JSON kind.
        assertThat(read.get("small")).isInstanceOf(Integer.class);
        assertThat(read.get("long")).isInstanceOf(Long.class);
        assertThat(read.get("huge")).isInstanceOf(java.math.BigInteger.class);
        assertThat(read.get("decimal")).isInstanceOf(Double.class);
        assertThat(read.get("overflow")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read.get("object")).isInstanceOf(Map.class);
        assertThat(read.get("array")).isInstanceOf(java.util.List.class);
        assertThat(read).containsEntry("none", null).containsEntry("text", "Sở Nội vụ \u0000\n\"q\"");
        assertThat(MetaData.from(read)).isEqualTo(MetaData.from(new HashMap<>(read)));
    }

    @Test
    void aSerializerThatReadsNumbersOtherwiseKeepsItsOwnReading() {
        for (DeserializationFeature feature : new DeserializationFeature[]{DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, DeserializationFeature.USE_LONG_FOR_INTS,
                DeserializationFeature.USE_JAVA_ARRAY_FOR_JSON_ARRAY}) {
            var reader = Jackson3Serializer.builder().jsonMapperBuilderCustomizer(builder -> builder.enable(feature)).build()
                    .getObjectMapper().readerFor(MetaData.class);
            assertThat(BulkLedgerReader.readsMetadataAlike(reader)).as(feature.name()).isFalse();
        }
    }
}
