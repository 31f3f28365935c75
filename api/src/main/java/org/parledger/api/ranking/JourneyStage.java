package org.parledger.api.ranking;

/** The stations of a unit's yearly total, in order. */
public enum JourneyStage {
    /** As the unit submitted it. */
    SELF_ASSESSED,
    /** After appraisal (when preliminary results were sent, or at verification without a feedback round). */
    APPRAISED,
    /** After the feedback round's contests were decided. */
    AFTER_FEEDBACK,
    /** As the council verified it. */
    VERIFIED,
    /** As published. */
    FINAL,
    /** After the last correction since publication. */
    CORRECTED
}
