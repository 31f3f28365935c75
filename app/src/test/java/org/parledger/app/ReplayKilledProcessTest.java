package org.parledger.app;

import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
        delete(data);
        String db = "--parledger.embedded.data-dir=" + data;

        // A ledger: two years of the sample data, through commands.
        Child ledger = Child.start(ParLedgerApplication.class, db, "--parledger.sample-data.years=2024,2025");
        ledger.await(line -> line.contains("Sample data:") && line.contains("commands sent"));
        ledger.stop();

        // A replay, killed at the audit trail's fifth checkpoint, while writing it; its database goes down too.
        Child killed = Child.start(PausingReplayApplication.class, db, "--parledger.replay.run=all",
                "--parledger.replay.checkpoint-every=1000");
        killed.await(line -> line.contains(PausingReplayApplication.PAUSED));
        killed.kill();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);

        // The next start resumes it from the checkpoints that committed, and switches.
        Child resumed = Child.start(ParLedgerApplication.class, db);
        String resumedFrom = resumed.await(line -> line.contains("Replay of audit-trail resumes from position"));
        resumed.await(line -> line.contains("COMPLETED"));
        resumed.stop();
        // Checkpoints at 1000 to 4000 events had committed (and were made durable); the fifth was being written
        // when the process died.
        assertThat(resumedFrom).contains("(4000 events already replayed)");
        Map<String, List<String>> afterResume = rows(data);

        // A replay from the first event gives the same rows.
        Child full = Child.start(ParLedgerApplication.class, db, "--parledger.replay.run=all");
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

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The application in a JVM of its own, its output read line by line. */
    private record Child(Process process, BlockingQueue<String> lines, java.util.Deque<String> seen) {
        static Child start(Class<?> main, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName(), "--server.port=0",
                    "--logging.level.org.parledger=INFO"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = output.readLine(); line != null; line = output.readLine()) lines.add(line);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Child(process, lines, new java.util.ArrayDeque<>());
        }

        /** The first line of output that matches, waiting at most three minutes. */
        String await(Predicate<String> match) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    seen.addLast(line);
                    if (seen.size() > 40) seen.removeFirst();
                    if (match.test(line)) return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) break;
            }
            process.destroyForcibly();
            throw new AssertionError("the application never printed the line awaited; its last lines:\n"
                    + String.join("\n", seen));
        }

        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        int exit() throws InterruptedException {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            return process.exitValue();
        }
    }
}
