package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

public record CriterionMarkedApplicable(AssessmentId assessment, String criterion, String reason, Actor actor) {
}
