package org.parledger.command.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.parledger.api.StreamIds;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Provenance;
import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/** Sends a mutation's command with the client's request id and expected version, and answers what was stored. */
@Component
public class CommandSender {
    private final CommandGateway commands;
    private final AppendPositions positions;
    private final LateMeterRegistry meters;

    public CommandSender(CommandGateway commands, AppendPositions positions, ObjectProvider<MeterRegistry> meters) {
        this.commands = commands;
        this.positions = positions;
        this.meters = new LateMeterRegistry(meters);
    }

    public Accepted send(Object command) {
        return send(command, null, null);
    }

    /**
     * @param requestId       a client-chosen id: sending the same command again with it records nothing new
     * @param expectedVersion the stream version the client based the command on: refused with CONFLICT if the
     *                        stream has moved on since
     */
    public Accepted send(Object command, String requestId, Integer expectedVersion) {
        MeterRegistry meters = this.meters.get();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "accepted";
        try {
            return dispatch(command, requestId, expectedVersion);
        } catch (RuntimeException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            sample.stop(Timer.builder("parledger.commands").description("Commands sent by this node's clients, by type and outcome "
                    + "(accepted, or the refusal's code)").tag("command", command.getClass().getSimpleName())
                    .tag("outcome", outcome).register(meters));
        }
    }

    /** The code a client is answered with (the one the refusal carries, wherever it arose), INTERNAL_ERROR otherwise. */
    static String outcome(Throwable thrown) {
        LedgerError refusal = Refusals.of(thrown);
        return (refusal != null ? refusal.code() : ErrorCode.INTERNAL_ERROR).name();
    }

    private Accepted dispatch(Object command, String requestId, Integer expectedVersion) {
        Map<String, Object> metaData = new HashMap<>();
        if (command instanceof LedgerCommand sent) metaData.putAll(Provenance.of(sent.principal()));
        if (requestId != null) {
            if (requestId.isBlank() || requestId.length() > 128) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "requestId", "a request id has 1 to 128 characters");
            }
            metaData.put(ProcessedRequests.REQUEST_ID, requestId);
        }
        if (expectedVersion != null) {
            if (expectedVersion < 0) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "expectedVersion", "a version is 0 or more");
            }
            metaData.put(LedgerCommandTargetResolver.EXPECTED_VERSION, expectedVersion.longValue());
        }
        Object result = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metaData)));
        // A creating handler answers with the new stream's identifier: its version is 0.
        Long version = result instanceof Number n ? Long.valueOf(n.longValue()) : result instanceof String ? Long.valueOf(0) : null;
        String stream = StreamIds.of(command);
        return new Accepted(stream, version, () -> positions.of(stream, version));
    }
}
