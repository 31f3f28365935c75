package org.parledger.query.support;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which event store holds the ledger: PostgreSQL through Axon's JDBC engine (the default), or Axon Server (profile
 * axonserver). What reads the event table directly (replays, comparisons, the integrity checks) works on the first
 * only, and refuses on the second with UNAVAILABLE rather than answer from an empty table.
 */
@Component
public class EventStoreKind {
    private final boolean axonServer;
    private final EventStore events;

    EventStoreKind(@Value("${axon.axonserver.enabled:false}") boolean axonServer, EventStore events) {
        this.axonServer = axonServer;
        this.events = events;
    }

    public boolean axonServer() {
        return axonServer;
    }

    /** Refuses what reads PostgreSQL's event table when the ledger is in Axon Server. */
    public void requireJdbc(String what) {
        if (axonServer) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, null, what + ": not available here, it reads the ledger from "
                    + "PostgreSQL's event table, and this installation keeps the ledger in Axon Server");
        }
    }

    /** The ledger's last position, from the event store itself (-1 for an empty ledger). */
    public long head() {
        var token = events.createHeadToken();
        return token == null ? -1 : token.position().orElse(-1);
    }
}
