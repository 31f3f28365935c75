package org.parledger.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

/** An event as a projection sees it: its position in the ledger (the global index) and the message. */
public record LedgerEvent(long position, EventMessage<?> message) {
    public Object payload() {
        return message.getPayload();
    }

    /** The stream and sequence number, for events of a stream (all of the ledger's events). */
    public DomainEventMessage<?> domain() {
        return message instanceof DomainEventMessage<?> d ? d : null;
    }
}
