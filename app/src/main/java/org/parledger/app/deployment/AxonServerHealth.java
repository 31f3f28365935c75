package org.parledger.app.deployment;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.parledger.command.assessment.AssessmentRegistryCatchUp;
import org.parledger.command.support.ProcessedRequestsCatchUp;
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
 * the two catch-up followers (AssessmentRegistryCatchUp, ProcessedRequestsCatchUp) as this node runs them: whether
 * their segment is held here, at which position, and whether it is failing (they retry; the status stays UP). It is
 * also DOWN until the processed requests' follower has read what the ledger held when this node started, the time in
 * which it refuses commands with a request id (UNAVAILABLE).
 */
@Component("axonServer")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
class AxonServerHealth implements HealthIndicator {
    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;
    private final EventProcessingConfiguration processing;
    private final ProcessedRequestsCatchUp requests;

    AxonServerHealth(AxonServerConnectionManager connections, AxonServerConfiguration configuration,
                     EventProcessingConfiguration processing, ProcessedRequestsCatchUp requests) {
        this.connections = connections;
        this.configuration = configuration;
        this.processing = processing;
        this.requests = requests;
    }

    @Override
    public Health health() {
        String context = configuration.getContext();
        boolean connected = connections.isConnected(context);
        Map<String, Object> requestsCatchUp = follower(ProcessedRequestsCatchUp.PROCESSING_GROUP);
        boolean caughtUp = connected && caughtUp();
        requestsCatchUp.put("caughtUpSinceStart", caughtUp);
        return (caughtUp ? Health.up() : Health.down()).withDetail("context", context)
                .withDetail("servers", configuration.getServers())
                .withDetail("registryCatchUp", follower(AssessmentRegistryCatchUp.PROCESSING_GROUP))
                .withDetail("requestsCatchUp", requestsCatchUp).build();
    }

    private boolean caughtUp() {
        try {
            return requests.caughtUp();
        } catch (RuntimeException e) { // Axon Server or the database out of reach just now: not ready, and said so above
            return false;
        }
    }

    private Map<String, Object> follower(String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        StreamingEventProcessor follower = processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
        if (follower == null) {
            details.put("running", false);
            return details;
        }
        Collection<EventTrackerStatus> held = follower.processingStatus().values();
        details.put("running", follower.isRunning());
        details.put("heldHere", !held.isEmpty());
        held.stream().map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).findFirst().ifPresent(position -> details.put("position", position));
        details.put("failing", held.stream().anyMatch(EventTrackerStatus::isErrorState));
        return details;
    }
}
