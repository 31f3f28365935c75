package org.parledger.api.common;

/** The years the ledger scores: every year argument, round and assessment lies within them. */
public final class Years {
    public static final int FIRST = 2000;
    public static final int LAST = 2100;

    private Years() {
    }

    /** The year, or INVALID_ARGUMENT naming the field. */
    public static int require(int year, String field) {
        if (year < FIRST || year > LAST) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, field, "a year from " + FIRST + " to " + LAST + ", not " + year);
        }
        return year;
    }
}
