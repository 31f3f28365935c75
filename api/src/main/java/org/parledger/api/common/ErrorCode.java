package org.parledger.api.common;

/** Stable codes for refused commands and bad requests; clients may switch on them, so never rename one. */
public enum ErrorCode {
    INVALID_ARGUMENT,
    POINTS_OUT_OF_RANGE,
    INVALID_POINTS,
    UNKNOWN_CRITERION,
    SURVEY_SCORED_CRITERION,
    EVIDENCE_SCORED_CRITERION,
    EVIDENCE_REQUIRED,
    REASON_REQUIRED,
    REFERENCE_REQUIRED,
    NOT_APPLICABLE_NOT_ALLOWED,
    CRITERION_NOT_APPLICABLE,
    NOTHING_TO_CORRECT,
    WRONG_STAGE,
    UNKNOWN_UNIT,
    UNKNOWN_INDEX_SET,
    LEVEL_MISMATCH,
    YEAR_NOT_COVERED,
    INVALID_INDEX_SET,
    ALREADY_EXISTS,
    NOT_FOUND,
    CONFLICT
}
