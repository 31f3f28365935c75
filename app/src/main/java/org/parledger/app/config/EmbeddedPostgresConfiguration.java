package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: with no spring.datasource.url, a real PostgreSQL runs in-process and keeps its data
 * under parledger.embedded.data-dir, so a restart finds the ledger again.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${parledger.embedded.data-dir:./data/postgres}") Path dataDir,
                                      @Value("${parledger.embedded.clean:false}") boolean clean,
                                      @Value("${parledger.embedded.port:0}") int port) throws IOException {
        if (clean && Files.exists(dataDir)) {
            // Left behind by a process that was killed: "clean" means starting from an empty directory.
            try (var paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
            }
        }
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                .setServerConfig("max_connections", "100")
                // Room for bulk writes (replays): fewer forced checkpoints, larger buffers than the 128 MB default.
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("wal_buffers", "32MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min");
        if (port > 0) builder.setPort(port);
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL {} with its data in {}", postgres.getJdbcUrl("postgres", "postgres"),
                dataDir.toAbsolutePath().normalize());
        return postgres;
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres,
                          @Value("${parledger.embedded.pool-size:16}") int poolSize) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(poolSize);
        dataSource.setPoolName("embedded-postgres");
        // Batched inserts go to the server as multi-row statements: projections write rows in batches.
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }
}
