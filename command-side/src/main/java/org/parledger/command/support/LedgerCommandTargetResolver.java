package org.parledger.command.support;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.parledger.api.StreamIds;
import org.springframework.stereotype.Component;

/**
 * Finds the aggregate a command is for from the contract's own interfaces, without Axon annotations in api,
 * and the version the sender based it on from the command's metadata (optimistic concurrency).
 */
@Component("ledgerCommandTargetResolver")
public class LedgerCommandTargetResolver implements CommandTargetResolver {
    /** Metadata key: the aggregate version the sender saw; a command based on an older one is refused. */
    public static final String EXPECTED_VERSION = "expectedVersion";

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object version = command.getMetaData().get(EXPECTED_VERSION);
        return new VersionedAggregateIdentifier(StreamIds.of(command.getPayload()),
                version instanceof Number n ? n.longValue() : null);
    }
}
