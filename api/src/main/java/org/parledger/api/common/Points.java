package org.parledger.api.common;

import java.math.BigDecimal;

/** Rules every score obeys, whatever the stage: points are exact decimals with at most two places. */
public final class Points {
    public static final int MAX_SCALE = 2;

    private Points() {
    }

    /** Validates the precision and strips trailing zeros so that 1.50 and 1.5 are the same fact. */
    public static BigDecimal normalise(BigDecimal points, String field) {
        if (points == null) throw new LedgerException(ErrorCode.INVALID_POINTS, field, "points are required");
        BigDecimal stripped = points.stripTrailingZeros();
        if (stripped.scale() > MAX_SCALE) {
            throw new LedgerException(ErrorCode.INVALID_POINTS, field,
                    "points may have at most " + MAX_SCALE + " decimal places, got " + points.toPlainString());
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
