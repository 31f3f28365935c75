package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.command.assessment.AssessmentRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * The command side's assessment registry is derived from the ledger (docs/deployment.md): a node rebuilds it when it
 * starts on a database where it is empty and the ledger is not, or when started with
 * {@code --parledger.command.rebuild-registry=true}; otherwise it is left as it is.
 */
@LedgerIntegrationTest
class RegistryRebuildTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AssessmentRegistry registry;

    /** This test's rows: other tests append events straight to the ledger, which a rebuild adds to the registry. */
    private List<String> rows() {
        return jdbc.sql("SELECT unit_code || ' ' || year || ' ' || level || ' ' || stage || ' ' || coalesce(within_code, '-') "
                + "FROM cs_assessment WHERE unit_code LIKE 'RB-%' ORDER BY unit_code, year").query(String.class).list();
    }

    @Test
    void itIsRebuiltFromTheLedgerWhenAskedOrFoundEmptyAndLeftAloneOtherwise() {
        GraphQlClient admin = GraphQlClient.admin(port);
        IndexSetFixture.defineOnce(admin);
        for (String unit : List.of("RB-A", "RB-B")) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh " + unit));
            admin.data(OPEN_UNDER, Map.of("unit", unit, "year", 2025, "set", "IT-SET"));
        }
        List<String> recorded = rows();
        assertThat(recorded).hasSize(2).anyMatch(row -> row.startsWith("RB-A 2025")).anyMatch(row -> row.startsWith("RB-B 2025"));

        jdbc.sql("DELETE FROM cs_assessment WHERE unit_code = 'RB-B'").update();
        jdbc.sql("UPDATE cs_assessment SET stage = 'VERIFIED' WHERE unit_code = 'RB-A'").update();
        List<String> damaged = rows();
        assertThat(registry.onStart(false)).as("neither asked nor empty").isEqualTo(-1);
        assertThat(rows()).isEqualTo(damaged);

        assertThat(registry.onStart(true)).isGreaterThanOrEqualTo(recorded.size());
        assertThat(rows()).isEqualTo(recorded);

        jdbc.sql("DELETE FROM cs_assessment").update();
        assertThat(registry.onStart(false)).as("found empty").isGreaterThanOrEqualTo(recorded.size());
        assertThat(rows()).isEqualTo(recorded);
    }
}
