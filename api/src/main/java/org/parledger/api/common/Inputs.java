package org.parledger.api.common;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.unit.UnitCode;

/** Turns raw request arguments into value types, refusing a malformed one with the argument's name. */
public final class Inputs {
    private Inputs() {
    }

    public static UnitCode unit(String raw, String field) {
        try {
            return new UnitCode(raw == null ? null : raw.strip());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, e.getMessage());
        }
    }

    public static IndexSetCode indexSet(String raw, String field) {
        try {
            return new IndexSetCode(raw == null ? null : raw.strip());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, e.getMessage());
        }
    }

    public static AssessmentId assessment(String unit, int year, String prefix) {
        UnitCode code = unit(unit, prefix + "unit");
        try {
            return new AssessmentId(code, year);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, prefix + "year", e.getMessage());
        }
    }
}
