package org.parledger.api.ranking;

/** What a unit's figure is compared with in the previous year. */
public enum ComparisonBasis {
    /** The unit's own figure. */
    SAME_UNIT,
    /**
     * The unit took over other units during the year (a merger): compared with the mean of the previous-year
     * indices and points of its predecessors (and its own, if it was ranked); no previous rank.
     */
    PREDECESSORS
}
