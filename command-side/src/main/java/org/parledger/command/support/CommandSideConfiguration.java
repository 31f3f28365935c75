package org.parledger.command.support;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {
    /**
     * Keeps loaded assessments in memory so that a unit-year with many revisions is not re-read from the
     * event store for every command. A write that loses a race evicts its entry, so the next load is fresh.
     */
    @Bean
    Cache assessmentCache() {
        return new WeakReferenceCache();
    }

    /** Refusals are translated outermost; the request id is claimed inside the command's transaction. */
    @Autowired
    void registerInterceptors(CommandBus commandBus, JdbcClient jdbc) {
        commandBus.registerHandlerInterceptor(new RefusalInterceptor());
        commandBus.registerHandlerInterceptor(new ProcessedRequests(jdbc));
    }
}
