package org.parledger.api.ranking;

import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;

/**
 * One unit's place: units with an equal index share a rank and the next rank is skipped (1, 2, 2, 4).
 * The index is exact (points / attainable maximum × 100 at 34 significant digits); clients round for display.
 */
public record RankingEntry(int rank, UnitCode unit, String unitName, BigDecimal index, BigDecimal points,
                           BigDecimal attainableMaximum, IndexSetCode indexSet) {
}
