package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

public record SurveyScoreRecorded(AssessmentId assessment, String criterion, BigDecimal previousPoints,
                                  BigDecimal points, Actor actor) {
}
