package org.parledger.api.ranking;

/** Which figure of a unit is ranked: its own, or the appraiser's. Survey points count in both. */
public enum ScoreStage {
    SELF_ASSESSED, APPRAISED
}
