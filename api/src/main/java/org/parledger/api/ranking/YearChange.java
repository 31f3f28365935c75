package org.parledger.api.ranking;

import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;

/**
 * The change of a ranking entry against the previous year. rankChange is positive when the unit moved up
 * (22nd to 8th is +14); previousRank and rankChange are null when compared with predecessors. previousWithin is
 * the round the previous figures were ranked in when it is not this one (the unit moved to another province with a
 * merger): previousRank is the rank there, and rankChange is null, places in different rounds not being comparable.
 */
public record YearChange(int previousYear, ComparisonBasis basis, List<UnitCode> comparedWith,
                         BigDecimal previousIndex, BigDecimal previousPoints, Integer previousRank,
                         BigDecimal indexChange, BigDecimal pointsChange, Integer rankChange,
                         boolean differentIndexSet, UnitCode previousWithin) {
    public YearChange {
        comparedWith = List.copyOf(comparedWith);
    }

    public YearChange(int previousYear, ComparisonBasis basis, List<UnitCode> comparedWith, BigDecimal previousIndex,
                      BigDecimal previousPoints, Integer previousRank, BigDecimal indexChange, BigDecimal pointsChange,
                      Integer rankChange, boolean differentIndexSet) {
        this(previousYear, basis, comparedWith, previousIndex, previousPoints, previousRank, indexChange, pointsChange,
                rankChange, differentIndexSet, null);
    }
}
