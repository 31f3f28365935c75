package org.parledger.api.ranking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The total at one station of the journey, its change from the previous station, and what made it. A
 * provisional station is one not reached yet: the figures so far on the way to it.
 */
public record JourneyStep(JourneyStage stage, Instant at, boolean provisional, BigDecimal points,
                          BigDecimal attainableMaximum,
                          BigDecimal index, BigDecimal pointsChange, BigDecimal indexChange, List<FieldPoints> fields,
                          List<ScoreChange> changes) {
    public JourneyStep {
        fields = List.copyOf(fields);
        changes = List.copyOf(changes);
    }
}
