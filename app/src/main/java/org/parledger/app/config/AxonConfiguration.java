package org.parledger.app.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.parledger.query.projection.EntitySequencing;
import org.parledger.query.projection.Sql;
import org.parledger.query.ranking.ScoresProjection;
import org.parledger.query.unit.UnitsProjection;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;

/** How Axon stores and hands out messages in this application. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Jackson 3 refuses polymorphic types unless a validator allows them; Axon's tokens (a replay token
     * wraps another token) need it. Only Axon's and our own packages are allowed, never arbitrary classes. Records
     * are built through a constructor handle made once per type ({@link SpreadCreators}). One bean: Axon 4.13 applies
     * only the first customizer it finds.
     */
    @Bean
    Jackson3SerializerCustomizer polymorphicTypesOfAxonAndLedgerOnly() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                        .allowIfSubType("org.axonframework.")
                        .allowIfSubType("org.parledger.")
                        .build())
                .addModule(new SpreadCreators());
    }

    /**
     * Axon's work in Spring transactions: a projection's rows and its processor's token commit together. Declared
     * here because Axon 4.13's auto-configuration orders itself after Spring Boot 3's transaction configuration,
     * which Spring Boot 4 moved: it then found no transaction manager and fell back to none at all.
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    /**
     * Axon's JDBC parts (the storage engine, the token store) take the connection of the Spring transaction they run in,
     * which the unit of work of every command and every processor batch begins, and Spring alone gives it back. Not
     * Axon's auto-configured {@code UnitOfWorkAwareConnectionProviderWrapper} around this: when the unit of work cleans
     * up, it closes the connection a second time, after Spring's commit has already returned it to the pool, and
     * HikariCP's close of a closed connection still clears the list of open statements that the pool keeps per
     * physical connection, the list of whoever borrowed it meanwhile. Two threads changing one unsynchronised list:
     * under load a command failed now and then with an ArrayIndexOutOfBoundsException in HikariCP's FastList
     * (docs/measurements.md, twenty-sixth session; {@code ConnectionsClosedOnceTest}).
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * The JDBC default's storage engine, as Axon's auto-configuration builds it. Declared because the event store below
     * is: Axon's JDBC auto-configuration backs off when an event store bean exists.
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build();
    }

    /**
     * The JDBC default's event store, as Axon's auto-configuration builds it, but on producer threads that the
     * application waits for before the storage engine's pool closes ({@link ProducerThreads}). The axonserver profile's
     * event store is Axon Server's own.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  ProducerThreads eventStoreProducerThreads) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .threadFactory(eventStoreProducerThreads)
                .build();
    }

    /**
     * The projections' processors' source (application.yml): the event store, whose streams also tell the processors
     * when events have arrived instead of being looked at every 500 ms ({@link ProcessorEventSource}).
     */
    @Bean
    ProcessorEventSource processorEvents(EventStore eventStore) {
        return new ProcessorEventSource(eventStore, Duration.ofSeconds(1), Duration.ofMillis(250), 4);
    }

    /** Takes the storage engine so that it is destroyed, and waits, before the engine and its connection pool. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    ProducerThreads eventStoreProducerThreads(EventStorageEngine storageEngine) {
        return new ProducerThreads(Duration.ofSeconds(5));
    }

    /**
     * Tells Axon that a unique-key violation on the event table is a concurrent write to the same stream
     * (or a second creation of it), so that it surfaces as a conflict rather than a storage failure.
     * PostgreSQL reports it as SQLSTATE 23505, which Axon's error-code table does not map here.
     */
    @Bean
    PersistenceExceptionResolver uniqueViolationMeansConcurrentWrite() {
        return exception -> {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) return true;
            }
            return false;
        };
    }

    /**
     * The scores projection's segments, keyed by the assessment or index set an event changes (application.yml names
     * this bean as the processor's sequencing policy; Axon's own default keys by stream, which would split an
     * assessment's own events from those the publication and the survey record about it).
     */
    @Bean
    SequencingPolicy<EventMessage<?>> scoresSequencing(ScoresProjection scores) {
        return EntitySequencing.policy(scores);
    }

    /** The units projection's segments, keyed by the unit an event changes (a reorganisation records for several). */
    @Bean
    SequencingPolicy<EventMessage<?>> unitsSequencing(UnitsProjection units) {
        return EntitySequencing.policy(units);
    }

    /**
     * The processors' own transactions take their connection from the pool of the node's own work
     * ({@link ConnectionPools}), and wait for a lock as long as it takes, whatever parledger.database.lock-timeout bounds
     * for requests: segments wait for each other's rows, and a retry of parked events or a replay's switch for a batch
     * in flight, by design (a batch that gave up would only be tried again, from the start). A transaction a processor
     * joins (the registry's, in the command's own) is left as it is. What the transaction's thread does until it ends is
     * the node's own work too.
     */
    @Bean
    ConfigurerModule processorsWaitForLocks(TransactionManager transactions, DataSource dataSource) {
        TransactionManager waiting = () -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()) return transactions.startTransaction();
            ConnectionPools.Mark background = ConnectionPools.background();
            try {
                Transaction transaction = transactions.startTransaction();
                try {
                    Sql.waitForLocks(DataSourceUtils.getConnection(dataSource));
                } catch (SQLException | RuntimeException e) {
                    transaction.rollback();
                    throw new CannotCreateTransactionException("could not begin a processor's transaction", e);
                }
                return new Transaction() {
                    @Override
                    public void commit() {
                        try {
                            transaction.commit();
                        } finally {
                            background.close();
                        }
                    }

                    @Override
                    public void rollback() {
                        try {
                            transaction.rollback();
                        } finally {
                            background.close();
                        }
                    }
                };
            } catch (RuntimeException e) {
                background.close();
                throw e;
            }
        };
        return configurer -> configurer.eventProcessing().registerDefaultTransactionManager(c -> waiting);
    }

    /**
     * A projection that fails on an event must stop and retry, not skip the event: a skipped event would
     * leave figures silently wrong.
     */
    @Bean
    ConfigurerModule projectionsStopOnError() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
