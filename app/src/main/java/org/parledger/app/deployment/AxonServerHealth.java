package org.parledger.app.deployment;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.parledger.command.assessment.AssessmentRegistryCatchUp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether this node is connected to Axon Server (profile axonserver), in /actuator/health: DOWN while the connector
 * is still trying (it reconnects with back-off, and the node takes no commands meanwhile), so that an orchestrator
 * routes no traffic to it. Axon's own indicator is written against Spring Boot 3's health API. Its details also show
 * the assessment registry's catch-up follower (AssessmentRegistryCatchUp) as this node runs it: whether its segment is
 * held here, at which position, and whether it is failing (it retries; the status stays UP).
 */
@Component("axonServer")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
class AxonServerHealth implements HealthIndicator {
    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;
    private final EventProcessingConfiguration processing;

    AxonServerHealth(AxonServerConnectionManager connections, AxonServerConfiguration configuration,
                     EventProcessingConfiguration processing) {
        this.connections = connections;
        this.configuration = configuration;
        this.processing = processing;
    }

    @Override
    public Health health() {
        String context = configuration.getContext();
        boolean connected = connections.isConnected(context);
        return (connected ? Health.up() : Health.down()).withDetail("context", context)
                .withDetail("servers", configuration.getServers()).withDetail("registryCatchUp", registryCatchUp()).build();
    }

    private Map<String, Object> registryCatchUp() {
        Map<String, Object> details = new LinkedHashMap<>();
        StreamingEventProcessor follower = processing.eventProcessor(AssessmentRegistryCatchUp.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElse(null);
        if (follower == null) return Map.of("running", false);
        Collection<EventTrackerStatus> held = follower.processingStatus().values();
        details.put("running", follower.isRunning());
        details.put("heldHere", !held.isEmpty());
        held.stream().map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).findFirst().ifPresent(position -> details.put("position", position));
        details.put("failing", held.stream().anyMatch(EventTrackerStatus::isErrorState));
        return details;
    }
}
