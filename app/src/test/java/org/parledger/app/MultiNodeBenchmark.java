package org.parledger.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.parledger.ParLedgerApplication;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parledger.app.TestDocuments.*;

/**
 * Throughput of one, two and three nodes on one PostgreSQL (a fresh one each time): 32 clients spread over the nodes,
 * each recording self-scores on an assessment of its own for a fixed time, then reading a ranking as fast as they
 * can. Not part of the build's tests:
 * {@code ./mvnw -q -DskipTests install && ./mvnw -pl app surefire:test@default-test -Dtest=MultiNodeBenchmark -Dparledger.benchmark.multi-node=true}
 * rewrites docs/benchmarks/multi-node.md and prints its headline last.
 */
class MultiNodeBenchmark {
    private static final int CLIENTS = 32;
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("parledger.benchmark.multi-node.seconds", 20));

    @Test
    void throughputWithOneTwoAndThreeNodes() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("parledger.benchmark.multi-node"), "a benchmark, run on demand");
        StringBuilder table = new StringBuilder();
        List<String> headline = new ArrayList<>();
        for (int nodes = 1; nodes <= 3; nodes++) {
            double[] rates = run(nodes);
            table.append("| ").append(nodes).append(" | ").append(Math.round(rates[0])).append(" | ").append(Math.round(rates[1]))
                    .append(" |\n");
            headline.add(nodes + " node" + (nodes == 1 ? "" : "s") + ": " + Math.round(rates[0]) + " writes/s, "
                    + Math.round(rates[1]) + " ranking reads/s");
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java "
                + System.getProperty("java.version");
        Files.writeString(Path.of("../docs/benchmarks/multi-node.md"), """
                # Several nodes on one PostgreSQL

                `./mvnw -q -DskipTests install && ./mvnw -pl app surefire:test@default-test -Dtest=MultiNodeBenchmark -Dparledger.benchmark.multi-node=true`
                (%s, %s). Every node, its PostgreSQL (one server, durable commits) and the %d clients run on this one machine;
                each phase starts from an empty database. Writes: `recordSelfScore` over HTTP, each client on its own
                assessment, so no two clients race for a stream; %d s. Reads: the 2025 province ranking, %d s.

                | nodes | writes/s | ranking reads/s |
                | --- | --- | --- |
                %s
                What the numbers mean is in [docs/scaling.md](../scaling.md).
                """.formatted(LocalDate.now(), machine, CLIENTS, PHASE.toSeconds(), PHASE.toSeconds(), table));
        System.out.println("multi-node benchmark: " + String.join("; ", headline));
    }

    private static double[] run(int count) throws Exception {
        try (ExternalLedgerDatabase database = ExternalLedgerDatabase.start(Path.of("target/multi-node-bench").toAbsolutePath())) {
            StringBuilder grants = new StringBuilder();
            for (int c = 0; c < CLIENTS; c++) grants.append(c == 0 ? "" : ",").append("ASSESSOR:MB-").append(c);
            String[] args = database.args("--parledger.security.rate-limit.mutations=0", "--parledger.graphql.expensive-reads=0",
                    "--parledger.security.accounts[1].username=assessor", "--parledger.security.accounts[1].password="
                            + ExternalLedgerDatabase.HASH, "--parledger.security.accounts[1].grants=" + grants);
            List<ChildApplication> nodes = new ArrayList<>();
            for (int n = 0; n < count; n++) nodes.add(ChildApplication.start(ParLedgerApplication.class, args));
            List<Integer> ports = new ArrayList<>();
            for (ChildApplication node : nodes) ports.add(node.awaitUp());
            try {
                GraphQlClient ops = new GraphQlClient(ports.get(0)).withAuthorization(GraphQlClient.basic("ops", ExternalLedgerDatabase.PASSWORD));
                ops.data(DEFINE_INDEX_SET, Map.of("document", INDEX_SET));
                for (int c = 0; c < CLIENTS; c++) {
                    ops.data(REGISTER_UNIT, Map.of("code", "MB-" + c, "name", "Tỉnh MB-" + c));
                    ops.data(OPEN, Map.of("unit", "MB-" + c, "year", 2025));
                }
                double writes = phase(CLIENTS, c -> {
                    GraphQlClient client = new GraphQlClient(ports.get(c % count))
                            .withAuthorization(GraphQlClient.basic("assessor", ExternalLedgerDatabase.PASSWORD));
                    String[] leaves = {"1.1", "1.2.1", "1.2.2"};
                    int[] n = {0};
                    return () -> {
                        JsonNode answer = client.execute(SELF_SCORE, Map.of("unit", "MB-" + c, "year", 2025,
                                "criterion", leaves[n[0] % 3], "points", String.valueOf(n[0]++ % 3 + 1)));
                        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
                    };
                });
                double reads = phase(CLIENTS, c -> {
                    GraphQlClient client = new GraphQlClient(ports.get(c % count))
                            .withAuthorization(GraphQlClient.basic("ops", ExternalLedgerDatabase.PASSWORD));
                    return () -> {
                        JsonNode answer = client.execute("{ rankings(year: 2025, level: PROVINCE, stage: SELF_ASSESSED) { entries { rank unitCode index } } }", Map.of());
                        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
                    };
                });
                return new double[]{writes, reads};
            } finally {
                for (ChildApplication node : nodes) node.stop();
            }
        }
    }

    /** Each client repeats its action until the phase ends; the rate is actions completed per second. */
    private static double phase(int clients, java.util.function.IntFunction<Runnable> client) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Runnable action = client.apply(c);
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    action.run();
                    done.incrementAndGet();
                }
            }));
        }
        Thread.sleep(PHASE.toMillis());
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        for (var future : running) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        return done.get() / seconds;
    }
}
