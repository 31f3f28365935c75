package org.parledger.query.history;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream as it stood at an instant is a prefix of it, whatever the clocks of the nodes that stamped its events. */
class LedgerHistoryTest {
    private static final Instant T = Instant.parse("2025-03-01T08:00:00Z");

    private static DomainEventMessage<String> event(long sequence, String payload, Instant stamped) {
        return new GenericDomainEventMessage<>("Assessment", "assessment:SK:2025", sequence, new GenericMessage<>(payload), () -> stamped);
    }

    private static List<Object> payloads(List<? extends DomainEventMessage<?>> events) {
        return events.stream().map(e -> (Object) e.getPayload()).toList();
    }

    /** The second change was recorded on a node whose clock was a minute behind the first's. */
    private static final List<DomainEventMessage<String>> SKEWED = List.of(
            event(0, "opened", T), event(1, "scored 2", T.plusSeconds(10)), event(2, "scored 4", T.minusSeconds(50)),
            event(3, "submitted", T.plusSeconds(20)));

    @Test
    void aLaterChangeStampedEarlierIsNotTakenWithoutTheChangesBeforeIt() {
        assertThat(payloads(LedgerHistory.asItStood(SKEWED, T.minusSeconds(30)))).isEmpty();
        assertThat(payloads(LedgerHistory.asItStood(SKEWED, T))).containsExactly("opened");
        assertThat(payloads(LedgerHistory.asItStood(SKEWED, T.plusSeconds(10)))).containsExactly("opened", "scored 2", "scored 4");
        assertThat(payloads(LedgerHistory.asItStood(SKEWED, T.plusSeconds(20)))).containsExactly("opened", "scored 2", "scored 4", "submitted");
        assertThat(LedgerHistory.asItStood(SKEWED, null)).isEqualTo(SKEWED);
    }

    @Test
    void aStreamAnotherShowsExistedIsAtLeastAsCreated() {
        assertThat(payloads(LedgerHistory.asItStoodAtLeastCreated(SKEWED, T.minusSeconds(30)))).containsExactly("opened");
        assertThat(payloads(LedgerHistory.asItStoodAtLeastCreated(SKEWED, T.plusSeconds(10)))).containsExactly("opened", "scored 2", "scored 4");
        assertThat(LedgerHistory.asItStoodAtLeastCreated(List.<DomainEventMessage<String>>of(), T)).isEmpty();
    }
}
