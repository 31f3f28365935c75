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
        return entry(unit, points, maximum, null);
    }

    private static RankingEntry entry(String unit, String points, String maximum, String region) {
        BigDecimal p = new BigDecimal(points);
        BigDecimal m = new BigDecimal(maximum);
        return new RankingEntry(0, null, new UnitCode(unit), unit, region, Indices.index(p, m), p, m,
                new IndexSetCode("S"), null, null, null, null);
    }

    @Test
    void withinARegionUnitsAreRankedByTheSameRuleAndUnitsWithoutARegionHaveNoRegionRank() {
        List<RankingEntry> ranked = Indices.rank(List.of(entry("N1", "90", "100", "North"),
                entry("S1", "85", "100", "South"), entry("N2", "80", "100", "North"), entry("S2", "85", "100", "South"),
                entry("X", "95", "100", null), entry("N3", "70", "100", "North")));
        assertThat(ranked).extracting(e -> e.unit().value() + " " + e.rank() + " " + e.regionRank())
                .containsExactly("X 1 null", "N1 2 1", "S1 3 1", "S2 3 1", "N2 5 2", "N3 6 3");
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
