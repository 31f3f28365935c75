package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;

/** A unit's place as published. */
public record PublishedRank(UnitCode unit, int rank, BigDecimal index, BigDecimal points, BigDecimal attainableMaximum) {
}
