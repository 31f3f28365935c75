package org.parledger.command.support;

import org.parledger.api.StreamIds;
/** The answer to an accepted mutation: the stream its event went to. */
public record Accepted(String stream) {
    public static Accepted of(Object command) {
        return new Accepted(StreamIds.of(command));
    }
}
