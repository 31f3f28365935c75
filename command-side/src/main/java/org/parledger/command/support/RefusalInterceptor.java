package org.parledger.command.support;

import org.parledger.api.StreamIds;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Turns a refused command into a {@link CommandExecutionException} whose details are a {@link LedgerError},
 * the one form that survives the trip back to the sender when commands cross nodes through Axon Server.
 */
public class RefusalInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
    private static final Logger log = LoggerFactory.getLogger(RefusalInterceptor.class);
    private final Supplier<EventStore> ledger;

    /** @param ledger asked only when a refusal may have been decided on a stale copy (see {@link StaleCopies}) */
    public RefusalInterceptor(Supplier<EventStore> ledger) {
        this.ledger = ledger;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            Object result = chain.proceed();
            if (StaleCopies.isReportOfRefusals(result)) StaleCopies.decideAgainIfBehind(unitOfWork, ledger);
            return result;
        } catch (LedgerException e) {
            StaleCopies.decideAgainIfBehind(unitOfWork, ledger);
            throw refused(unitOfWork, e.error(), e);
        } catch (ConflictingAggregateVersionException e) {
            StaleCopies.decideAgainIfBehind(e, ledger);
            throw e;
        } catch (AggregateNotFoundException e) {
            String stream = StreamIds.of(unitOfWork.getMessage().getPayload());
            throw refused(unitOfWork, new LedgerError(ErrorCode.NOT_FOUND, null, "nothing is recorded for " + stream), e);
        }
    }

    /** One line per refusal, no stack trace: refusals are answers, not failures of the server. */
    private static CommandExecutionException refused(UnitOfWork<? extends CommandMessage<?>> unitOfWork, LedgerError error,
                                                     Exception cause) {
        CommandMessage<?> command = unitOfWork.getMessage();
        log.info("Refused {} on {}: {}{} - {}", command.getPayloadType().getSimpleName(), StreamIds.of(command.getPayload()),
                error.code(), error.field() == null ? "" : " (" + error.field() + ")", error.message());
        return new CommandExecutionException(error.message(), cause, error);
    }
}
