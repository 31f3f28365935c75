package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

/** Opens the feedback round: the preliminary appraisal results go back to the unit. */
public record SendPreliminaryResults(AssessmentId assessment, Actor actor) implements AssessmentCommand {
}
