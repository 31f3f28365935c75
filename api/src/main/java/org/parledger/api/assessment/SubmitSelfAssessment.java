package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/** Submits the self-assessment for appraisal; self-scores are locked from then on. */
public record SubmitSelfAssessment(AssessmentId assessment, Actor actor) implements AssessmentCommand {
}
