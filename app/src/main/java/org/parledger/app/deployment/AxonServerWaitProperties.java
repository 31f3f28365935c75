package org.parledger.app.deployment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.time.Duration;

/**
 * Starting with Axon Server (parledger.axonserver.*, profile axonserver).
 *
 * @param patience how long a node waits, with back-off, for Axon Server to answer before it gives up and exits
 *                 (parledger.axonserver.wait: a record cannot have a component named wait)
 */
@ConfigurationProperties("parledger.axonserver")
public record AxonServerWaitProperties(@Name("wait") @DefaultValue("5m") Duration patience) {
}
