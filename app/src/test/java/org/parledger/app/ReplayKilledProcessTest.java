package org.parledger.app;

import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay whose process is killed half-way (SIGKILL, then its database killed too) resumes from
 * its checkpoints on the next start and ends with exactly the rows of a replay from the start. Runs the
 * application in child JVMs on one embedded database.
 */
class ReplayKilledProcessTest {
    private static final List<String> TABLES = List.of("rv_index_set", "rv_index_field", "rv_index_leaf",
            "rv_index_set_correction", "rv_assessment", "rv_leaf_score", "rv_field_score", "rv_unit", "rv_unit_name",
            "rv_unit_region", "rv_unit_lineage", "rv_audit_entry");

    @Test
    void aKilledReplayResumesAndEndsIdentical() throws Exception {
        Path data = Path.of("target/replay-killed-db").toAbsolutePath();
        ChildApplication.deleteDirectory(data);
        String db = "--parledger.embedded.data-dir=" + data;

        // A ledger: two years of the sample data, through commands.
        ChildApplication ledger = ChildApplication.start(ParLedgerApplication.class, db, "--parledger.sample-data.years=2024,2025");
        ledger.await(line -> line.contains("Sample data:") && line.contains("commands sent"));
        ledger.stop();

        // A replay, killed at the audit trail's fifth checkpoint, while writing it; its database goes down too.
        ChildApplication killed = ChildApplication.start(PausingReplayApplication.class, db, "--parledger.replay.run=all",
                "--parledger.replay.checkpoint-every=1000");
        killed.await(line -> line.contains(PausingReplayApplication.PAUSED));
        killed.kill();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);

        // The next start resumes it from the checkpoints that committed, and switches.
        ChildApplication resumed = ChildApplication.start(ParLedgerApplication.class, db);
        String resumedFrom = resumed.await(line -> line.contains("Replay of audit-trail resumes from position"));
        resumed.await(line -> line.contains("COMPLETED"));
        resumed.stop();
        // Checkpoints at 1000 to 4000 events had committed (and were made durable); the fifth was being written
        // when the process died.
        assertThat(resumedFrom).contains("(4000 events already replayed)");
        Map<String, List<String>> afterResume = rows(data);

        // A replay from the first event gives the same rows; run as a task, on a free loopback port whatever its
        // settings say (the application's 8080 here).
        ChildApplication full = ChildApplication.start(ParLedgerApplication.class, db, "--parledger.replay.run=all",
                "--server.port=8080");
        assertThat(full.exit()).isZero();
        Map<String, List<String>> afterFullReplay = rows(data);

        assertThat(afterResume.get("rv_audit_entry")).hasSizeGreaterThan(5000);
        assertThat(afterResume).isEqualTo(afterFullReplay);
    }

    private static Map<String, List<String>> rows(Path data) throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (EmbeddedLedgerDatabase postgres = EmbeddedLedgerDatabase.start(data, false, 0, true);
             Connection connection = postgres.connections(EmbeddedLedgerDatabase.SUPERUSER).getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                List<String> list = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) list.add(rs.getString(1));
                }
                rows.put(table, list);
            }
        }
        return rows;
    }

}
