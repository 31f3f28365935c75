package org.parledger.api.ranking;

import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;

/**
 * A leaf of a unit's assessment: the points recorded at each stage (null where none) against the leaf's
 * current maximum. Points above a maximum that a correction lowered are kept as recorded and flagged for
 * re-appraisal; totals count at most the maximum. contested: the unit contested the appraisal in the
 * feedback round and the appraiser has not decided again yet.
 */
public record LeafPoints(String code, String fieldCode, BigDecimal maximum, ScoringSource source,
                         boolean notApplicable, BigDecimal selfAssessed, BigDecimal appraised, BigDecimal survey,
                         boolean needsReappraisal, boolean contested) {
}
