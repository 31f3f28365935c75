package org.parledger.command.support;

/** The answer to an accepted mutation: the stream its event went to and that stream's version after it. */
public record Accepted(String stream, Long version) {
}
