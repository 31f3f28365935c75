package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;

/** A published leaf's points were corrected: the appraised points (EVIDENCE) or the survey's (SURVEY). */
public record PublishedScoreCorrected(AssessmentId assessment, String criterion, ScoringSource source,
                                      BigDecimal previous, BigDecimal corrected, String reason, String reference,
                                      Actor actor) {
}
