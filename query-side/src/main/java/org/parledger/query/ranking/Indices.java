package org.parledger.query.ranking;

import org.parledger.api.assessment.Totals;
import org.parledger.api.ranking.RankOrder;
import org.parledger.api.ranking.RankingEntry;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How an index and a rank are computed from points; one place, so every view agrees. */
final class Indices {
    private Indices() {
    }

    /** points / attainable maximum × 100, at 34 significant digits; 0 when nothing is attainable. */
    static BigDecimal index(BigDecimal points, BigDecimal attainableMaximum) {
        return Totals.index(points, attainableMaximum);
    }

    /** The value without trailing zeros and never in exponent form: 80.50 is 80.5, 100.00 is 100. */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Ranks entries by {@link RankOrder}, the rule every ranking follows, overall and within each region. */
    static List<RankingEntry> rank(List<RankingEntry> unranked) {
        Map<String, Integer> regionRanks = new HashMap<>();
        unranked.stream().filter(e -> e.region() != null)
                .collect(Collectors.groupingBy(RankingEntry::region))
                .values().forEach(region -> RankOrder.rank(region, RankingEntry::index, entry -> entry.unit().value())
                        .forEach(ranked -> regionRanks.put(ranked.item().unit().value(), ranked.rank())));
        return RankOrder.rank(unranked, RankingEntry::index, entry -> entry.unit().value()).stream()
                .map(ranked -> ranked.item().withRank(ranked.rank())
                        .withRegionRank(regionRanks.get(ranked.item().unit().value())))
                .toList();
    }
}
