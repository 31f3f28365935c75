package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;

import java.time.Instant;

/** The score journey of one unit-year, rebuilt from its events; with asOf, from those stored up to then. */
public record FindJourney(AssessmentId assessment, Instant asOf) {
}
