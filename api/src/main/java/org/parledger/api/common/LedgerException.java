package org.parledger.api.common;

/** A command or query refused for a reason the caller can fix; never thrown for a bug. */
public class LedgerException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public LedgerException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public LedgerException(LedgerError error) {
        this(error.code(), error.field(), error.message());
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public LedgerError error() {
        return new LedgerError(code, field, getMessage());
    }
}
