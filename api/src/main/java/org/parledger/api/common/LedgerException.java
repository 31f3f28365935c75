package org.parledger.api.common;

/** A command or query refused for a reason the caller can fix; never thrown for a bug. */
public class LedgerException extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final Integer retryAfter;

    public LedgerException(ErrorCode code, String field, String message) {
        this(new LedgerError(code, field, message));
    }

    public LedgerException(LedgerError error) {
        super(error.message());
        this.code = error.code();
        this.field = error.field();
        this.retryAfter = error.retryAfterSeconds();
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public LedgerError error() {
        return new LedgerError(code, field, getMessage(), retryAfter);
    }
}
