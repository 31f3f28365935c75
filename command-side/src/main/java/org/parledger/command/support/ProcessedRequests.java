package org.parledger.command.support;

import org.apache.commons.codec.digest.DigestUtils;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.parledger.api.StreamIds;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes commands idempotent on a client-supplied request id (metadata "requestId"). The id is claimed in the
 * command's own transaction before it is handled: a concurrent duplicate waits for that transaction, then
 * finds the id taken and answers with the first result; a refused command releases the id with its rollback.
 * A duplicate must be the same command, by the same person, with the same arguments (a hash of them is kept):
 * anything else is refused with CONFLICT naming the first use, and never told it was recorded.
 * <p>
 * The command's events carry the request id in their metadata: they say which request recorded them. On Axon Server,
 * where the events and this row commit apart, they carry the whole request (command, stream, hash: about 200 bytes
 * more), from which {@link ProcessedRequestsCatchUp} restores a row that a node killed between the two commits lost, and
 * from which an assessment answers a retry that comes before that ({@link RecordedRequests}).
 */
public class ProcessedRequests implements MessageHandlerInterceptor<CommandMessage<?>> {
    public static final String REQUEST_ID = "requestId";
    /** Event metadata: the command (its class's name), stream and argument hash of the request that recorded the event. */
    public static final String REQUEST_COMMAND = "requestCommand";
    public static final String REQUEST_STREAM = "requestStream";
    public static final String REQUEST_HASH = "requestHash";

    private final JdbcClient jdbc;
    private final Supplier<Follower> follower;

    public ProcessedRequests(JdbcClient jdbc) {
        this(jdbc, () -> null);
    }

    /** @param follower the follower that restores lost rows where there is one (Axon Server), null otherwise */
    public ProcessedRequests(JdbcClient jdbc, Supplier<Follower> follower) {
        this.jdbc = jdbc;
        this.follower = follower;
    }

    /** What restores rows from the events (see {@link ProcessedRequestsCatchUp}). */
    public interface Follower {
        /** Throws (UNAVAILABLE) until this node may claim request ids: until what was lost has been restored. */
        void requireCaughtUp();
    }

    /**
     * The command's arguments and its sender's subject, as a SHA-256: how the person authenticated or from where
     * may differ between a request and its retry, what they asked may not.
     */
    public static String hash(Object payload) {
        ObjectNode tree = JSON.valueToTree(payload);
        JsonNode principal = tree.remove("principal");
        if (principal != null) tree.put("principal", principal.path("subject").asString());
        return DigestUtils.sha256Hex(JSON.writeValueAsBytes(tree));
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object requestId = command.getMetaData().get(REQUEST_ID);
        if (requestId == null) return chain.proceed();
        String stream = StreamIds.of(command.getPayload());
        String type = command.getPayloadType().getName();
        String hash = hash(command.getPayload());
        Follower restorer = follower.get();
        if (restorer != null) restorer.requireCaughtUp();
        int claimed = jdbc.sql("""
                        INSERT INTO cs_processed_request (request_id, command_type, stream, payload_hash)
                        VALUES (:id, :type, :stream, :hash) ON CONFLICT (request_id) DO NOTHING""")
                .param("id", requestId.toString()).param("type", type).param("stream", stream).param("hash", hash)
                .update();
        if (claimed == 0) return firstResult(requestId.toString(), type, stream, hash);
        Map<String, String> request = restorer == null ? Map.of(REQUEST_ID, requestId.toString())
                : Map.of(REQUEST_ID, requestId.toString(), REQUEST_COMMAND, type, REQUEST_STREAM, stream, REQUEST_HASH, hash);
        unitOfWork.registerCorrelationDataProvider(message -> request);
        Object result = chain.proceed();
        if (result instanceof Number version) {
            jdbc.sql("UPDATE cs_processed_request SET result_version = :version WHERE request_id = :id")
                    .param("version", version.longValue()).param("id", requestId.toString()).update();
        }
        return result;
    }

    private Object firstResult(String requestId, String type, String stream, String hash) {
        return jdbc.sql("SELECT command_type, stream, result_version, payload_hash, recorded_at FROM cs_processed_request WHERE request_id = :id")
                .param("id", requestId)
                .query((rs, n) -> {
                    String firstHash = rs.getString("payload_hash");
                    if (!rs.getString("command_type").equals(type) || !rs.getString("stream").equals(stream)
                            || firstHash != null && !firstHash.equals(hash)) {
                        throw new LedgerException(ErrorCode.CONFLICT, "requestId", "request id " + requestId
                                + " was first used at " + rs.getTimestamp("recorded_at").toInstant() + " for "
                                + rs.getString("command_type").substring(rs.getString("command_type").lastIndexOf('.') + 1)
                                + " on " + rs.getString("stream") + (rs.getString("command_type").equals(type)
                                && rs.getString("stream").equals(stream) ? " with other arguments" : "")
                                + "; a retry sends exactly the same, a new change needs a new id");
                    }
                    long version = rs.getLong("result_version");
                    return new FirstResult(rs.wasNull() ? null : version);
                })
                .single().version();
    }

    /**
     * The first answer's version, null for a command that answers none (survey results, a reorganisation): a row
     * mapped to null itself is refused by {@code single()}, which made every retry of such a command an internal error.
     */
    private record FirstResult(Long version) {
    }
}
