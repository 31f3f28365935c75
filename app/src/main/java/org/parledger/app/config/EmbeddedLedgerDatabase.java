package org.parledger.app.config;

import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default's PostgreSQL, set up as a production database would be: durable (fsync and synchronous
 * commit on: a command is answered only once its event is on disk), password authentication only (random
 * passwords kept in the data directory, readable by its owner alone), and three roles: the superuser, which
 * only sets up the other two; the owner, which runs the migrations and owns the event store; and the
 * application's role, which may only read and append events (see the afterMigrate grants).
 */
public final class EmbeddedLedgerDatabase implements AutoCloseable {
    public static final String DATABASE = "postgres";
    public static final String SUPERUSER = "postgres";
    public static final String OWNER = "parledger_owner";
    public static final String APP = "parledger_app";
    static final String SECRETS = "par-ledger-roles.properties";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedLedgerDatabase.class);
    private static final String HBA = """
            # Written by PAR Ledger at every start: passwords (SCRAM) for every connection, no trust.
            local   all all                scram-sha-256
            host    all all 127.0.0.1/32   scram-sha-256
            host    all all ::1/128        scram-sha-256
            """;

    private volatile EmbeddedPostgres postgres;
    private final EmbeddedPostgres.Builder builder;
    private final Path dataDir;
    private final Properties secrets;
    private final FileChannel lock;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closing;
    private volatile boolean running = true;

    private EmbeddedLedgerDatabase(EmbeddedPostgres postgres, EmbeddedPostgres.Builder builder, Path dataDir, Properties secrets,
                                   FileChannel lock) {
        this.postgres = postgres;
        this.builder = builder;
        this.dataDir = dataDir;
        this.secrets = secrets;
        this.lock = lock;
    }

    /**
     * Starts the database in the directory (initialising it when empty) and makes sure its roles are in place.
     *
     * @param durable fsync and synchronous commit on; off only for throwaway databases that trade safety for speed
     */
    public static EmbeddedLedgerDatabase start(Path dataDir, boolean clean, int port, boolean durable) throws IOException {
        FileChannel lock = claim(dataDir);
        try {
            return start(dataDir, clean, port, durable, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * One application per data directory, held for its lifetime by a lock on a file beside it (the operating system
     * lets go of it when the process dies, however it dies). A second one is refused with a clear message.
     */
    private static FileChannel claim(Path dataDir) throws IOException {
        Path file = dataDir.toAbsolutePath().normalize().resolveSibling(dataDir.getFileName() + ".lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) throw new IllegalStateException(refusal(dataDir));
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IllegalStateException(refusal(dataDir), e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private static String refusal(Path dataDir) {
        return "another PAR Ledger uses the embedded database in " + dataDir.toAbsolutePath().normalize()
                + " (it holds " + dataDir.getFileName() + ".lock); stop it first, or give this one its own "
                + "parledger.embedded.data-dir";
    }

    /**
     * A server still running on the directory although no application holds its lock was left by one that was
     * killed (SIGKILL, a crash): it is stopped (a smart shutdown: its clients are gone) so that this start can take
     * the directory, instead of failing to start beside it.
     */
    private static void stopLeftOverServer(Path dataDir) throws IOException {
        Optional<ProcessHandle> server = postmaster(dataDir);
        // A pid file naming a process gone, or another program since, is PostgreSQL's to deal with.
        if (server.isEmpty() || !server.get().info().command().orElse("").endsWith("postgres")) return;
        log.warn("A PostgreSQL server (pid {}) left by an application that was killed still runs on {}: stopping it",
                server.get().pid(), dataDir.toAbsolutePath().normalize());
        server.get().destroy();
        try {
            server.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the PostgreSQL server left running on " + dataDir + " (pid " + server.get().pid()
                    + ") did not stop within 60 s; stop it by hand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedLedgerDatabase start(Path dataDir, boolean clean, int port, boolean durable, FileChannel lock)
            throws IOException {
        if (Files.exists(dataDir)) stopLeftOverServer(dataDir);
        if (clean && Files.exists(dataDir)) delete(dataDir);
        Files.createDirectories(dataDir);
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "par-ledger-pg");
        Path secretsFile = dataDir.resolve(SECRETS);
        Properties secrets = Files.exists(secretsFile) ? readSecrets(secretsFile) : newSecrets();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                // Stopped by the application, after the requests in flight are answered (graceful shutdown), not by the
                // library's own JVM shutdown hook, which ran beside Spring's and took the database from under them.
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectoryCustomizer(directory -> secure(directory, binaries, secrets))
                // The library's own check that the server is up connects as the superuser.
                .setConnectConfig("password", secrets.getProperty(SUPERUSER))
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                // Room for bulk writes (replays): fewer forced checkpoints, larger buffers than the 128 MB default.
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("wal_buffers", "32MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min");
        if (port > 0) builder.setPort(port);
        EmbeddedPostgres postgres = builder.start();
        // A restart after a crash comes back on the same port, where the connection pool looks for it.
        builder.setPort(postgres.getPort()).setCleanDataDirectory(false);
        EmbeddedLedgerDatabase database = new EmbeddedLedgerDatabase(postgres, builder, dataDir, secrets, lock);
        database.ensureRoles();
        log.info("Embedded PostgreSQL on port {} with its data in {} ({}; password authentication; roles {} and {})",
                postgres.getPort(), dataDir.toAbsolutePath().normalize(), durable ? "durable" : "NOT durable", OWNER, APP);
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    public String password(String role) {
        return secrets.getProperty(role);
    }

    /** A pooled connection to the database as one of its roles. */
    public HikariDataSource pool(String role, int size, String name) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(jdbcUrl());
        pool.setUsername(role);
        pool.setPassword(password(role));
        pool.setMaximumPoolSize(size);
        pool.setPoolName(name);
        // Batched inserts go to the server as multi-row statements: projections write rows in batches.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        return pool;
    }

    /** A plain connection source as one of the roles (the superuser for maintenance and for tests that tamper). */
    public DataSource connections(String role) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[]{"localhost"});
        source.setPortNumbers(new int[]{postgres.getPort()});
        source.setDatabaseName(DATABASE);
        source.setUser(role);
        source.setPassword(password(role));
        return source;
    }

    @Override
    public void close() throws IOException {
        closing = true;
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }

    /** Whether the server answers for this data directory now (false while it is down or being restarted). */
    public boolean running() {
        return running && !closing;
    }

    /** How many times the server was restarted after it died under this application. */
    public int restarts() {
        return restarts.get();
    }

    /**
     * Watches the server: should it die while the application runs (killed, crashed, out of memory), it is started
     * again on the same directory and port, where the connection pool finds it, and PostgreSQL's own recovery replays
     * its write-ahead log, so nothing committed is lost. Meanwhile requests are answered UNAVAILABLE. If it cannot be
     * started again within {@code attempts} tries, {@code giveUp} is called (the application exits non-zero, so that
     * a supervisor can restart the whole).
     */
    public void watch(int attempts, Duration pause, Runnable giveUp) {
        Thread watcher = new Thread(() -> {
            while (!closing) {
                ProcessHandle server = server().orElse(null);
                if (server == null) {
                    running = false;
                } else {
                    running = true;
                    server.onExit().join();
                    running = false;
                }
                if (closing) return;
                log.error("The embedded PostgreSQL server on {} died; starting it again", dataDir.toAbsolutePath().normalize());
                if (!restart(attempts, pause)) {
                    log.error("The embedded PostgreSQL server could not be started again: exiting");
                    giveUp.run();
                    return;
                }
            }
        }, "embedded-postgres-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private boolean restart(int attempts, Duration pause) {
        // Never an empty database in place of the ledger: the library would initialise a directory that is gone.
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            log.error("{} no longer holds the ledger's database (no PG_VERSION): not starting a server on it",
                    dataDir.toAbsolutePath().normalize());
            return false;
        }
        for (int attempt = 1; attempt <= attempts && !closing; attempt++) {
            try {
                EmbeddedPostgres dead = postgres;
                try {
                    dead.close();
                } catch (IOException | RuntimeException ignored) {
                    // the server is already gone; close only lets go of what the library kept for it
                }
                postgres = builder.start();
                restarts.incrementAndGet();
                log.warn("The embedded PostgreSQL server is running again on port {} (restart {})", postgres.getPort(), restarts.get());
                return true;
            } catch (IOException | RuntimeException e) {
                log.error("Starting the embedded PostgreSQL server again failed (try {} of {}): {}", attempt, attempts, e.toString());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** The running server's postmaster, from its pid file. */
    private Optional<ProcessHandle> server() {
        try {
            return postmaster(dataDir).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process the data directory's pid file names, if there is such a file and such a process. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    }

    /** The owner and application roles, with the passwords kept in the data directory; kept in step at every start. */
    private void ensureRoles() {
        try (Connection connection = connections(SUPERUSER).getConnection(); Statement sql = connection.createStatement()) {
            for (String role : List.of(OWNER, APP)) {
                String password = password(role).replace("'", "''");
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$");
                sql.execute("ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
            }
            sql.execute("GRANT " + APP + " TO " + OWNER);
            sql.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + OWNER + ", " + APP);
            sql.execute("GRANT CREATE ON DATABASE " + DATABASE + " TO " + APP);
            // A ledger from before the roles existed: what the superuser created is handed to the owner.
            sql.execute("""
                    DO $$ DECLARE item RECORD; BEGIN
                      FOR item IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                                    AND pg_get_userbyid(c.relowner) = 'postgres' LOOP
                        EXECUTE format('ALTER TABLE public.%I OWNER TO parledger_owner', item.relname);
                      END LOOP;
                      FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                  WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = 'postgres' LOOP
                        EXECUTE format('ALTER FUNCTION %s OWNER TO parledger_owner', item.signature);
                      END LOOP;
                      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'read_model_next') THEN
                        EXECUTE 'ALTER SCHEMA read_model_next OWNER TO parledger_app';
                      END IF;
                    END $$""");
        } catch (SQLException e) {
            throw new IllegalStateException("setting up the embedded database's roles failed", e);
        }
    }

    /**
     * Before every start: password authentication only, and on the first start (or for a data directory made
     * before roles and passwords), random passwords kept owner-only in the data directory, the superuser's set in
     * single-user mode so that the server never runs without one.
     */
    private static void secure(File directory, Path binaries, Properties secrets) {
        try {
            File secretsFile = new File(directory, SECRETS);
            if (!secretsFile.exists()) {
                setSuperuserPassword(directory, binaries, secrets.getProperty(SUPERUSER));
                Path file = secretsFile.toPath();
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file)) {
                    secrets.store(out, "Passwords of the embedded database's roles, made on its first start. Keep private.");
                }
            }
            Files.writeString(new File(directory, "pg_hba.conf").toPath(), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("securing the embedded database failed", e);
        }
    }

    private static void setSuperuserPassword(File directory, Path binaries, String password) throws IOException {
        Path postgres = postgresBinary(binaries);
        List<String> command = new java.util.ArrayList<>();
        // As the embedded library starts the server: in a user namespace of its own where it can (PostgreSQL refuses root).
        if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
        command.addAll(List.of(postgres.toString(), "--single", "-D", directory.getAbsolutePath(), "-F",
                "-c", "password_encryption=scram-sha-256", DATABASE));
        Process single = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = single.getOutputStream()) {
            in.write(("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "';\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(single.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!single.waitFor(60, TimeUnit.SECONDS) || single.exitValue() != 0 || output.contains("ERROR")) {
                throw new IllegalStateException("setting the embedded database's superuser password failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server binary the embedded library unpacked (the newest, should several versions have been). */
    private static Path postgresBinary(Path binaries) throws IOException {
        try (var candidates = Files.list(binaries)) {
            return candidates.map(dir -> dir.resolve("bin").resolve("postgres")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL binary under " + binaries));
        }
    }

    private static Properties readSecrets(Path file) throws IOException {
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(file)) {
            secrets.load(in);
        }
        return secrets;
    }

    private static Properties newSecrets() {
        Properties secrets = new Properties();
        for (String role : List.of(SUPERUSER, OWNER, APP)) secrets.setProperty(role, randomPassword());
        return secrets;
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return password.toString();
    }

    private static void delete(Path dir) throws IOException {
        // Left behind by a process that was killed: "clean" means starting from an empty directory.
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
