package org.parledger.command.support;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import org.parledger.api.common.Provenance;
import org.parledger.command.assessment.Assessment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import javax.cache.CacheManager;
import javax.cache.Caching;
import java.util.OptionalLong;
import java.util.UUID;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssessmentCacheProperties.class)
public class CommandSideConfiguration {
    /**
     * Keeps loaded assessments in memory so that a unit-year with many revisions is not re-read from the event store
     * (its snapshot's signature checked, its events since deserialised) for every command. Held strongly, bounded by
     * size and idle time: Axon's WeakReferenceCache lost nearly every entry to the next young collection under load,
     * so almost every command loaded its assessment afresh (docs/benchmarks/writes-profile.md). An entry can be stale when
     * another node changed the stream: the append then loses the race for the next sequence number, the entry is
     * evicted and the command decided again on a fresh load (LostRaceRetries).
     */
    @Bean(destroyMethod = "close")
    javax.cache.Cache<Object, Object> assessmentStore(AssessmentCacheProperties properties) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setStoreByValue(false);
        configuration.setMaximumSize(OptionalLong.of(properties.size()));
        configuration.setExpireAfterAccess(OptionalLong.of(properties.expireAfterAccess().toNanos()));
        CacheManager manager = Caching.getCachingProvider(CaffeineCachingProvider.class.getName()).getCacheManager();
        // One per application context: tests run several contexts in one JVM, which shares the provider's manager.
        return manager.createCache("assessments-" + UUID.randomUUID(), configuration);
    }

    @Bean
    Cache assessmentCache(javax.cache.Cache<Object, Object> assessmentStore) {
        return new JCacheAdapter(assessmentStore);
    }

    /**
     * A unit-year with many revisions loads from its latest snapshot plus the events after it, instead of
     * its whole stream, once it has 100 events since the last snapshot.
     */
    @Bean
    SnapshotTriggerDefinition assessmentSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /**
     * Only snapshots of the assessment's current shape are used, and, where the application checks snapshots
     * against the ledger (a filter named ledgerSnapshotFilter), only those that pass; others are passed over and
     * the stream read from its events.
     */
    @Bean
    SnapshotFilter assessmentSnapshotFilter(@Qualifier("ledgerSnapshotFilter") ObjectProvider<SnapshotFilter> ledger) {
        SnapshotFilter revision = RevisionSnapshotFilter.builder().type(Assessment.class).revision(Assessment.SNAPSHOT_REVISION).build();
        return revision.combine(snapshot -> ledger.getIfAvailable(SnapshotFilter::allowAll).allow(snapshot));
    }

    /**
     * The person's name, authentication method and address travel from each command to the events it causes.
     * Static: Axon's configurer needs it before this configuration's interceptors can be registered.
     */
    @Bean
    static CorrelationDataProvider provenanceOfCommandsInTheirEvents() {
        return new SimpleCorrelationDataProvider(Provenance.KEYS.toArray(String[]::new));
    }

    /**
     * The command bus of this node (with Axon Server, its local segment), as Axon's auto-configuration makes it, but
     * answering refusals that arise as events are stored with their codes (see {@link CommitFailures}). Static: the
     * interceptors below are registered on it by this configuration.
     */
    @Bean
    @Qualifier("localSegment")
    static SimpleCommandBus commandBus(TransactionManager transactions, org.axonframework.config.Configuration axon,
                                DuplicateCommandHandlerResolver duplicates) {
        SimpleCommandBus bus = new CommitFailures.LocalCommandBus(SimpleCommandBus.builder()
                .transactionManager(transactions)
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus")));
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }

    /** Commands that lose a race for their stream's next version are decided again (see {@link LostRaceRetries}). */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(new LostRaceRetries()).build();
    }

    /**
     * Refusals are translated outermost; the request id is claimed inside the command's transaction, on Axon Server
     * once the processed requests' catch-up follower lets it.
     */
    @Autowired
    void registerInterceptors(CommandBus commandBus, JdbcClient jdbc, ObjectProvider<ProcessedRequests.Follower> follower,
                              ObjectProvider<EventStore> ledger) {
        commandBus.registerHandlerInterceptor(new RefusalInterceptor(ledger::getObject));
        commandBus.registerHandlerInterceptor(new CommandTexts());
        commandBus.registerHandlerInterceptor(new ProcessedRequests(jdbc, follower::getIfAvailable));
    }

    /**
     * On Axon Server, where the processed requests' catch-up follower starts (see its comment). Static, with the
     * database asked only when the follower first runs: Axon's configurer reads this before the other beans exist.
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
    static ConfigurerModule processedRequestsCatchUpStart(ObjectProvider<JdbcClient> jdbc) {
        return ProcessedRequestsCatchUp.startingPoint(jdbc::getObject);
    }
}
