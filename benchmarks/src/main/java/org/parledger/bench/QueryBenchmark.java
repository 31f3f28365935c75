package org.parledger.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.app.sample.SampleDataLoader;
import org.parledger.query.support.ReadModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The query benchmark: loads the national data set (63 provinces merging into 34 in 2025, 19 ministries, ten
 * years, through commands), waits until the read model has caught up, then times the three target queries
 * over HTTP, one client, sequentially, and writes the results file. Runs with the profile bench-queries.
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.queries.enabled", havingValue = "true")
class QueryBenchmark {
    private static final Logger log = LoggerFactory.getLogger(QueryBenchmark.class);
    /** The three reads, by their name in the results; the growth runs of the write benchmark time the first and last too. */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("Full ranking with field ranks (63 provinces, 2024)", """
                { rankings(year: 2024, level: PROVINCE) { entries { rank unitCode unitName index points classification
                  change { rankChange indexChange differentIndexSet } fields { code index rank } } } }""");
        QUERIES.put("A unit's journey (Quảng Ninh, 2024)", """
                { journey(unit: "22", year: 2024) { steps { stage points pointsChange
                  changes { kind criterion from to actor { userId } reason at } } } }""");
        QUERIES.put("Audit trail page of 100 entries (Quảng Ninh, 2024)", """
                { auditTrail(unit: "22", year: 2024, first: 100) { edges { cursor node { eventId stream sequence
                  recordedAt kind criterion oldValue newValue reason evidence actor { userId role } } }
                  pageInfo { hasNextPage endCursor } } }""");
    }

    private final CommandGateway commands;
    private final JdbcClient jdbc;
    /** For VACUUM and CHECKPOINT, which are the database owner's. */
    private final EmbeddedLedgerDatabase database;
    private final ReadModelVersion version;
    private final List<Integer> years;
    private final int warmup;
    private final int iterations;
    private final int steadyWarmup;
    private final int steadyIterations;
    private final Path results;

    /** How long each load phase lasts (warm-up, saturated, fixed rate), per query. */
    private final Duration load;

    QueryBenchmark(CommandGateway commands, JdbcClient jdbc, ReadModelVersion version, EmbeddedLedgerDatabase database,
                   BenchmarkProperties properties) {
        BenchmarkProperties.Queries settings = properties.queries();
        this.load = settings.load();
        this.commands = commands;
        this.jdbc = jdbc;
        this.database = database;
        this.version = version;
        this.years = settings.years();
        this.warmup = settings.warmup();
        this.iterations = settings.iterations();
        this.steadyWarmup = settings.steadyWarmup();
        this.steadyIterations = settings.steadyIterations();
        this.results = settings.results();
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        long started = System.nanoTime();
        long sent = new SampleDataLoader(commands::sendAndWait, years, 4, true).load();
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        long events = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
        while (jdbc.sql("SELECT count(*) FROM rv_audit_entry").query(Long.class).single() < events) {
            Thread.sleep(200); // waiting for the read model to catch up: a benchmark, not a test
        }
        double caughtUp = (System.nanoTime() - started) / 1e9;
        log.info("National data set: {} commands, {} events; loaded in {} s, projected in {} s", sent, events,
                fmt(loadSeconds), fmt(caughtUp));
        int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        String justLoaded = measure(http, port, warmup, iterations);
        // A server in service: the database at rest after the load (vacuumed, statistics gathered, checkpointed)
        // and the JIT compiler done with the request paths.
        JdbcClient maintenance = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        maintenance.sql("VACUUM (ANALYZE)").update();
        maintenance.sql("CHECKPOINT").update();
        String steady = measure(http, port, steadyWarmup, steadyIterations)
                + measureRecomputed(http, port, steadyWarmup / 4, steadyIterations);
        StringBuilder concurrent = new StringBuilder();
        String headline = null;
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            HttpRequest request = request(port, query.getValue());
            HttpLoad.closedLoop(load, (client, n) -> request); // the JIT compiler's warm-up under this load
            HttpLoad.Load saturated = HttpLoad.closedLoop(load, (client, n) -> request);
            HttpLoad.Load paced = HttpLoad.fixedRate(FIXED_RATE, load, (client, n) -> request);
            String row = "| %s | %s | %s ms | %s ms | %s ms | %s ms |".formatted(query.getKey(), fmt(saturated.perSecond()),
                    fmt(saturated.percentile(50)), fmt(saturated.percentile(99)),
                    fmt(paced.percentile(50)), fmt(paced.percentile(99)));
            log.info(row);
            concurrent.append(row).append('\n');
            if (headline == null) {
                headline = "reads: full ranking %s requests/s from %d connections; at %d/s p50 %s ms, p99 %s ms".formatted(
                        fmt(saturated.perSecond()), CONNECTIONS, FIXED_RATE, fmt(paced.percentile(50)),
                        fmt(paced.percentile(99)));
            }
        }
        // The same loads from wrk, a process of its own: the server's figures without a Java client beside it.
        StringBuilder external = new StringBuilder();
        Optional<Wrk> wrk = Wrk.find();
        if (wrk.isPresent()) {
            String inProcess = headline.substring(headline.indexOf(':') + 2);
            headline = null;
            String url = "http://127.0.0.1:" + port + "/graphql";
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", authorization("bench-reader"));
            for (Map.Entry<String, String> query : QUERIES.entrySet()) {
                String body = "{\"query\":" + HttpLoad.json(query.getValue()) + "}";
                wrk.get().post(url, headers, body, CONNECTIONS, load, 0); // the JIT compiler's warm-up under this load
                Wrk.Result saturated = wrk.get().post(url, headers, body, CONNECTIONS, load, 0);
                Wrk.Result paced = wrk.get().post(url, headers, body, CONNECTIONS, load, FIXED_RATE);
                String row = "| %s | %s | %s ms | %s ms | %s | %s ms | %s ms |".formatted(query.getKey(), fmt(saturated.perSecond()),
                        fmt(saturated.p50()), fmt(saturated.p99()), fmt(paced.perSecond()), fmt(paced.p50()), fmt(paced.p99()));
                log.info(row);
                external.append(row).append('\n');
                if (headline == null) {
                    headline = "reads: full ranking %s requests/s from %d connections (wrk); at %s/s p50 %s ms, p99 %s ms; in-process clients: %s"
                            .formatted(fmt(saturated.perSecond()), CONNECTIONS, fmt(paced.perSecond()), fmt(paced.p50()),
                                    fmt(paced.p99()), inProcess);
                }
            }
        } else {
            external.append("wrk is not installed here (Debian: apt-get install wrk): not measured.\n");
        }
        write(sent, events, loadSeconds, caughtUp, justLoaded, steady, concurrent.toString(), external.toString());
        System.out.println(headline);
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> 0));
    }

    /** Each query in turn: its warm-up requests, then its timed ones; one table row per query. */
    private String measure(HttpClient http, int port, int warm, int timed) throws IOException, InterruptedException {
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, String> query : QUERIES.entrySet()) {
            table.append(row(query.getKey(), time(http, port, query.getValue(), warm, timed, () -> { })));
        }
        return table.toString();
    }

    /**
     * The ranking when its figures have just changed, as during the scoring season: computed again for each
     * request instead of reused. A change to 2024's figures leaves 2023's ranked entries to be reused; a change
     * to every year (a unit renamed, an index set corrected) leaves nothing.
     */
    private String measureRecomputed(HttpClient http, int port, int warm, int timed)
            throws IOException, InterruptedException {
        String ranking = QUERIES.values().iterator().next();
        return row("Full ranking, recomputed: 2024's figures changed before each request",
                time(http, port, ranking, warm, timed, () -> version.yearsChangedOnCommit(List.of(2024))))
                + row("Full ranking, recomputed: every year's figures changed before each request",
                time(http, port, ranking, warm, timed, version::everyYearChangedOnCommit));
    }

    static String row(String name, double[] millis) {
        String line = "| %s | %s ms | %s ms | %s ms | %d |".formatted(name, fmt(HttpLoad.percentile(millis, 50)),
                fmt(HttpLoad.percentile(millis, 90)), fmt(HttpLoad.percentile(millis, 99)), millis.length);
        log.info(line);
        return line + "\n";
    }

    private static final int CONNECTIONS = HttpLoad.CLIENTS;
    private static final int FIXED_RATE = 1000;

    private static HttpRequest request(int port, String query) {
        // Working rankings are for signed-in readers: the profile's built-in inspector account.
        return request(port, query, "bench-reader");
    }

    /** A read as the profile's built-in account (its password is no secret: a throwaway database on loopback). */
    static HttpRequest request(int port, String query, String user) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization(user))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":" + HttpLoad.json(query) + "}")).build();
    }

    /** HTTP Basic for a benchmark profile's built-in account (each shares the throwaway password). */
    static String authorization(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":bench-reader-password").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private double[] time(HttpClient http, int port, String query, int warm, int timed, Runnable beforeEach)
            throws IOException, InterruptedException {
        return time(http, request(port, query), warm, timed, beforeEach);
    }

    /** Sequential: {@code warm} requests untimed, then {@code timed} each timed; every answer checked. */
    static double[] time(HttpClient http, HttpRequest request, int warm, int timed, Runnable beforeEach)
            throws IOException, InterruptedException {
        for (int i = 0; i < warm; i++) {
            beforeEach.run();
            HttpLoad.check(http.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        double[] millis = new double[timed];
        for (int i = 0; i < timed; i++) {
            beforeEach.run();
            long t = System.nanoTime();
            HttpLoad.check(http.send(request, HttpResponse.BodyHandlers.ofString()));
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        return millis;
    }

    private void write(long sent, long events, double load, double caughtUp, String justLoaded, String steady,
                       String concurrent, String external) throws IOException {
        String text = """
                # Query benchmark

                Command: `./mvnw -q -DskipTests package && java -jar benchmarks/target/par-ledger-benchmarks.jar --spring.profiles.active=bench-queries`
                (run from the repository root; it rewrites this file).

                Run at %s on %d cores, Java %s, embedded PostgreSQL. Data set: 63 provinces (34 after the 2025
                mergers) and 19 ministries, years %s, every assessment scored through commands (self-assessment,
                appraisal, survey), every year but the last verified and published: %d commands, %d events, loaded
                in %s s, read model caught up after %s s.

                Requests over HTTP from one client in the same process, sequential; time from sending the request to
                the full response. The client shares the two cores with the server and PostgreSQL.

                ## In service (the targets)

                The database vacuumed, analysed and checkpointed after the load; each query: %d warm-up requests
                (the JIT compiler done with its path), then %d timed requests. A ranking is computed once and
                reused until the figures of its year or the year before change (and for at most a second), and the
                whole answer to each of the three requests is kept until the read model changes (at most a second,
                renewed by one request ahead of that); the last two rows force the ranking to be computed again for
                every request, as while scores are being recorded.

                | Query | Median | p90 | p99 | n |
                | --- | --- | --- | --- | --- |
                %s
                ## Under load

                %d clients in the same process (Java's HttpClient, one connection each), sharing the two cores with
                the server and PostgreSQL; after %d s of the same load as warm-up. Saturated: each client sends its
                next request when the last is answered, for %d s. At %d/s: the clients together send %d requests a
                second at fixed times for %d s, each timed from when it was due (a server falling behind shows).

                | Query | Saturated: requests/s | p50 | p99 | At %d/s: p50 | p99 |
                | --- | --- | --- | --- | --- | --- |
                %s
                ## Under load from wrk

                The same loads from wrk, a process of its own (C, a thread per core, %d connections), after %d s of
                the same load as warm-up: the server's figures without Java clients in its JVM, which cost about as
                much CPU per request as the server does. Saturated for %d s; then each connection waits %d ms before
                its next request (wrk's delay()), about %d/s in all, for %d s; wrk times a request from when it is
                sent, so a server falling behind shows less than in the table above.

                | Query | Saturated: requests/s | p50 | p99 | Paced: requests/s | p50 | p99 |
                | --- | --- | --- | --- | --- | --- | --- |
                %s
                ## Straight after the load

                Measured first: each query %d warm-up requests, then %d timed requests, while PostgreSQL still tidies
                up after 120k inserts and the JIT compiler is still at work.

                | Query | Median | p90 | p99 | n |
                | --- | --- | --- | --- | --- |
                %s""".formatted(Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), years.get(0) + "-" + years.get(years.size() - 1), sent, events,
                fmt(load), fmt(caughtUp), steadyWarmup, steadyIterations, steady, CONNECTIONS, this.load.toSeconds(), this.load.toSeconds(),
                FIXED_RATE, FIXED_RATE, this.load.toSeconds(), FIXED_RATE, concurrent, CONNECTIONS, this.load.toSeconds(),
                this.load.toSeconds(), CONNECTIONS * 1000 / FIXED_RATE, FIXED_RATE, this.load.toSeconds(), external,
                warmup, iterations, justLoaded);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text);
        log.info("Results written to {}", results.toAbsolutePath());
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

}
