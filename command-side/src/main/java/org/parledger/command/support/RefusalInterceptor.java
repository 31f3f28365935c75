package org.parledger.command.support;

import org.parledger.api.StreamIds;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;

/**
 * Turns a refused command into a {@link CommandExecutionException} whose details are a {@link LedgerError},
 * the one form that survives the trip back to the sender when commands cross nodes through Axon Server.
 */
public class RefusalInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (LedgerException e) {
            throw new CommandExecutionException(e.getMessage(), e, e.error());
        } catch (AggregateNotFoundException e) {
            String stream = StreamIds.of(unitOfWork.getMessage().getPayload());
            LedgerError error = new LedgerError(ErrorCode.NOT_FOUND, null, "nothing is recorded for " + stream);
            throw new CommandExecutionException(error.message(), e, error);
        }
    }
}
