package org.parledger.api.ranking;

import java.math.BigDecimal;

/**
 * A unit's standing in one field (lĩnh vực) of its ranking: the field's points at the ranked stage (survey
 * included), the field's attainable maximum, the sub-index (points / attainable × 100) and the rank among the
 * ranked units by that sub-index, by the same rule as the overall rank.
 */
public record FieldStanding(String code, String title, BigDecimal points, BigDecimal attainableMaximum,
                            BigDecimal index, int rank) {
    public FieldStanding withRank(int newRank) {
        return new FieldStanding(code, title, points, attainableMaximum, index, newRank);
    }
}
