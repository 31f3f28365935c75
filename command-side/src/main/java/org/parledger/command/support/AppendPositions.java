package org.parledger.command.support;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where an accepted command's event sits in the ledger, so that a client can read its own write on any node
 * (queries take it as consistentWith). On the JDBC event store, the event's own global index; on Axon Server,
 * whose stream positions the application does not see per event, the head of the ledger just after the command,
 * which is at or after the event: waiting for it waits at most for the events appended meanwhile.
 */
@Component
public class AppendPositions {
    private final EventStore events;
    private final JdbcClient jdbc;
    private final boolean jdbcStore;

    AppendPositions(EventStore events, JdbcClient jdbc, @Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        this.events = events;
        this.jdbc = jdbc;
        this.jdbcStore = !axonServer;
    }

    /** The position of the event that brought the stream to this version; the ledger's head when there is no version. */
    public Long of(String stream, Long version) {
        if (jdbcStore && version != null) {
            Long exact = jdbc.sql("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                    .param(stream).param(version).query(Long.class).optional().orElse(null);
            if (exact != null) return exact;
        }
        var head = events.createHeadToken();
        return head == null ? null : head.position().stream().boxed().findFirst().orElse(null);
    }
}
