package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

public record AppraisalContested(AssessmentId assessment, String criterion, BigDecimal appraisedPoints,
                                 String explanation, Actor actor) {
}
