package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** Points from the sociological survey for a survey leaf. */
public record RecordSurveyScore(AssessmentId assessment, String criterion, BigDecimal points, Actor actor)
        implements AssessmentCommand {
}
