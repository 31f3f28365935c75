package org.parledger.app.deployment;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * With Axon Server (profile axonserver), a node that starts before Axon Server is reachable waits for it, with
 * back-off (1 s doubling to 30 s), for at most {@code parledger.axonserver.wait} (5 minutes), before anything at
 * start-up asks the ledger (the command side's registry, sample data). Its HTTP port is open meanwhile and
 * /actuator/health answers DOWN (see {@link AxonServerHealth}). Then it gives up and exits rather than run half-way.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
class AxonServerWait {
    private static final Logger log = LoggerFactory.getLogger(AxonServerWait.class);
    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;
    private final Duration wait;

    AxonServerWait(AxonServerConnectionManager connections, AxonServerConfiguration configuration,
                   AxonServerWaitProperties properties) {
        this.connections = connections;
        this.configuration = configuration;
        this.wait = properties.patience();
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void untilConnected() throws InterruptedException {
        String context = configuration.getContext();
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 1_000;
        for (int attempt = 1; !connected(context); attempt++) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Axon Server (" + configuration.getServers() + ") was not reachable within "
                        + wait + " (parledger.axonserver.wait)");
            }
            log.warn("Waiting for Axon Server at {} (attempt {}, next in {} s); /actuator/health is DOWN until then",
                    configuration.getServers(), attempt, pause / 1000);
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 30_000);
        }
        log.info("Connected to Axon Server at {}", configuration.getServers());
    }

    private boolean connected(String context) {
        try {
            // Asking for the context's connection makes the connector try again if it is not connected.
            return connections.getConnection(context).isConnected();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
