package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * An external PostgreSQL (spring.datasource.url set): the application's connection pool, declared here rather than
 * left to Spring Boot's auto-configuration, because Axon 4.13's JDBC auto-configuration is ordered after Spring Boot
 * 3's class names and, under Boot 4, is evaluated before Boot's data source exists: it would then make no event
 * store at all. The same batching settings and the same two pools as the embedded default ({@link ConnectionPools});
 * spring.datasource.hikari.* applies as usual.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
public class ExternalDatabaseConfiguration {

    @Bean
    @Primary
    ConnectionPools dataSource(Environment environment, DatabaseProperties connections, ObjectProvider<MeterRegistry> meters) {
        return ConnectionPools.configured(pool(environment, 16), pool(environment, connections.backgroundPoolSize()),
                connections, environment, meters);
    }

    private static HikariDataSource pool(Environment environment, int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
        pool.setUsername(environment.getProperty("spring.datasource.username"));
        pool.setPassword(environment.getProperty("spring.datasource.password"));
        pool.setPoolName("ledger-postgres");
        pool.setMaximumPoolSize(size);
        // Batched inserts go to the server as multi-row statements: projections write rows in batches.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        return pool;
    }
}
