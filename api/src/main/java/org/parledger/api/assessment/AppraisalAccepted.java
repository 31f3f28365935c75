package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

public record AppraisalAccepted(AssessmentId assessment, String criterion, BigDecimal appraisedPoints, Actor actor) {
}
