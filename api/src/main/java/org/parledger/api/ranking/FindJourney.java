package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;

/** The score journey of one unit-year, rebuilt from its events. */
public record FindJourney(AssessmentId assessment) {
}
