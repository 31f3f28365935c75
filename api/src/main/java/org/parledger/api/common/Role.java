package org.parledger.api.common;

/** The roles of the scoring workflow. */
public enum Role {
    /** Maintains index sets and units, opens assessments, corrects published figures. */
    ADMIN,
    /** The appraisal council or steering committee: appraises any leaf, verifies, publishes. */
    COUNCIL,
    /** Works for an appraising agency (scope: the agency's code) and appraises the leaves it is responsible for. */
    APPRAISER,
    /** Works for a unit (scope: the unit's code) and records its self-assessment. */
    ASSESSOR,
    /** Records the sociological survey's points. */
    SURVEY,
    /** Reads everything, working figures and the audit trail included; changes nothing. */
    INSPECTOR;

    /** Whether a grant of this role names the unit or agency it is for. */
    public boolean scoped() {
        return this == ASSESSOR || this == APPRAISER;
    }
}
