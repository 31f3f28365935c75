package org.parledger.app;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.app.integrity.Checkpoints;
import org.parledger.app.integrity.LedgerKey;
import org.parledger.app.integrity.LedgerRows;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node given a signing key of its own signs nothing: measured by hand (docs/measurements.md, twenty-second session),
 * such a node joined an installation, signed the next checkpoint and a snapshot with its key, and every other node's
 * verifyLedger answered "not signed by this installation's key" and "forged or altered" from then on. Refused at
 * start, against the latest checkpoint and against the key the first node recorded ({@code ExternalPostgresTest} starts
 * such nodes before and after the first checkpoint), and when it signs.
 */
@LedgerIntegrationTest
class AnotherSigningKeyTest {
    @LocalServerPort
    int port;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    LedgerRows rows;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    EventStore eventStore;
    @Autowired
    LedgerKey key;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aNodeWhoseKeyDidNotSignTheLatestCheckpointSignsNothing(@TempDir Path dir) {
        IndexSetFixture.defineOnce(GraphQlClient.admin(port));
        checkpoints.sign(Checkpoints.SIGNER);
        LedgerKey another = LedgerKey.fromFile(dir.resolve("another-key.pem"), true);
        Checkpoints elsewhere = new Checkpoints(rows, dataSource, transactions, eventStore, another);
        long events = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();

        assertThatThrownBy(() -> elsewhere.sign(Checkpoints.SIGNER)).isInstanceOf(Checkpoints.AnotherKey.class)
                .hasMessageContaining(another.keyId()).hasMessageContaining(key.keyId())
                .extracting(e -> ((LedgerException) e).code()).isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
        assertThatThrownBy(elsewhere::checkKey).isInstanceOf(Checkpoints.AnotherKey.class)
                .hasMessageContaining("that signed the ledger's checkpoint");
        // Axon Server's only check (no checkpoints there): the key the first node recorded.
        assertThatThrownBy(elsewhere::claimKey).isInstanceOf(Checkpoints.AnotherKey.class)
                .hasMessageContaining("that the ledger's first node recorded");
        checkpoints.checkKey();
        checkpoints.claimKey();
        assertThat(jdbc.sql("SELECT key_id FROM ledger_signing_key").query(String.class).single()).isEqualTo(key.keyId());
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single()).as("nothing signed").isEqualTo(events);
    }
}
