package org.parledger.query.ranking;

import org.junit.jupiter.api.Test;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.ranking.ComparisonBasis;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.YearChange;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class YearChangesTest {
    private static RankingEntry entry(int rank, String unit, String index, String set) {
        BigDecimal i = new BigDecimal(index);
        return new RankingEntry(rank, null, new UnitCode(unit), unit, null, i, i, BigDecimal.valueOf(100), new IndexSetCode(set), null, null, null, null);
    }

    @Test
    void aUnitIsComparedWithItsOwnPreviousFigureAndRank() {
        // Long An 2022: 8th with 87.42, up 14 places from 22nd (87.20) in 2021.
        YearChange change = YearChanges.of(entry(8, "80", "87.42", "S"), 2021,
                Map.of("80", entry(22, "80", "87.20", "S")), List.of());
        assertThat(change.basis()).isEqualTo(ComparisonBasis.SAME_UNIT);
        assertThat(change.rankChange()).isEqualTo(14);
        assertThat(change.indexChange()).isEqualByComparingTo("0.22");
        assertThat(change.differentIndexSet()).isFalse();
    }

    @Test
    void aChangeOfIndexSetIsFlagged() {
        YearChange change = YearChanges.of(entry(1, "22", "90.1", "NEW"), 2021,
                Map.of("22", entry(1, "22", "91.04", "OLD")), List.of());
        assertThat(change.differentIndexSet()).isTrue();
        assertThat(change.rankChange()).isZero();
    }

    @Test
    void aMergedUnitIsComparedWithTheMeanOfItsPredecessorsAndHasNoPreviousRank() {
        YearChange change = YearChanges.of(entry(3, "31", "88", "S"), 2024,
                Map.of("31", entry(2, "31", "86", "S"), "30", entry(40, "30", "80", "S")), List.of("30"));
        assertThat(change.basis()).isEqualTo(ComparisonBasis.PREDECESSORS);
        assertThat(change.comparedWith()).extracting(UnitCode::value).containsExactly("31", "30");
        assertThat(change.previousIndex()).isEqualByComparingTo("83");
        assertThat(change.indexChange()).isEqualByComparingTo("5");
        assertThat(change.previousRank()).isNull();
        assertThat(change.rankChange()).isNull();
    }

    @Test
    void nothingToCompareGivesNoChange() {
        assertThat(YearChanges.of(entry(1, "01", "90", "S"), 2024, Map.of(), List.of())).isNull();
        assertThat(YearChanges.of(entry(1, "01", "90", "S"), 2024, Map.of(), List.of("02"))).isNull();
    }
}
