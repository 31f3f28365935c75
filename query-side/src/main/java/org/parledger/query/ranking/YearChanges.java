package org.parledger.query.ranking;

import org.parledger.api.ranking.ComparisonBasis;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.YearChange;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a ranking entry compares with the previous year, following the unit's lineage through mergers. */
final class YearChanges {
    private YearChanges() {
    }

    /**
     * @param previous     the previous year's ranked entries by unit code
     * @param predecessors the units this unit took over during the year
     */
    static YearChange of(RankingEntry entry, int previousYear, Map<String, RankingEntry> previous,
                         List<String> predecessors) {
        RankingEntry own = previous.get(entry.unit().value());
        if (predecessors.isEmpty()) {
            if (own == null) return null;
            return new YearChange(previousYear, ComparisonBasis.SAME_UNIT, List.of(own.unit()), own.index(),
                    own.points(), own.rank(), Indices.plain(entry.index().subtract(own.index())),
                    Indices.plain(entry.points().subtract(own.points())), own.rank() - entry.rank(),
                    !own.indexSet().equals(entry.indexSet()));
        }
        List<RankingEntry> compared = new ArrayList<>();
        if (own != null) compared.add(own);
        for (String code : predecessors) {
            RankingEntry predecessor = previous.get(code);
            if (predecessor != null) compared.add(predecessor);
        }
        if (compared.isEmpty()) return null;
        BigDecimal count = BigDecimal.valueOf(compared.size());
        BigDecimal index = Indices.plain(compared.stream().map(RankingEntry::index).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(count, MathContext.DECIMAL128));
        BigDecimal points = Indices.plain(compared.stream().map(RankingEntry::points).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(count, MathContext.DECIMAL128));
        List<UnitCode> units = compared.stream().map(RankingEntry::unit).toList();
        boolean otherSet = compared.stream().anyMatch(c -> !c.indexSet().equals(entry.indexSet()));
        return new YearChange(previousYear, ComparisonBasis.PREDECESSORS, units, index, points, null,
                Indices.plain(entry.index().subtract(index)), Indices.plain(entry.points().subtract(points)), null,
                otherSet);
    }
}
