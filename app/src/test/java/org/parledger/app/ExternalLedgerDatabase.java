package org.parledger.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.parledger.ParLedgerApplication;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL server of its own, set up as an operator would for the application: database {@code ledger}, the two
 * roles made by docs/postgres-roles.sql through psql, and a signing key made by the application's own command. The
 * arguments an operator passes point the application at it.
 */
record ExternalLedgerDatabase(EmbeddedPostgres server, Path key) implements AutoCloseable {
    static final String OWNER_PASSWORD = "owner-pw-2025";
    static final String APP_PASSWORD = "app-pw-2025";
    static final String HASH = "{bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva";
    static final String PASSWORD = "mật-khẩu-đúng-2025";

    static ExternalLedgerDatabase start(Path dir) throws IOException, InterruptedException {
        ChildApplication.deleteDirectory(dir);
        Files.createDirectories(dir);
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data"))
                // Emptied above; kept when the server stops, so that a test can start it again on the same files.
                .setCleanDataDirectory(false).start();
        JdbcClient.create(server.getPostgresDatabase()).sql("CREATE DATABASE ledger").update();
        roles(server.getPort(), "ledger");
        return new ExternalLedgerDatabase(server, signingKey(dir));
    }

    /** docs/postgres-roles.sql on a database of the server on localhost, through psql as its superuser; answers psql's output. */
    static String roles(int port, String database, String... variables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres",
                "-d", database, "-v", "ON_ERROR_STOP=1", "-v", "owner_password='" + OWNER_PASSWORD + "'",
                "-v", "app_password='" + APP_PASSWORD + "'"));
        for (String variable : variables) command.addAll(List.of("-v", variable));
        command.addAll(List.of("-f", Path.of("../docs/postgres-roles.sql").toAbsolutePath().toString()));
        return PackagedPostgres.run(command);
    }

    /** A signing key made by the application's own command, in the directory. */
    static Path signingKey(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve("signing-key.pem");
        Process keygen = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ParLedgerApplication.class.getName(), "new-signing-key")
                .redirectOutput(key.toFile()).start();
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return key;
    }

    String url() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/ledger";
    }

    /** The command line of a node: the URL, both roles, the key, and accounts {@code ops} (ADMIN, INSPECTOR) and more. */
    String[] args(String... more) {
        return args(url(), key, more);
    }

    /** The same for a database elsewhere, made the same way. */
    static String[] args(String url, Path key, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=parledger_app",
                "--spring.datasource.password=" + APP_PASSWORD, "--spring.flyway.user=parledger_owner",
                "--spring.flyway.password=" + OWNER_PASSWORD, "--parledger.integrity.signing-key-file=" + key,
                "--parledger.security.accounts[0].username=ops", "--parledger.security.accounts[0].password=" + HASH,
                "--parledger.security.accounts[0].grants=ADMIN,INSPECTOR"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The ledger database as a role that may not change events. */
    JdbcClient as(String role, String password) {
        return JdbcClient.create(server.getDatabase(role, "ledger", Map.of("password", password)));
    }

    /** The ledger database as its superuser, for checks a test makes behind the application's back. */
    JdbcClient superuser() {
        return JdbcClient.create(server.getDatabase("postgres", "ledger"));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
