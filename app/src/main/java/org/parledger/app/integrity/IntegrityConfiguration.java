package org.parledger.app.integrity;

import org.parledger.query.support.EventStoreKind;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.config.EmbeddedProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.transaction.PlatformTransactionManager;

/** Tamper evidence: hash chains on the append path, signed snapshots, and the installation's signing key. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntegrityProperties.class)
public class IntegrityConfiguration {

    /** Configured, or (embedded default) kept in the database's data directory and made there on the first start. */
    @Bean
    LedgerKey ledgerKey(IntegrityProperties properties, ObjectProvider<EmbeddedLedgerDatabase> embedded,
                        EmbeddedProperties embeddedProperties) {
        Path dataDir = embeddedProperties.dataDir();
        if (properties.signingKey() != null && !properties.signingKey().isBlank()) return LedgerKey.of(properties.signingKey());
        if (properties.signingKeyFile() != null) return LedgerKey.fromFile(properties.signingKeyFile(), embedded.getIfAvailable() != null);
        if (embedded.getIfAvailable() != null) return LedgerKey.fromFile(dataDir.resolve("ledger-signing-key.pem"), true);
        throw new IllegalStateException("""
                The ledger has no signing key: configure parledger.integrity.signing-key (an Ed25519 private key, PEM) or
                parledger.integrity.signing-key-file, the same on every node. Make one with: java -jar par-ledger.jar new-signing-key""");
    }

    @Bean
    EventChain eventChain(@Qualifier("eventSerializer") Serializer eventSerializer, EventStore eventStore) {
        EventChain chain = new EventChain(eventSerializer, eventStore);
        chain.attach();
        return chain;
    }

    @Bean
    LedgerRows ledgerRows(DataSource dataSource, PlatformTransactionManager transactions, EventStoreKind store) {
        return new LedgerRows(dataSource, transactions, store);
    }

    @Bean
    Checkpoints checkpoints(LedgerRows rows, DataSource dataSource, PlatformTransactionManager transactions,
                            EventStore eventStore, LedgerKey key) {
        return new Checkpoints(rows, dataSource, transactions, eventStore, key);
    }

    /**
     * A node whose key did not sign the ledger's latest checkpoint does not start ({@link Checkpoints.AnotherKey}, told
     * by {@link AnotherKeyAnalyzer}), nor one whose key is not the one the first node recorded; the command-line check
     * starts, to report what it finds. With Axon Server there are no checkpoints: the recorded key alone.
     */
    @Bean
    SmartInitializingSingleton signingKeyCheck(Checkpoints checkpoints, EventStoreKind store, Environment environment) {
        return () -> {
            if (environment.getProperty("parledger.verify") != null) return;
            if (store.axonServer()) checkpoints.claimKey();
            else checkpoints.checkKey();
        };
    }

    @Bean
    LedgerVerification ledgerVerification(LedgerRows rows, Checkpoints checkpoints, SnapshotSignatures snapshots, LedgerKey key,
                                          DataSource dataSource) {
        return new LedgerVerification(rows, checkpoints, snapshots, key, dataSource);
    }

    @Bean
    Verifications verifications(LedgerVerification verification, DataSource dataSource, PlatformTransactionManager transactions,
                                EventStoreKind store) {
        return new Verifications(verification, dataSource, transactions, store);
    }

    @Bean
    PeriodicVerification periodicVerification(Verifications verifications, IntegrityProperties properties, EventStoreKind store,
                                              Environment environment) {
        // The command-line checks (parledger.verify) verify once and stop; with Axon Server nothing here can read the ledger.
        boolean off = store.axonServer() || environment.getProperty("parledger.verify") != null;
        return new PeriodicVerification(verifications::verifyIfDue, off ? java.time.Duration.ZERO : properties.verifyEvery());
    }

    @Bean
    FigureProofs figureProofs(LedgerRows rows, Checkpoints checkpoints, QueryGateway queries, DataSource dataSource) {
        return new FigureProofs(rows, checkpoints, queries, dataSource);
    }

    @Bean
    PeriodicCheckpoints periodicCheckpoints(Checkpoints checkpoints, IntegrityProperties properties, EventStoreKind store) {
        // Checkpoints are computed from PostgreSQL's event table: none with Axon Server (docs/integrity.md).
        return new PeriodicCheckpoints(checkpoints, store.axonServer() ? java.time.Duration.ZERO : properties.checkpointEvery());
    }

    /** Referenced by name from the aggregates' snapshot filters (command side). */
    @Bean
    SnapshotSignatures ledgerSnapshotFilter(Serializer serializer, LedgerKey key, ObjectProvider<EventStore> eventStore) {
        return new SnapshotSignatures(serializer, key, eventStore);
    }

    /**
     * Axon's snapshotter, as Axon's auto-configuration would make it, with each snapshot signed, taken on a thread of
     * its own (SnapshotThread) rather than by the command that reached the trigger, whose answer waited for it.
     */
    @Bean(destroyMethod = "close")
    SignedSnapshotter snapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                  ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                                  TransactionManager transactionManager, SnapshotterSpanFactory spanFactory,
                                  Serializer serializer, SnapshotSignatures signatures) {
        SnapshotThread thread = new SnapshotThread();
        SignedSnapshotter snapshotter = new SignedSnapshotter(SpringAggregateSnapshotter.builder()
                .executor(thread)
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory), serializer, signatures, thread);
        return snapshotter;
    }
}
