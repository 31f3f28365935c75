package org.parledger.api.ranking;

import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;

/**
 * The change of a ranking entry against the previous year. rankChange is positive when the unit moved up
 * (22nd to 8th is +14); previousRank and rankChange are null when compared with predecessors.
 */
public record YearChange(int previousYear, ComparisonBasis basis, List<UnitCode> comparedWith,
                         BigDecimal previousIndex, BigDecimal previousPoints, Integer previousRank,
                         BigDecimal indexChange, BigDecimal pointsChange, Integer rankChange,
                         boolean differentIndexSet) {
    public YearChange {
        comparedWith = List.copyOf(comparedWith);
    }
}
