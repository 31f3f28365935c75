package org.parledger.command.support;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.parledger.api.StreamIds;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes commands idempotent on a client-supplied request id (metadata "requestId"). The id is claimed in the
 * command's own transaction before it is handled: a concurrent duplicate waits for that transaction, then
 * finds the id taken and answers with the first result; a refused command releases the id with its rollback.
 */
public class ProcessedRequests implements MessageHandlerInterceptor<CommandMessage<?>> {
    public static final String REQUEST_ID = "requestId";

    private final JdbcClient jdbc;

    public ProcessedRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object requestId = command.getMetaData().get(REQUEST_ID);
        if (requestId == null) return chain.proceed();
        String stream = StreamIds.of(command.getPayload());
        String type = command.getPayloadType().getName();
        int claimed = jdbc.sql("""
                        INSERT INTO cs_processed_request (request_id, command_type, stream) VALUES (:id, :type, :stream)
                        ON CONFLICT (request_id) DO NOTHING""")
                .param("id", requestId.toString()).param("type", type).param("stream", stream)
                .update();
        if (claimed == 0) return firstResult(requestId.toString(), type, stream);
        Object result = chain.proceed();
        if (result instanceof Number version) {
            jdbc.sql("UPDATE cs_processed_request SET result_version = :version WHERE request_id = :id")
                    .param("version", version.longValue()).param("id", requestId.toString()).update();
        }
        return result;
    }

    private Object firstResult(String requestId, String type, String stream) {
        return jdbc.sql("SELECT command_type, stream, result_version FROM cs_processed_request WHERE request_id = :id")
                .param("id", requestId)
                .query((rs, n) -> {
                    if (!rs.getString("command_type").equals(type) || !rs.getString("stream").equals(stream)) {
                        throw new LedgerException(ErrorCode.CONFLICT, "requestId", "request id " + requestId
                                + " was already used for another command (" + rs.getString("stream") + ")");
                    }
                    long version = rs.getLong("result_version");
                    return rs.wasNull() ? (Object) null : (Object) version;
                })
                .single();
    }
}
