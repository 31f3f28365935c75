package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/**
 * Verified with these figures: the appraised and survey points less deductions (each leaf counted at most at
 * its maximum) against the attainable maximum.
 */
public record AssessmentVerified(AssessmentId assessment, BigDecimal points, BigDecimal attainableMaximum,
                                 Actor actor) {
}
