package org.parledger.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where an idle segment's events are looked for: after its token's index, not back at an old gap. A replay hands the
 * processors a token that can carry gaps from the start of the ledger; looking back there meant more than the thousand
 * rows looked at, so a read-your-write after a replay waited until the idle segments stored a token again.
 */
class ProjectionProgressTest {
    @Test
    void anIdleSegmentIsLookedAtAfterItsIndexNotFromItsOldestGap() {
        GapAwareTrackingToken replayed = GapAwareTrackingToken.newInstance(1380, List.of(12L, 370L));
        ProjectionProgress.SegmentToken idle = new ProjectionProgress.SegmentToken(1, replayed, "scores-v1", null);
        assertThat(idle.passed(1387)).isFalse();
        assertThat(idle.scanFrom(1387)).isEqualTo(1380);
        assertThat(idle.lowerBound()).as("everything it has surely projected").isEqualTo(11);
        // The position asked for is itself a gap of the token: its row is looked at.
        assertThat(idle.passed(370)).isFalse();
        assertThat(idle.scanFrom(370)).isEqualTo(369);
        assertThat(new ProjectionProgress.SegmentToken(0, null, "scores-v1", null).scanFrom(5)).isEqualTo(-1);
    }
}
