package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/** During the feedback round, the unit accepts the appraised score of a leaf. */
public record AcceptAppraisal(AssessmentId assessment, String criterion, Actor actor) implements AssessmentCommand {
}
