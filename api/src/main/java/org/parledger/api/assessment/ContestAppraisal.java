package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/** During the feedback round, the unit contests the appraised score of a leaf, explaining why (giải trình). */
public record ContestAppraisal(AssessmentId assessment, String criterion, String explanation, Actor actor)
        implements AssessmentCommand {
}
