package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.integrity.VerifyOnStart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * The README's {@code java -jar par-ledger.jar --parledger.verify=ledger}, run as a process of its own on the embedded
 * default's data directory: 0 and INTACT on a ledger as recorded; 2 with one line saying why when it cannot check (here:
 * the application still runs on the directory), which before was exit 1, the answer for an altered ledger; 1 and NOT
 * INTACT once an event was altered behind the application's back.
 */
class VerifyFromTheCommandLineTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final ChildApplication.Tracker children = new ChildApplication.Tracker();

    private static final Path DATA = Path.of("target/verify-cli-db").toAbsolutePath();
    private static final String[] SETTINGS = {"--parledger.embedded.data-dir=" + DATA, "--parledger.sample-data.enabled=false",
            "--parledger.security.demo-accounts.enabled=false", "--parledger.security.accounts[0].username=ops",
            "--parledger.security.accounts[0].password=" + ExternalLedgerDatabase.HASH,
            "--parledger.security.accounts[0].grants=ADMIN,INSPECTOR"};

    private ChildApplication application() throws Exception {
        return children.started(ChildApplication.start(ParLedgerApplication.class, SETTINGS));
    }

    /** The exit status of a check, and what it printed. */
    private record Check(int exit, List<String> output) {
    }

    private Check verify() throws Exception {
        // With the application's own port among its settings, as when run with the same environment.
        String[] args = java.util.Arrays.copyOf(SETTINGS, SETTINGS.length + 2);
        args[SETTINGS.length] = "--parledger.verify=ledger";
        args[SETTINGS.length + 1] = "--server.port=8080";
        ChildApplication check = children.started(ChildApplication.start(ParLedgerApplication.class, args));
        List<String> output = check.remainingOutput();
        return new Check(check.exit(), output);
    }

    @Test
    void intactIsZeroAlteredIsOneAndACheckThatCannotBeMadeIsTwo() throws Exception {
        ChildApplication.deleteDirectory(DATA);
        ChildApplication app = application();
        GraphQlClient ops = new GraphQlClient(app.awaitUp()).withAuthorization(GraphQlClient.basic("ops", ExternalLedgerDatabase.PASSWORD));
        ops.data(REGISTER_UNIT, Map.of("code", "VC-A", "name", "Tỉnh Kiểm Tra"));
        ops.data(REGISTER_UNIT, Map.of("code", "VC-B", "name", "Tỉnh Đối Chiếu"));
        ops.data("mutation { signCheckpoint { number } }", Map.of());

        Check whileRunning = verify();
        assertThat(whileRunning.exit()).as(whileRunning.output().toString()).isEqualTo(VerifyOnStart.COULD_NOT_VERIFY);
        assertThat(whileRunning.output()).anyMatch(line -> line.startsWith("COULD NOT VERIFY: ")
                && line.contains("another PAR Ledger uses the embedded database"));
        app.stop();

        Check intact = verify();
        assertThat(intact.exit()).as(intact.output().toString()).isZero();
        assertThat(intact.output()).anyMatch(line -> line.startsWith("INTACT: ") && line.contains("1 of 1 checkpoints hold"));
        // A check, not a node: served on the loopback address only, on a port of its own, and signed nothing.
        assertThat(intact.output()).anyMatch(line -> line.contains("Tomcat started on port") && !line.contains("port 8080"));

        app = application();
        app.awaitUp();
        alterTheFirstUnitsLevel();
        app.stop();

        Check altered = verify();
        assertThat(altered.exit()).as(altered.output().toString()).isOne();
        assertThat(altered.output()).anyMatch(line -> line.startsWith("NOT INTACT: "));
        assertThat(altered.output()).anyMatch(line -> line.startsWith("FAIL  "));
    }

    /** As someone with the database's superuser password would, its triggers off. */
    private static void alterTheFirstUnitsLevel() throws Exception {
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(DATA.resolve("par-ledger-roles.properties"))) {
            secrets.load(in);
        }
        String port = Files.readAllLines(DATA.resolve("postmaster.pid")).get(3).trim();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/"
                + EmbeddedLedgerDatabase.DATABASE, EmbeddedLedgerDatabase.SUPERUSER, secrets.getProperty(EmbeddedLedgerDatabase.SUPERUSER));
             Statement sql = connection.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            int altered = sql.executeUpdate("""
                    UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'PROVINCE', 'DISTRICT'), 'UTF8')
                    WHERE aggregateidentifier LIKE '%VC-A' AND sequencenumber = 0""");
            assertThat(altered).isOne();
        }
    }
}
