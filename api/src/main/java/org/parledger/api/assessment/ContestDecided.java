package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** A contest was decided: upheld when the points stay as they were, changed otherwise. */
public record ContestDecided(AssessmentId assessment, String criterion, BigDecimal previousPoints, BigDecimal points,
                             boolean upheld, String reason, Actor actor) {
}
