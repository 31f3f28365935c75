package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;

import java.time.Instant;

/** One unit-year's figures: totals, indices and points per field and leaf; with asOf, as they stood then. */
public record FindAssessment(AssessmentId assessment, Instant asOf) {
}
