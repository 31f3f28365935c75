package org.parledger.command.support;

import org.parledger.api.StreamIds;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/** Finds the aggregate a command is for from the contract's own interfaces, without Axon annotations in api. */
@Component("ledgerCommandTargetResolver")
public class LedgerCommandTargetResolver implements CommandTargetResolver {
    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        return new VersionedAggregateIdentifier(StreamIds.of(command.getPayload()), null);
    }
}
