package org.parledger.command.support;

import org.parledger.api.StreamIds;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.springframework.stereotype.Component;

/**
 * Routes every command for one stream to the same node when commands are distributed (Axon Server), so
 * that an aggregate is handled in one place at a time.
 */
@Component
public class LedgerRoutingStrategy implements RoutingStrategy {
    @Override
    public String getRoutingKey(CommandMessage<?> command) {
        return StreamIds.of(command.getPayload());
    }
}
