package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/**
 * The council verifies an assessment whose every applicable evidence leaf is appraised and every applicable
 * survey leaf scored; its figures are frozen for publication from then on.
 */
public record VerifyAssessment(AssessmentId assessment, Actor actor) implements AssessmentCommand {
}
