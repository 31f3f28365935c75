package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

public record CriterionMarkedNotApplicable(AssessmentId assessment, String criterion, String reason, Actor actor) {
}
