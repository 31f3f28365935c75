package org.parledger.command.support;

/**
 * The answer to an accepted mutation: the stream its event went to, that stream's version after it, and the
 * ledger position to pass as consistentWith to read the change on any node.
 */
public record Accepted(String stream, Long version, Long position) {
}
