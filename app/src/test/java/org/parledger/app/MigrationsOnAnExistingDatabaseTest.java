package org.parledger.app;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module numbers its own migrations, so a database that already has the command side's 3.x gets the
 * query side's newer 2.x ones too (here: a schema migrated before the query side had any).
 */
@LedgerIntegrationTest
class MigrationsOnAnExistingDatabaseTest {
    private static final String SCHEMA = "upgrade_it";

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.flyway.locations}")
    List<String> locations;
    @Value("${spring.flyway.out-of-order}")
    boolean outOfOrder;

    @Test
    void migrationsNumberedBelowTheAppliedOnesAreAppliedToAnExistingDatabase() {
        List<String> withoutQuerySide = locations.stream().filter(l -> !l.endsWith("/query")).toList();
        flyway(withoutQuerySide).migrate();
        assertThat(applied()).noneMatch(version -> version.startsWith("2."));

        flyway(locations).migrate();

        assertThat(applied()).anyMatch(version -> version.startsWith("2.")).contains("3.2");
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = :schema"
                        + " AND table_name = 'rv_unit_region'").param("schema", SCHEMA).query(Long.class).single())
                .isEqualTo(1);
    }

    private Flyway flyway(List<String> from) {
        return Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations(from.toArray(String[]::new))
                .placeholders(java.util.Map.of("appRole", ""))
                .outOfOrder(outOfOrder).cleanDisabled(true).load();
    }

    private List<String> applied() {
        return jdbc.sql("SELECT version FROM " + SCHEMA + ".flyway_schema_history WHERE success AND version IS NOT NULL")
                .query(String.class).list();
    }
}
