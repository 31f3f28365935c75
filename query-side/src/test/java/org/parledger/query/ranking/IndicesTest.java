package org.parledger.query.ranking;

import org.junit.jupiter.api.Test;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndicesTest {
    private static RankingEntry entry(String unit, String points, String maximum) {
        BigDecimal p = new BigDecimal(points);
        BigDecimal m = new BigDecimal(maximum);
        return new RankingEntry(0, new UnitCode(unit), unit, null, Indices.index(p, m), p, m, new IndexSetCode("S"), null, null, null, null);
    }

    @Test
    void theIndexIsPointsOverTheAttainableMaximumTimesAHundred() {
        assertThat(Indices.index(new BigDecimal("91.04"), new BigDecimal("100"))).isEqualByComparingTo("91.04");
        assertThat(Indices.index(new BigDecimal("68"), new BigDecimal("80"))).isEqualByComparingTo("85");
        assertThat(Indices.index(new BigDecimal("1"), new BigDecimal("3")).toPlainString())
                .startsWith("33.33333333333333333333333333333");
        assertThat(Indices.index(BigDecimal.ONE, BigDecimal.ZERO)).isEqualByComparingTo("0");
    }

    @Test
    void equalIndicesShareARankAndTheNextRankIsSkipped() {
        List<RankingEntry> ranked = Indices.rank(List.of(
                entry("C", "80", "100"), entry("A", "90", "100"), entry("D", "70", "100"), entry("B", "64", "80")));
        assertThat(ranked).extracting(e -> e.unit().value()).containsExactly("A", "B", "C", "D");
        assertThat(ranked).extracting(RankingEntry::rank).containsExactly(1, 2, 2, 4);
    }

    @Test
    void indicesThatDifferOnlyBeyondTheSecondDecimalAreNotTied() {
        List<RankingEntry> ranked = Indices.rank(List.of(entry("A", "2", "3"), entry("B", "66.67", "100")));
        assertThat(ranked).extracting(e -> e.unit().value()).containsExactly("B", "A");
        assertThat(ranked).extracting(RankingEntry::rank).containsExactly(1, 2);
    }
}
