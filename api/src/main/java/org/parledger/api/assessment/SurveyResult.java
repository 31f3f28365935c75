package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;

/** One unit's survey points on one survey leaf. */
public record SurveyResult(UnitCode unit, String criterion, BigDecimal points) {
}
