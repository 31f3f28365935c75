package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * An external PostgreSQL (spring.datasource.url set): the application's connection pool, declared here rather than
 * left to Spring Boot's auto-configuration, because Axon 4.13's JDBC auto-configuration is ordered after Spring Boot
 * 3's class names and, under Boot 4, is evaluated before Boot's data source exists: it would then make no event
 * store at all. The same batching settings as the embedded default; spring.datasource.hikari.* applies as usual.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
public class ExternalDatabaseConfiguration {

    @Bean
    @Primary
    HikariDataSource dataSource(Environment environment, DatabaseProperties connections) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
        pool.setUsername(environment.getProperty("spring.datasource.username"));
        pool.setPassword(environment.getProperty("spring.datasource.password"));
        pool.setPoolName("ledger-postgres");
        pool.setMaximumPoolSize(16);
        // Batched inserts go to the server as multi-row statements: projections write rows in batches.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Bound here rather than by @ConfigurationProperties (which binds after this method returns), so that the lock
        // timeout is added to a connection-init-sql given there.
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        connections.applyTo(pool);
        return pool;
    }
}
