package org.parledger.api.common;

/**
 * A refusal as data: the stable code, the offending field (argument path, or null when the whole request
 * is at fault) and a message for people. Travels as the details of a failed command.
 */
public record LedgerError(ErrorCode code, String field, String message) {
}
