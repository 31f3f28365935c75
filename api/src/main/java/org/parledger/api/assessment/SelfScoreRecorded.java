package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** A self-score was recorded; previousPoints is null for the first score on the leaf. */
public record SelfScoreRecorded(AssessmentId assessment, String criterion, BigDecimal previousPoints,
                                BigDecimal points, EvidenceReference evidence, String explanation, Actor actor) {
}
