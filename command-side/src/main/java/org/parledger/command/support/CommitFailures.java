package org.parledger.command.support;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.parledger.api.StreamIds;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * Refusals that arise only when a command's events are stored, after its handler and the {@link RefusalInterceptor}
 * have run: a stale expectedVersion (Axon checks it as the unit of work commits), a second creation of a stream, a
 * race lost to another node. The node that handled the command gives them their code here, as the details of a
 * {@link CommandExecutionException}: the one form that reaches the sender when commands cross nodes through Axon
 * Server (which passes on a failure's message only).
 */
public final class CommitFailures {
    private static final Logger log = LoggerFactory.getLogger(CommitFailures.class);
    /**
     * Axon Server's words for an append at a sequence number that is taken (AXONIQ-2000): the connector passes them on
     * as a message only (a gRPC status), not always as a ConcurrencyException.
     */
    private static final Pattern SEQUENCE_TAKEN = Pattern.compile("\\[AXONIQ-2000]|[Ii]nvalid sequence number \\d+ for aggregate");
    private static final Pattern FIRST_EVENT_TAKEN = Pattern.compile("[Ii]nvalid sequence number 0 for aggregate");

    private CommitFailures() {
    }

    /** The refusal a failure of storing events means, or null when it is not one. */
    public static LedgerError refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConflictingAggregateVersionException e) {
                return new LedgerError(ErrorCode.CONFLICT, "expectedVersion", e.getAggregateIdentifier()
                        + " is at version " + e.getActualVersion() + ", but the change was based on version "
                        + e.getExpectedVersion() + ": someone changed it meanwhile; read it again and retry");
            }
            if (t instanceof AggregateStreamCreationException) return alreadyExists();
        }
        boolean concurrent = false;
        boolean first = false;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof ConcurrencyException || SEQUENCE_TAKEN.matcher(message).find()) concurrent = true;
            if (FIRST_EVENT_TAKEN.matcher(message).find()) first = true;
        }
        if (!concurrent) return null;
        return first ? alreadyExists() : new LedgerError(ErrorCode.CONFLICT, null,
                "someone else changed the same record at the same time; read it again and retry");
    }

    private static LedgerError alreadyExists() {
        return new LedgerError(ErrorCode.ALREADY_EXISTS, null, "this is already recorded in the ledger");
    }

    /** The local command bus, answering refusals found at commit as the interceptor answers the others. */
    static final class LocalCommandBus extends SimpleCommandBus {
        LocalCommandBus(Builder builder) {
            super(builder);
        }

        @Override
        protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                     CommandCallback<? super C, ? super R> callback) {
            super.handle(command, handler, (CommandCallback<C, R>) (message, result) -> callback.onResult(message, translated(message, result)));
        }

        private static <R> CommandResultMessage<R> translated(CommandMessage<?> command, CommandResultMessage<R> result) {
            if (!result.isExceptional() || result.exceptionDetails().isPresent()) return result;
            LedgerError error = refusal(result.exceptionResult());
            if (error == null && DatabaseOutage.is(result.exceptionResult())) {
                // Given its code here, so that it reaches a sender on another node as UNAVAILABLE too.
                log.warn("{} on {} failed: the database cannot take it just now ({})", command.getPayloadType().getSimpleName(),
                        StreamIds.of(command.getPayload()), result.exceptionResult().toString());
                return GenericCommandResultMessage.asCommandResultMessage(new CommandExecutionException(
                        DatabaseOutage.error().message(), result.exceptionResult(), DatabaseOutage.error()));
            }
            if (error == null) return result;
            // A lost race is sent again (LostRaceRetries): one line per refusal, not per attempt.
            if (error.code() == ErrorCode.CONFLICT && error.field() == null) {
                log.debug("{} on {} lost the race for its stream's next version", command.getPayloadType().getSimpleName(),
                        StreamIds.of(command.getPayload()));
                return GenericCommandResultMessage.asCommandResultMessage(
                        new CommandExecutionException(error.message(), result.exceptionResult(), error));
            }
            log.info("Refused {} on {} as it was stored: {}{} - {}", command.getPayloadType().getSimpleName(),
                    StreamIds.of(command.getPayload()), error.code(), error.field() == null ? "" : " (" + error.field() + ")",
                    error.message());
            return GenericCommandResultMessage.asCommandResultMessage(
                    new CommandExecutionException(error.message(), result.exceptionResult(), error));
        }
    }
}
