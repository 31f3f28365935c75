package org.parledger.query.replay;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay reads stored timestamps itself: the same instant as Axon's parser for every text, or the same refusal. */
class StoredTimestampTest {

    @Test
    void whatAxonWritesReadsAsAxonReadsIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            // Years 1 to 9999, every millisecond as likely: month ends, leap days and midnight come up as they will.
            Instant instant = Instant.ofEpochMilli(-62_135_596_800_000L + (long) (random.nextDouble() * 315_537_897_600_000L));
            String text = DateTimeUtils.formatInstant(instant);
            assertThat(BulkLedgerReader.instant(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text)).isEqualTo(instant);
        }
        for (String text : List.of("2024-02-29T23:59:59.999Z", "2000-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z",
                "2026-12-31T23:59:59.000Z")) {
            assertThat(BulkLedgerReader.instant(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
    }

    @Test
    void otherShapesGoToAxonsParser() {
        for (String text : List.of("2026-12-02T21:10:55.123456789Z", "2026-12-02T21:10:55Z", "2026-12-03T04:10:55.123+07:00",
                "2026-12-02T21:10:55.1Z")) {
            assertThat(BulkLedgerReader.instant(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
    }

    @Test
    void whatAxonRefusesIsRefused() {
        for (String text : List.of("2023-02-29T10:00:00.000Z", "2026-13-02T21:10:55.123Z", "2026-12-32T21:10:55.123Z",
                "2026-12-02T24:00:00.000Z", "2026-12-02T21:60:55.123Z", "2026-12-02T21:10:60.123Z", "2026-12-0xT21:10:55.123Z",
                "2026-12-02T21:10:55.12xZ", "+026-12-02T21:10:55.123Z", "2026-00-02T21:10:55.123Z", "2026-12-00T21:10:55.123Z")) {
            assertThatThrownBy(() -> BulkLedgerReader.instant(text)).as(text).isInstanceOf(java.time.format.DateTimeParseException.class);
            assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).as(text).isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
