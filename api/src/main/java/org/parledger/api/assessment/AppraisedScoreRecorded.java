package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/**
 * An appraised score was recorded next to the self-assessed one it judges (null if the unit did not score
 * the leaf); previousPoints is the earlier appraisal of the leaf, null for the first.
 */
public record AppraisedScoreRecorded(AssessmentId assessment, String criterion, BigDecimal selfAssessedPoints,
                                     BigDecimal previousPoints, BigDecimal points, String reason, Actor actor) {
}
