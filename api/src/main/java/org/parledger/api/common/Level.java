package org.parledger.api.common;

/** The administrative level at which units are scored and ranked against each other. */
public enum Level {
    PROVINCE, MINISTRY, DEPARTMENT, DISTRICT, COMMUNE
}
