package org.parledger.api.assessment;

/** The stages of a unit's yearly score, in the order the figures are made. */
public enum Stage {
    /** Self-scoring is open; the unit may record and revise self-scores. */
    SELF_ASSESSMENT,
    /** Submitted: self-scores are locked and appraisers record appraised scores, survey points and deductions. */
    APPRAISAL,
    /** Preliminary results were sent to the unit, which may contest leaves; appraisers decide each contest. */
    FEEDBACK,
    /** Verified by the council: every figure is frozen for publication. */
    VERIFIED,
    /** Published by decision with its official rank; a figure changes only by a recorded correction. */
    PUBLISHED
}
