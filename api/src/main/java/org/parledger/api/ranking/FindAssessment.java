package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;

/** One unit-year's figures: totals, indices and points per field. */
public record FindAssessment(AssessmentId assessment) {
}
