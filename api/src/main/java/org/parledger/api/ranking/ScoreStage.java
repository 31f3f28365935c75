package org.parledger.api.ranking;

/** Which figure of a unit is ranked. Survey points count at every stage. */
public enum ScoreStage {
    /** The unit's own scores. */
    SELF_ASSESSED,
    /** The appraisers' scores, less deductions. */
    APPRAISED,
    /** Published figures as they stand now, after any correction since publication; only published units. */
    FINAL
}
