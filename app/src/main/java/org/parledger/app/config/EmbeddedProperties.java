package org.parledger.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default's PostgreSQL (parledger.embedded.*), used when no spring.datasource.url is set.
 *
 * @param dataDir         where the database keeps its files; delete it to start from an empty ledger
 * @param clean           start from an empty directory every time (benchmarks and throwaway runs)
 * @param port            the server's port on localhost (0: a free one)
 * @param durable         fsync and synchronous commit on: a command is answered once its event is on disk
 * @param poolSize        the application's connections to it
 * @param restartAttempts how often a server that died is started again before the application exits non-zero
 * @param restartPause    the pause between two such attempts
 */
@ConfigurationProperties("parledger.embedded")
public record EmbeddedProperties(@DefaultValue("./data/postgres") Path dataDir, @DefaultValue("false") boolean clean,
                                 @DefaultValue("0") int port, @DefaultValue("true") boolean durable,
                                 @DefaultValue("16") int poolSize, @DefaultValue("5") int restartAttempts,
                                 @DefaultValue("2s") Duration restartPause) {
}
