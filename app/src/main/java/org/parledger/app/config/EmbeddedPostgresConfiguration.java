package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The embedded default: with no spring.datasource.url, a real PostgreSQL runs in-process and keeps its data
 * under parledger.embedded.data-dir, so a restart finds the ledger again. The application connects as its own
 * role; the migrations run as the owner role (see {@link EmbeddedLedgerDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedLedgerDatabase embeddedDatabase(@Value("${parledger.embedded.data-dir:./data/postgres}") Path dataDir,
                                            @Value("${parledger.embedded.clean:false}") boolean clean,
                                            @Value("${parledger.embedded.port:0}") int port,
                                            @Value("${parledger.embedded.durable:true}") boolean durable) throws IOException {
        return EmbeddedLedgerDatabase.start(dataDir, clean, port, durable);
    }

    @Bean
    @Primary
    HikariDataSource dataSource(EmbeddedLedgerDatabase database, @Value("${parledger.embedded.pool-size:16}") int poolSize) {
        return database.pool(EmbeddedLedgerDatabase.APP, poolSize, "embedded-postgres");
    }

    @Bean
    @FlywayDataSource
    DataSource flywayDataSource(EmbeddedLedgerDatabase database) {
        return database.connections(EmbeddedLedgerDatabase.OWNER);
    }
}
