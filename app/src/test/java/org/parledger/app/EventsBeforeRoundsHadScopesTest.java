package org.parledger.app;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.PublishedRank;
import org.parledger.api.assessment.ResultsPublished;
import org.parledger.api.assessment.RoundScheduled;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.UnitCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rounds gained a scope (within) as an optional field: an event stored before, whose bytes have no such field, reads as
 * the national round it was in, through the application's own event serializer, and its stored bytes are not touched
 * (no upcaster is needed: absent means national, which is what every earlier round was).
 */
@LedgerIntegrationTest
class EventsBeforeRoundsHadScopesTest {
    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Test
    void anEventWithoutWithinReadsAsTheNationalRound() {
        Actor council = new Actor("council-1", "COUNCIL");
        AssessmentOpened opened = new AssessmentOpened(new AssessmentId(new UnitCode("22-203"), 2020), Level.DISTRICT,
                new IndexSetCode("DISTRICT-SET"), council, new UnitCode("22"));
        assertThat(asStoredBefore(opened)).isEqualTo(new AssessmentOpened(opened.assessment(), opened.level(),
                opened.indexSet(), council, null));
        RoundScheduled scheduled = new RoundScheduled(2020, Level.DISTRICT, Instant.parse("2021-01-15T00:00:00Z"), council,
                new UnitCode("22"));
        assertThat(asStoredBefore(scheduled).within()).isNull();
        ResultsPublished published = new ResultsPublished(2020, Level.DISTRICT, "1/QĐ", LocalDate.of(2021, 3, 1),
                List.of(new PublishedRank(new UnitCode("22-203"), 9, new BigDecimal("89.65"), new BigDecimal("89.65"),
                        new BigDecimal("100"))), council, new UnitCode("22"));
        ResultsPublished before = asStoredBefore(published);
        assertThat(before.within()).isNull();
        assertThat(before.ranks()).isEqualTo(published.ranks());
        // And with the field, it round-trips.
        assertThat(roundTrip(opened)).isEqualTo(opened);
    }

    /** Evidence files came later too: a self-score stored before them reads with none, and one with files round-trips. */
    @Test
    void aSelfScoreStoredBeforeFilesWereKeptReadsWithNone() {
        Actor assessor = new Actor("assessor-22", "ASSESSOR", "22");
        org.parledger.api.assessment.SelfScoreRecorded scored = new org.parledger.api.assessment.SelfScoreRecorded(
                new AssessmentId(new UnitCode("22"), 2020), "1.1", null, new BigDecimal("4"),
                new org.parledger.api.assessment.EvidenceReference("12/QĐ", null, "3", null, List.of(
                        new org.parledger.api.assessment.EvidenceFile("a".repeat(64), "QĐ 12.pdf", "application/pdf", 1234L))),
                null, assessor);
        assertThat(roundTrip(scored)).isEqualTo(scored);
        SerializedObject<byte[]> bytes = serializer.serialize(scored, byte[].class);
        String json = new String(bytes.getData(), StandardCharsets.UTF_8);
        String old = json.replaceAll(",?\"files\":\\[[^\\]]*]", "");
        assertThat(old).doesNotContain("files").contains("12/QĐ");
        org.parledger.api.assessment.SelfScoreRecorded before = (org.parledger.api.assessment.SelfScoreRecorded) serializer.deserialize(
                new SimpleSerializedObject<>(old.getBytes(StandardCharsets.UTF_8), byte[].class, bytes.getType()));
        assertThat(before.evidence().files()).isEmpty();
        assertThat(before.evidence().documentNumber()).isEqualTo("12/QĐ");
    }

    /** The event as its bytes would have been stored before the field existed: serialized, then without within. */
    @SuppressWarnings("unchecked")
    private <T> T asStoredBefore(T event) {
        SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
        String json = new String(bytes.getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"within\"");
        String old = json.replaceAll(",?\"within\":\\{\"value\":\"[^\"]*\"}", "").replaceAll(",?\"within\":null", "");
        assertThat(old).doesNotContain("within");
        return (T) serializer.deserialize(new SimpleSerializedObject<>(old.getBytes(StandardCharsets.UTF_8), byte[].class,
                bytes.getType()));
    }

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T event) {
        return (T) serializer.deserialize(serializer.serialize(event, byte[].class));
    }
}
