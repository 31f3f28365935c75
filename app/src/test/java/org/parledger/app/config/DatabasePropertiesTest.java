package org.parledger.app.config;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock timeout is a statement each connection runs as it is opened, after any the configuration gives; the pool of the
 * node's own work has at least one connection.
 */
class DatabasePropertiesTest {

    @Test
    void theLockTimeoutFollowsAConnectionInitSqlGivenAndZeroSetsNothing() {
        try (HikariDataSource plain = new HikariDataSource(); HikariDataSource given = new HikariDataSource();
             HikariDataSource none = new HikariDataSource()) {
            new DatabaseProperties(Duration.ofSeconds(5), Duration.ofSeconds(1), 12).applyTo(plain);
            assertThat(plain.getConnectionInitSql()).isEqualTo("SET lock_timeout = 5000");
            given.setConnectionInitSql("SET search_path = ledger, public;");
            new DatabaseProperties(Duration.ofMillis(1500), Duration.ofSeconds(1), 12).applyTo(given);
            assertThat(given.getConnectionInitSql()).isEqualTo("SET search_path = ledger, public; SET lock_timeout = 1500");
            new DatabaseProperties(Duration.ZERO, Duration.ofSeconds(1), 12).applyTo(none);
            assertThat(none.getConnectionInitSql()).isNull();
            assertThat(plain.getDataSourceProperties()).doesNotContainKey("options");
        }
    }

    /** A background pool of no connection would leave the projections none at all: the start is refused, saying why. */
    @Test
    void aBackgroundPoolOfNoConnectionIsRefused() {
        assertThatThrownBy(() -> new DatabaseProperties(Duration.ofSeconds(5), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parledger.database.background-pool-size");
    }
}
