package org.parledger.command.support;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.function.Supplier;

/**
 * The processed requests' second follower, on Axon Server only. There a command's events are stored by Axon Server
 * first and its request id's row committed to PostgreSQL after, so a node killed between the two left the ledger
 * holding a change whose id was forgotten: the client's retry recorded it a second time, or was refused as if it
 * were new. Each event carries its request (see {@link ProcessedRequests}); this streaming processor, whose token is
 * committed with the rows it writes, puts back a row that is missing, marked restored. A row that is there (the
 * usual case, committed a moment before this reads the event) is left as it is.
 * <p>
 * Until it has read what the ledger held when this node first claimed a request id, this node refuses commands that
 * carry one with UNAVAILABLE (retry in {@value #RETRY_AFTER_SECONDS} s): a node restarted after a kill would otherwise
 * take the client's retry before the follower had restored the id. On PostgreSQL's ledger the rows commit with the
 * events and it is not needed.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
@ProcessingGroup(ProcessedRequestsCatchUp.PROCESSING_GROUP)
public class ProcessedRequestsCatchUp implements ProcessedRequests.Follower {
    public static final String PROCESSING_GROUP = "command-processed-requests-catch-up";
    public static final int RETRY_AFTER_SECONDS = 1;
    private static final String CATCHING_UP = "this node has just started and is still reading which request ids the "
            + "ledger already holds; send it again in " + RETRY_AFTER_SECONDS + " s";

    private final JdbcClient jdbc;
    private final EventStore ledger;
    private final Serializer serializer;
    /** The ledger's head when this node first asked; the gate opens once the follower's token has reached it. */
    private volatile Long headAtStart;
    private volatile boolean caughtUp;

    /** Public, with the handler, so that a test can declare it on PostgreSQL's ledger. */
    public ProcessedRequestsCatchUp(JdbcClient jdbc, EventStore ledger, Serializer serializer) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.serializer = serializer;
    }

    /**
     * Where the follower starts the first time it runs: at the ledger's head, since events stored before their requests
     * were in their metadata have nothing to restore; at its tail when no request id is held at all (a node on a new
     * database), to restore them all from the ledger.
     */
    public static ConfigurerModule startingPoint(Supplier<JdbcClient> jdbc) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerPooledStreamingEventProcessorConfiguration(
                PROCESSING_GROUP, (configuration, builder) -> builder.initialToken(ledger -> startingToken(jdbc.get(), ledger))));
    }

    public static TrackingToken startingToken(JdbcClient jdbc, StreamableMessageSource<?> ledger) {
        boolean held = jdbc.sql("SELECT EXISTS (SELECT 1 FROM cs_processed_request)").query(Boolean.class).single();
        return held ? ledger.createHeadToken() : ledger.createTailToken();
    }

    @EventHandler
    public void on(Object event, EventMessage<?> message) {
        MetaData request = message.getMetaData();
        if (!(request.get(ProcessedRequests.REQUEST_ID) instanceof String id)
                || !(request.get(ProcessedRequests.REQUEST_COMMAND) instanceof String command)
                || !(request.get(ProcessedRequests.REQUEST_STREAM) instanceof String stream)) {
            return; // recorded without a request id, or before requests were in events' metadata
        }
        // The version answered is the request's last event on its stream (a command may record several).
        Long version = message instanceof DomainEventMessage<?> stored && stream.equals(stored.getAggregateIdentifier())
                ? stored.getSequenceNumber() : null;
        jdbc.sql("""
                        INSERT INTO cs_processed_request AS r
                               (request_id, command_type, stream, payload_hash, result_version, recorded_at, restored)
                        VALUES (:id, :command, :stream, :hash, :version, :at, true)
                        ON CONFLICT (request_id) DO UPDATE SET result_version = GREATEST(r.result_version, EXCLUDED.result_version)
                        WHERE r.restored""")
                .param("id", id).param("command", command).param("stream", stream)
                .param("hash", request.get(ProcessedRequests.REQUEST_HASH) instanceof String hash ? hash : null)
                .param("version", version).param("at", Timestamp.from(message.getTimestamp())).update();
    }

    /** True once the follower has read, on whichever node holds it, what the ledger held when this node first asked. */
    public boolean caughtUp() {
        if (caughtUp) return true;
        if (headAtStart == null) headAtStart = position(ledger.createHeadToken());
        List<Long> positions = jdbc.sql("SELECT token, tokentype FROM tokenentry WHERE processorname = :name")
                .param("name", PROCESSING_GROUP)
                .query((rs, n) -> position(rs.getBytes("token"), rs.getString("tokentype"))).list();
        caughtUp = !positions.isEmpty() && positions.stream().allMatch(position -> position >= headAtStart);
        return caughtUp;
    }

    private long position(byte[] token, String type) {
        if (token == null || type == null) return position(null);
        return position(serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
    }

    /** A token's position; none (an empty ledger's head, a tail not yet left) is before the first event, -1. */
    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    @Override
    public void requireCaughtUp() {
        if (!caughtUp()) throw new LedgerException(new LedgerError(ErrorCode.UNAVAILABLE, null, CATCHING_UP, RETRY_AFTER_SECONDS));
    }
}
