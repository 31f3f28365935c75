package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/** Withdraws a not-applicable mark made during self-assessment. */
public record MarkCriterionApplicable(AssessmentId assessment, String criterion, String reason, Actor actor)
        implements AssessmentCommand {
}
