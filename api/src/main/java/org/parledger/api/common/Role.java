package org.parledger.api.common;

/** The roles of the scoring workflow. */
public enum Role {
    /**
     * Maintains index sets and units, opens assessments, corrects published figures; everywhere, or (ADMIN:22) only
     * in one province's rounds.
     */
    ADMIN,
    /**
     * The appraisal council or steering committee: appraises any leaf, verifies, publishes. Without a scope, the
     * national council of the national rounds (provinces, ministries); COUNCIL:22, the council of Quảng Ninh's own
     * rounds (its departments, districts and communes).
     */
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

    /** Whether a grant of this role may be limited to one province's rounds (the province's code as its scope). */
    public boolean provincial() {
        return this == ADMIN || this == COUNCIL;
    }
}
