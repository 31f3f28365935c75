package org.parledger.api.indexset;

import java.math.BigDecimal;

/** What the rules say about one scorable leaf, with the appraising agency already inherited. */
public record LeafRule(String code, String fieldCode, BigDecimal maximum, ScoringSource source,
                       String appraisingAgency, boolean notApplicableAllowed) {
}
