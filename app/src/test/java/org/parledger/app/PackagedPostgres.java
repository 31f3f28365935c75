package org.parledger.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL server from the machine's own packages (Debian's postgresql-NN, under /usr/lib/postgresql), for what the
 * embedded test server cannot do: the machine's pg_dump and pg_restore refuse a server newer than themselves, and the
 * embedded one is. Run as the postgres user when the tests run as root (PostgreSQL refuses root); trust authentication
 * on localhost only. {@link #startIfInstalled} answers null where the packages are missing, for the test to be skipped.
 */
record PackagedPostgres(Path bin, Path dir, int port) implements AutoCloseable {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    static PackagedPostgres startIfInstalled() throws IOException, InterruptedException {
        Matcher version;
        try {
            version = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(run(List.of("pg_dump", "--version")));
        } catch (IOException noClient) {
            return null;
        }
        if (!version.find()) return null;
        Path bin = Path.of("/usr/lib/postgresql", version.group(1), "bin");
        if (!Files.isExecutable(bin.resolve("pg_ctl")) || !Files.isExecutable(bin.resolve("initdb"))) return null;
        Path dir = Files.createTempDirectory("par-ledger-packaged-postgres");
        if (ROOT) Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        run(asServer(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust",
                "--no-sync"));
        run(asServer(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=localhost -c fsync=off", "start"));
        return new PackagedPostgres(bin, dir, port);
    }

    private static List<String> asServer(String... command) {
        List<String> line = new ArrayList<>(ROOT ? List.of("runuser", "-u", "postgres", "--") : List.of());
        line.addAll(List.of(command));
        return line;
    }

    /** Runs a command to its end and answers its output; a failure fails the test with that output. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** A client program of the machine's (psql, createdb, pg_dump, pg_restore) against this server, as its superuser. */
    String client(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program, "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(asServer(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        ChildApplication.deleteDirectory(dir);
    }
}
