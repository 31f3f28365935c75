package org.parledger.api.ranking;

import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;

/**
 * One unit's place: units with an equal index share a rank and the next rank is skipped (1, 2, 2, 4); the
 * region rank is the place among the units of the same region, by the same rule (null without a region).
 * The index is exact (points / attainable maximum × 100 at 34 significant digits); clients round for display.
 * The unit's name and region are those it had at the end of the year (region null if it was placed in none);
 * classification is the band of the unit's index set that the index reaches (null if the set has none);
 * published holds the figures as published (null if not published), so that a correction's effect on every
 * rank is visible; change is null when there is nothing to compare.
 */
public record RankingEntry(int rank, Integer regionRank, UnitCode unit, String unitName, String region,
                           BigDecimal index, BigDecimal points, BigDecimal attainableMaximum, IndexSetCode indexSet,
                           String classification, PublicationFacts published, List<FieldStanding> fields,
                           YearChange change) {
    public RankingEntry {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public RankingEntry withRank(int newRank) {
        return new RankingEntry(newRank, regionRank, unit, unitName, region, index, points, attainableMaximum, indexSet,
                classification, published, fields, change);
    }

    public RankingEntry withRegionRank(Integer newRegionRank) {
        return new RankingEntry(rank, newRegionRank, unit, unitName, region, index, points, attainableMaximum, indexSet,
                classification, published, fields, change);
    }

    public RankingEntry withFields(List<FieldStanding> newFields) {
        return new RankingEntry(rank, regionRank, unit, unitName, region, index, points, attainableMaximum, indexSet,
                classification, published, newFields, change);
    }

    public RankingEntry withChange(YearChange newChange) {
        return new RankingEntry(rank, regionRank, unit, unitName, region, index, points, attainableMaximum, indexSet,
                classification, published, fields, newChange);
    }
}
