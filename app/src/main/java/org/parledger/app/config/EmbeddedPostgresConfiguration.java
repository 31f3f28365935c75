package org.parledger.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;

/**
 * The embedded default: with no spring.datasource.url, a real PostgreSQL runs in-process and keeps its data
 * under parledger.embedded.data-dir, so a restart finds the ledger again. The application connects as its own
 * role; the migrations run as the owner role (see {@link EmbeddedLedgerDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {
    /** The exit code when the embedded server cannot be brought back (EX_TEMPFAIL: a supervisor may try again). */
    static final int DATABASE_LOST = 75;

    @Bean(destroyMethod = "close")
    EmbeddedLedgerDatabase embeddedDatabase(EmbeddedProperties embedded) throws IOException {
        return EmbeddedLedgerDatabase.start(embedded.dataDir(), embedded.clean(), embedded.port(), embedded.durable());
    }

    /**
     * The pools ({@link ConnectionPools}): the requests', sized by parledger.embedded.pool-size, and the node's own work's,
     * by parledger.database.background-pool-size; spring.datasource.hikari.* (e.g. connection-timeout, how long a request
     * waits for a connection while the database is down before it is answered UNAVAILABLE) applies as it does to an
     * external database.
     */
    @Bean
    @Primary
    ConnectionPools dataSource(EmbeddedLedgerDatabase database, EmbeddedProperties embedded, DatabaseProperties connections,
                               Environment environment, ObjectProvider<MeterRegistry> meters) {
        return ConnectionPools.configured(database.pool(EmbeddedLedgerDatabase.APP, embedded.poolSize(), "embedded-postgres"),
                database.pool(EmbeddedLedgerDatabase.APP, connections.backgroundPoolSize(), "embedded-postgres"),
                connections, environment, meters);
    }

    @Bean
    @FlywayDataSource
    DataSource flywayDataSource(EmbeddedLedgerDatabase database) {
        return database.connections(EmbeddedLedgerDatabase.OWNER);
    }

    /** Once the application is up, a server that dies is started again; failing that, the application exits non-zero. */
    @Bean
    SmartInitializingSingleton embeddedDatabaseWatch(EmbeddedLedgerDatabase database, EmbeddedProperties embedded,
                                                     ConfigurableApplicationContext context) {
        return () -> database.watch(embedded.restartAttempts(), embedded.restartPause(), () -> {
            Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> DATABASE_LOST)), "exit");
            // Not a daemon (as the watcher that starts it is): once the context has closed its last other threads, the
            // JVM would otherwise end on its own, with status 0, before this one calls System.exit.
            exit.setDaemon(false);
            exit.start();
        });
    }

    /** In /actuator/health and readiness: DOWN while the server is down or being restarted. */
    @Bean("embeddedDatabaseHealthIndicator")
    HealthIndicator embeddedDatabaseHealth(EmbeddedLedgerDatabase database) {
        return () -> (database.running() ? Health.up() : Health.down()).withDetail("restarts", database.restarts()).build();
    }
}
