package org.parledger.api.common;

/** The administrative level at which units are scored and ranked against each other. */
public enum Level {
    PROVINCE, MINISTRY, DEPARTMENT, DISTRICT, COMMUNE;

    /** Provinces and ministries are scored in the national round only; the other levels in their province's own. */
    public boolean nationalOnly() {
        return this == PROVINCE || this == MINISTRY;
    }
}
