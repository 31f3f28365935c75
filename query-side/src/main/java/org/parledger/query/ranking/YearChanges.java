package org.parledger.query.ranking;

import java.util.Collection;
import java.util.HashMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
     * The previous year's ranked entries a ranking is compared with, by unit code: its own round's, and, for units
     * whose previous figures were ranked in another round (a district that moved with its province's merger, the
     * predecessors of a merged unit), that round's, with the round they came from.
     */
    record Previous(Map<String, RankingEntry> entries, Map<String, UnitCode> elsewhere) {
        static Previous of(Map<String, RankingEntry> entries) {
            return new Previous(entries, Map.of());
        }

        RankingEntry get(String unit) {
            return entries.get(unit);
        }
    }

    /**
     * @param sameRound the previous year's entries of the ranking's own round
     * @param roundsOf  the other rounds the given units were ranked in the previous year (asked only when some are missing)
     * @param rankedIn  a round's entries of the previous year
     */
    static Previous previous(List<RankingEntry> current, Map<String, List<String>> takenOver, UnitCode within,
                             List<RankingEntry> sameRound, Function<Collection<String>, List<UnitCode>> roundsOf,
                             Function<UnitCode, List<RankingEntry>> rankedIn) {
        Map<String, RankingEntry> entries = new HashMap<>();
        sameRound.forEach(e -> entries.put(e.unit().value(), e));
        Set<String> missing = new TreeSet<>();
        for (RankingEntry entry : current) {
            if (!entries.containsKey(entry.unit().value())) missing.add(entry.unit().value());
            for (String predecessor : takenOver.getOrDefault(entry.unit().value(), List.of())) {
                if (!entries.containsKey(predecessor)) missing.add(predecessor);
            }
        }
        if (missing.isEmpty()) return Previous.of(entries);
        Map<String, UnitCode> elsewhere = new HashMap<>();
        for (UnitCode round : roundsOf.apply(missing)) {
            if (Objects.equals(round, within)) continue;
            for (RankingEntry e : rankedIn.apply(round)) {
                if (missing.contains(e.unit().value()) && entries.putIfAbsent(e.unit().value(), e) == null) {
                    elsewhere.put(e.unit().value(), round);
                }
            }
        }
        return new Previous(entries, elsewhere);
    }

    /** Against the previous year's entries of the same round only (a national ranking of provinces, tests). */
    static YearChange of(RankingEntry entry, int previousYear, Map<String, RankingEntry> previous, List<String> predecessors) {
        return of(entry, previousYear, Previous.of(previous), predecessors);
    }

    /**
     * @param previous     the previous year's ranked entries by unit code
     * @param predecessors the units this unit took over during the year
     */
    static YearChange of(RankingEntry entry, int previousYear, Previous previous, List<String> predecessors) {
        RankingEntry own = previous.get(entry.unit().value());
        if (predecessors.isEmpty()) {
            if (own == null) return null;
            // A rank in another round (another province's districts) is shown with its round, but places are not compared.
            UnitCode otherRound = previous.elsewhere().get(own.unit().value());
            boolean sameRound = !previous.elsewhere().containsKey(own.unit().value());
            return new YearChange(previousYear, ComparisonBasis.SAME_UNIT, List.of(own.unit()), own.index(),
                    own.points(), own.rank(), Indices.plain(entry.index().subtract(own.index())),
                    Indices.plain(entry.points().subtract(own.points())), sameRound ? own.rank() - entry.rank() : null,
                    !own.indexSet().equals(entry.indexSet()), otherRound);
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
