package org.parledger.command.support;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
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

    /**
     * A unit-year with many revisions loads from its latest snapshot plus the events after it, instead of
     * its whole stream, once it has 100 events since the last snapshot.
     */
    @Bean
    SnapshotTriggerDefinition assessmentSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /** Refusals are translated outermost; the request id is claimed inside the command's transaction. */
    @Autowired
    void registerInterceptors(CommandBus commandBus, JdbcClient jdbc) {
        commandBus.registerHandlerInterceptor(new RefusalInterceptor());
        commandBus.registerHandlerInterceptor(new ProcessedRequests(jdbc));
    }
}
