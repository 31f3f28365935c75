package org.parledger.api.common;

/** A command or query refused for a reason the caller can fix; never thrown for a bug. */
public class LedgerException extends RuntimeException {
    private final LedgerError error;

    public LedgerException(ErrorCode code, String field, String message) {
        this(new LedgerError(code, field, message));
    }

    public LedgerException(LedgerError error) {
        super(error.message());
        this.error = error;
    }

    public ErrorCode code() {
        return error.code();
    }

    public String field() {
        return error.field();
    }

    public LedgerError error() {
        return error;
    }
}
