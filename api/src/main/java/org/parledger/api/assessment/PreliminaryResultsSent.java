package org.parledger.api.assessment;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;

/** The preliminary results went back to the unit with this appraised total (survey included, deductions off). */
public record PreliminaryResultsSent(AssessmentId assessment, BigDecimal appraisedPoints, Actor actor) {
}
