package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

public record DeductionRecorded(AssessmentId assessment, BigDecimal points, String reason, Actor actor) {
}
