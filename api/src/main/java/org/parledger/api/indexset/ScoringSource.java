package org.parledger.api.indexset;

/** Where a leaf's points come from. */
public enum ScoringSource {
    /** Self-assessed by the unit with evidence, then appraised. */
    EVIDENCE,
    /** Scored only by the sociological survey (điều tra xã hội học); never self-assessed. */
    SURVEY
}
