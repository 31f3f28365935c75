package org.parledger.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The application in a JVM of its own, its output read line by line: for tests that kill it. */
record ChildApplication(Process process, BlockingQueue<String> lines, java.util.Deque<String> seen) {
    static ChildApplication start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName(), "--server.port=0",
                "--logging.level.org.parledger=INFO"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // A test that fails before stopping its child must not leave it running (and its database) after the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (process.isAlive()) process.destroy();
        }));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // Also kept whole in target/child-logs, for reading after a failure.
        Path log = Path.of("target", "child-logs", main.getSimpleName() + "-" + process.pid() + ".log");
        java.nio.file.Files.createDirectories(log.getParent());
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 java.io.Writer file = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                    file.write(line);
                    file.write('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add(END_OF_OUTPUT);
        });
        reader.setDaemon(true);
        reader.start();
        return new ChildApplication(process, lines, new java.util.ArrayDeque<>());
    }

    /** Put after the last line of the output, once the process has closed it. */
    private static final String END_OF_OUTPUT = "\u0000end of output";

    /** The output not yet awaited, to its end: the process must be stopping or stopped. */
    List<String> remainingOutput() throws InterruptedException {
        List<String> remaining = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (END_OF_OUTPUT.equals(line)) return remaining;
            if (line != null) remaining.add(line);
        }
        throw new AssertionError("the output did not end within a minute");
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

    /** The HTTP port, from the line the application prints once it is up. */
    int awaitUp() throws InterruptedException {
        String up = await(line -> line.contains("PAR Ledger is up"));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("localhost:(\\d+)/graphiql").matcher(up);
        assertThat(port.find()).as(up).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** Kills the embedded database's server of a data directory, as a crash of the machine would. */
    static void killPostmaster(Path dataDir) throws IOException, InterruptedException {
        ProcessHandle postmaster = postmaster(dataDir);
        postmaster.destroyForcibly();
        assertThat(postmaster.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join().isAlive()).isFalse();
    }

    /** The embedded database's server of a data directory, as its pid file names it. */
    static ProcessHandle postmaster(Path dataDir) throws IOException {
        long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no postmaster " + pid));
    }

    static void deleteDirectory(Path path) throws IOException {
        if (!java.nio.file.Files.exists(path)) return;
        try (var paths = java.nio.file.Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }

    /** Children still running when a test ends (it failed before stopping them) are stopped with it. */
    static final class Tracker implements org.junit.jupiter.api.extension.AfterEachCallback {
        private final List<ChildApplication> children = new java.util.concurrent.CopyOnWriteArrayList<>();

        ChildApplication started(ChildApplication child) {
            children.add(child);
            return child;
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) throws InterruptedException {
            for (ChildApplication child : children) {
                if (child.process().isAlive()) {
                    child.process().destroy();
                    if (!child.process().waitFor(60, TimeUnit.SECONDS)) child.process().destroyForcibly();
                }
            }
            children.clear();
        }
    }
}
