package org.parledger.query.ranking;

import org.parledger.api.ranking.RankingEntry;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How an index and a rank are computed from points; one place, so every view agrees. */
final class Indices {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Indices() {
    }

    /** points / attainable maximum × 100, at 34 significant digits; 0 when nothing is attainable. */
    static BigDecimal index(BigDecimal points, BigDecimal attainableMaximum) {
        if (attainableMaximum.signum() == 0) return BigDecimal.ZERO;
        return plain(points.multiply(HUNDRED).divide(attainableMaximum, MathContext.DECIMAL128));
    }

    /** The value without trailing zeros and never in exponent form: 80.50 is 80.5, 100.00 is 100. */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * Orders by index, highest first, and gives equal indices the same rank with the next rank skipped
     * (1, 2, 2, 4). Equal indices are listed by unit code.
     */
    static List<RankingEntry> rank(List<RankingEntry> unranked) {
        List<RankingEntry> sorted = new ArrayList<>(unranked);
        sorted.sort(Comparator.comparing(RankingEntry::index).reversed()
                .thenComparing(entry -> entry.unit().value()));
        List<RankingEntry> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            RankingEntry entry = sorted.get(i);
            int rank = i > 0 && entry.index().compareTo(sorted.get(i - 1).index()) == 0 ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(entry.withRank(rank));
        }
        return ranked;
    }
}
