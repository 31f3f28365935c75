package org.parledger.api.ranking;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The ranking rule, used wherever ranks are given (publication, live and historic rankings): highest index
 * first, compared at full precision; equal indices share a rank and the next rank is skipped (1, 2, 2, 4);
 * tied units are listed by unit code.
 */
public final class RankOrder {
    private RankOrder() {
    }

    public record Ranked<T>(int rank, T item) {
    }

    public static <T> List<Ranked<T>> rank(List<T> items, Function<T, BigDecimal> index, Function<T, String> unitCode) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(index).reversed().thenComparing(unitCode));
        List<Ranked<T>> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            boolean tied = i > 0 && index.apply(sorted.get(i)).compareTo(index.apply(sorted.get(i - 1))) == 0;
            ranked.add(new Ranked<>(tied ? ranked.get(i - 1).rank() : i + 1, sorted.get(i)));
        }
        return ranked;
    }
}
