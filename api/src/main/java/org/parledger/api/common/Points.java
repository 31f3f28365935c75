package org.parledger.api.common;

import java.math.BigDecimal;

/** Rules every score obeys, whatever the stage: points are exact decimals with at most two places. */
public final class Points {
    public static final int MAX_SCALE = 2;
    /** Far above any maximum (a scale is at most 1000 points), far below what a column or a sum could overflow. */
    public static final BigDecimal LIMIT = BigDecimal.valueOf(1_000_000);

    private Points() {
    }

    /** Validates the precision and strips trailing zeros so that 1.50 and 1.5 are the same fact. */
    public static BigDecimal normalise(BigDecimal points, String field) {
        if (points == null) throw new LedgerException(ErrorCode.INVALID_POINTS, field, "points are required");
        // Checked on the precision first: no arithmetic on a number with a huge exponent.
        if (points.precision() - points.scale() > 7 || points.abs().compareTo(LIMIT) >= 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, field, "points are below " + LIMIT.toPlainString());
        }
        BigDecimal stripped = points.stripTrailingZeros();
        if (stripped.scale() > MAX_SCALE) {
            throw new LedgerException(ErrorCode.INVALID_POINTS, field,
                    "points may have at most " + MAX_SCALE + " decimal places, got " + points.toPlainString());
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
