package org.parledger.api.common;

/**
 * A refusal as data: the stable code, the offending field (argument path, or null when the whole request
 * is at fault), a message for people and, for a refusal that passes by itself (UNAVAILABLE), after how many
 * seconds asking again makes sense (null otherwise). Travels as the details of a failed command.
 */
public record LedgerError(ErrorCode code, String field, String message, Integer retryAfterSeconds) {
    public LedgerError(ErrorCode code, String field, String message) {
        this(code, field, message, null);
    }
}
