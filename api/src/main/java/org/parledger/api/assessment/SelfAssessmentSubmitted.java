package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** The self-assessment was submitted with this self-assessed total (evidence leaves only). */
public record SelfAssessmentSubmitted(AssessmentId assessment, BigDecimal selfAssessedPoints, Actor actor) {
}
