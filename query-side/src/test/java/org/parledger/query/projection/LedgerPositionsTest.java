package org.parledger.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerPositionsTest {
    /** The ledger as the lookup sees it: event identifier "e<n>" is at global index n. */
    private final List<String> lookedUp = new ArrayList<>();
    private final LedgerPositions.Lookup ledger = ids -> {
        lookedUp.addAll(ids);
        return ids.stream().collect(Collectors.toMap(id -> id, id -> Long.parseLong(id.substring(1))));
    };

    private static TrackedEventMessage<?> event(long index, TrackingToken token) {
        return new GenericTrackedEventMessage<>(token, new GenericMessage<>("e" + index, "payload", Map.of()),
                () -> Instant.EPOCH);
    }

    @Test
    void anEventThatFillsAGapGetsItsOwnPositionNotTheFurthestOneItsTokenReached() throws Exception {
        // 10 and 11 are stored; 12 commits after 13 and 14: the stream sees 10, 11, 13, 14, then 12.
        GapAwareTrackingToken t10 = GapAwareTrackingToken.newInstance(10, Set.of());
        GapAwareTrackingToken t11 = t10.advanceTo(11, 10_000);
        GapAwareTrackingToken t13 = t11.advanceTo(13, 10_000);
        GapAwareTrackingToken t14 = t13.advanceTo(14, 10_000);
        GapAwareTrackingToken t12 = t14.advanceTo(12, 10_000);
        assertThat(t12.position()).hasValue(14);

        List<LedgerEvent> events = LedgerPositions.resolve(t10,
                List.of(event(11, t11), event(13, t13), event(14, t14), event(12, t12)), ledger);

        assertThat(events).extracting(LedgerEvent::position).containsExactly(11L, 13L, 14L, 12L);
        assertThat(lookedUp).containsExactly("e12");
    }

    @Test
    void withNothingKnownBeforeTheFirstEventOnlyTheFirstAndTheGapFillersAreLookedUp() throws Exception {
        GapAwareTrackingToken t20 = GapAwareTrackingToken.newInstance(20, Set.of(19L));
        GapAwareTrackingToken t21 = t20.advanceTo(21, 10_000);
        GapAwareTrackingToken t19 = t21.advanceTo(19, 10_000);

        List<LedgerEvent> events = LedgerPositions.resolve(null,
                List.of(event(20, t20), event(21, t21), event(19, t19)), ledger);

        assertThat(events).extracting(LedgerEvent::position).containsExactly(20L, 21L, 19L);
        assertThat(lookedUp).containsExactly("e20", "e19");
    }

    @Test
    void tokensWithoutGapsAreTheEventsOwnPositionsAndReplayTokensAreSeenThrough() throws Exception {
        List<LedgerEvent> sequence = LedgerPositions.resolve(null,
                List.of(event(5, new GlobalSequenceTrackingToken(5)), event(6, new GlobalSequenceTrackingToken(6))), ledger);
        assertThat(sequence).extracting(LedgerEvent::position).containsExactly(5L, 6L);

        GapAwareTrackingToken t7 = GapAwareTrackingToken.newInstance(7, Set.of());
        GapAwareTrackingToken t8 = t7.advanceTo(8, 10_000);
        TrackingToken replaying = ReplayToken.createReplayToken(t8.advanceTo(9, 10_000), t8);
        assertThat(LedgerPositions.known(t7, replaying)).isEqualTo(8);
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void anEventMissingFromTheLedgerIsAnError() {
        GapAwareTrackingToken t3 = GapAwareTrackingToken.newInstance(3, Set.of());
        assertThatThrownBy(() -> LedgerPositions.resolve(null, List.of(event(3, t3)), ids -> Map.of()))
                .hasMessageContaining("e3 is not in the ledger");
    }
}
