package org.parledger.app.deployment;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether this node is connected to Axon Server (profile axonserver), in /actuator/health: DOWN while the connector
 * is still trying (it reconnects with back-off, and the node takes no commands meanwhile), so that an orchestrator
 * routes no traffic to it. Axon's own indicator is written against Spring Boot 3's health API.
 */
@Component("axonServer")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
class AxonServerHealth implements HealthIndicator {
    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;

    AxonServerHealth(AxonServerConnectionManager connections, AxonServerConfiguration configuration) {
        this.connections = connections;
        this.configuration = configuration;
    }

    @Override
    public Health health() {
        String context = configuration.getContext();
        boolean connected = connections.isConnected(context);
        return (connected ? Health.up() : Health.down()).withDetail("context", context)
                .withDetail("servers", configuration.getServers()).build();
    }
}
