package org.parledger.command.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's meter registry, looked up when a meter is first used rather than when its user is made: beans
 * made early (a mutation controller's CommandSender, GraphQL's interceptors and resolvers) found no registry yet under
 * Spring Boot 4, and their meters went to a private one nobody scrapes. Once found it is kept; until then (and where
 * there is none, as in tests without Actuator) a throwaway registry takes the measurements.
 */
public final class LateMeterRegistry {
    private final ObjectProvider<MeterRegistry> provider;
    private final MeterRegistry throwaway = new SimpleMeterRegistry();
    private volatile MeterRegistry found;

    public LateMeterRegistry(ObjectProvider<MeterRegistry> provider) {
        this.provider = provider;
    }

    public MeterRegistry get() {
        MeterRegistry registry = found;
        if (registry != null) return registry;
        registry = provider.getIfAvailable();
        if (registry == null) return throwaway;
        found = registry;
        return registry;
    }
}
