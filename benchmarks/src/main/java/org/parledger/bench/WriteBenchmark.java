package org.parledger.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.integrity.EventChain;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write benchmark: 32 clients over HTTP, signed in, each recording self-scores on an assessment of its own as fast
 * as they are acknowledged (durable commits: the embedded default's fsync and synchronous commit), after a warm-up;
 * then, on the same database, the rate at which PostgreSQL itself commits single-row inserts of an event's size from 32
 * connections. Prints both and, last, the ledger's share of what its database can commit. Profile bench-writes.
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.writes.enabled", havingValue = "true")
class WriteBenchmark {
    private static final Logger log = LoggerFactory.getLogger(WriteBenchmark.class);
    private static final String[] LEAVES = {"1.1", "1.2.1", "1.2.2"};
    private static final String[] POINTS = {"1", "2", "3", "1.5", "2.25"};
    private static final String SELF_SCORE = "mutation($unit: ID!, $criterion: String!, $points: Decimal!) { recordSelfScore("
            + "input: {unit: $unit, year: 2025, criterion: $criterion, points: $points, evidence: {documentNumber: \"15/KH-UBND\"}})"
            + " { version } }";

    private final EmbeddedLedgerDatabase database;
    private final Duration warmup;
    private final Duration length;
    private final Path results;
    private final long ledgerEvents;
    private final LedgerGenerator generator;
    private final EventProcessingConfiguration processing;
    private final Replays replays;
    /** What the growth runs found before the writes: the ledger's size and how it was built. */
    private String grown = "";

    WriteBenchmark(EmbeddedLedgerDatabase database, BenchmarkProperties properties, EventStorageEngine store, EventChain chain, PlatformTransactionManager transactions,
                   EventProcessingConfiguration processing, Replays replays) {
        this.database = database;
        this.warmup = properties.writes().warmup();
        this.length = properties.writes().length();
        this.results = properties.writes().results();
        this.ledgerEvents = properties.writes().ledgerEvents();
        this.generator = new LedgerGenerator(store, chain, transactions);
        this.processing = processing;
        this.replays = replays;
    }

    /**
     * Growth: a ledger of about N events (ten years of 63 provinces and 19 ministries, generated through the event
     * store) with its read model rebuilt by a replay, before the writes, so that a command's cost and the reads can be
     * compared across ledger sizes.
     */
    private void grow() throws Exception {
        List<StreamingEventProcessor> processors = LedgerGenerator.stopProjections(processing);
        long started = System.nanoTime();
        long written = generator.generate(ledgerEvents);
        double generated = (System.nanoTime() - started) / 1e9;
        JdbcClient maintenance = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        maintenance.sql("VACUUM (ANALYZE) domainevententry").update();
        long replayStarted = System.nanoTime();
        replays.start(List.of(Replays.ALL));
        ReplayProgress end = replays.completion().join();
        if (end.state() != ReplayState.COMPLETED) throw new IllegalStateException("the replay did not complete: " + end.message());
        double replayed = (System.nanoTime() - replayStarted) / 1e9;
        processors.forEach(StreamingEventProcessor::start);
        maintenance.sql("VACUUM (ANALYZE)").update();
        maintenance.sql("CHECKPOINT").update();
        grown = "a ledger of %d events generated through the event store in %s s, its read model built by a replay in %s s"
                .formatted(written, fmt(generated), fmt(replayed));
        log.info("Growth: {}", grown);
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
        String authorization = QueryBenchmark.authorization("bench-writer");
        HttpClient http = HttpClient.newHttpClient();
        if (ledgerEvents > 0) grow();
        send(http, endpoint, authorization, "mutation($d: String!) { defineIndexSet(document: $d) { stream } }",
                "{\"d\":" + HttpLoad.json(INDEX_SET) + "}");
        for (int c = 0; c < HttpLoad.CLIENTS; c++) {
            send(http, endpoint, authorization, "mutation { registerUnit(input: {code: \"W-" + c + "\", name: \"Tỉnh W-" + c
                    + "\", level: PROVINCE}) { stream } }", "{}");
            send(http, endpoint, authorization, "mutation { openAssessment(unit: \"W-" + c + "\", year: 2025, indexSet: \"BENCH-W\")"
                    + " { stream } }", "{}");
        }
        HttpLoad.Requests scores = (client, n) -> HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(selfScore(client, n))).build();
        HttpLoad.closedLoop(warmup, scores);
        HttpLoad.Load writes = HttpLoad.closedLoop(length, scores);
        String ledger = "%s acknowledged scores/s, p50 %s ms, p99 %s ms (%d in %s s)".formatted(fmt(writes.perSecond()),
                fmt(writes.percentile(50)), fmt(writes.percentile(99)), writes.answered(), fmt(writes.seconds()));
        log.info("Ledger: {}", ledger);

        // The floor: the same clients, server and sign-in answering the smallest GraphQL request there is (no command,
        // no database), so the ledger's rate can be read against what the HTTP, security and GraphQL layers alone allow.
        HttpLoad.Requests smallest = (client, n) -> HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build();
        Duration floorLength = length.compareTo(Duration.ofSeconds(20)) < 0 ? length : Duration.ofSeconds(20);
        HttpLoad.closedLoop(floorLength.dividedBy(4), smallest);
        HttpLoad.Load floorLoad = HttpLoad.closedLoop(floorLength, smallest);
        String floor = "%s requests/s, p50 %s ms, p99 %s ms".formatted(fmt(floorLoad.perSecond()), fmt(floorLoad.percentile(50)),
                fmt(floorLoad.percentile(99)));
        log.info("Floor: {}", floor);

        // The same writes and the same floor from wrk, a process of its own: the server's figures without the in-process
        // clients sharing its two cores (they cost about as much CPU per request as the server does).
        String external = "wrk is not installed here (Debian: apt-get install wrk): not measured";
        Wrk.Result wrkWrites = null;
        Optional<Wrk> wrk = Wrk.find();
        if (wrk.isPresent()) {
            String url = endpoint.toString();
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", authorization);
            wrkWrites = wrk.get().postEach(url, headers, wrkScores(Wrk.threads(HttpLoad.CLIENTS)), HttpLoad.CLIENTS, length);
            Wrk.Result wrkFloor = wrk.get().post(url, headers, "{\"query\":\"{ __typename }\"}", HttpLoad.CLIENTS, floorLength, 0);
            external = "%s acknowledged scores/s, p50 %s ms, p99 %s ms (%d in %s); floor %s requests/s, p50 %s ms, p99 %s ms"
                    .formatted(fmt(wrkWrites.perSecond()), fmt(wrkWrites.p50()), fmt(wrkWrites.p99()), wrkWrites.requests(), length,
                            fmt(wrkFloor.perSecond()), fmt(wrkFloor.p50()), fmt(wrkFloor.p99()));
            log.info("From wrk: {}", external);
        }

        String reads = reads(http, port, endpoint, authorization, floorLength);

        double commits = commitRate(Duration.ofSeconds(20));
        String postgres = "%s durable single-row commits/s".formatted(fmt(commits));
        log.info("PostgreSQL: {}", postgres);
        // The server's own rate is wrk's where it ran: the in-process figure measures the server and its clients together.
        double served = wrkWrites != null ? wrkWrites.perSecond() : writes.perSecond();
        String ratio = "%s %%".formatted(fmt(100 * served / commits));
        write(ledger, floor, external, postgres, ratio, reads);
        System.out.println("ledger: " + ledger);
        System.out.println("floor: " + floor);
        System.out.println("wrk: " + external);
        System.out.println("postgresql: " + postgres);
        System.out.println("writes: " + fmt(served) + " acknowledged scores/s" + (wrkWrites != null ? " from wrk (in-process clients: "
                + fmt(writes.perSecond()) + ")" : "") + ", " + ratio + " of PostgreSQL's durable commit rate on this machine");
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> 0));
    }

    /**
     * The benchmark's self-scores for wrk: thread t of n sends for the units whose number is t modulo n, unit after unit,
     * so no two threads write to one assessment (within a thread two connections can, rarely: the assessment's lock
     * then orders them). Leaves and points cycle as in the in-process clients.
     */
    private static List<List<String>> wrkScores(int threads) {
        List<List<String>> bodies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>();
            for (int n = 0; n < LEAVES.length * POINTS.length; n++) {
                for (int client = t; client < HttpLoad.CLIENTS; client += threads) mine.add(selfScore(client, n));
            }
            bodies.add(mine);
        }
        return bodies;
    }

    private static String selfScore(int client, long n) {
        return "{\"query\":" + HttpLoad.json(SELF_SCORE) + ",\"variables\":{\"unit\":\"W-" + client + "\",\"criterion\":\""
                + LEAVES[(int) (n % LEAVES.length)] + "\",\"points\":\"" + POINTS[(int) (n % POINTS.length)] + "\"}}";
    }

    /** 32 connections each inserting one event-sized row per transaction into a table of its own, for a while. */
    private double commitRate(Duration length) throws Exception {
        var source = database.connections(EmbeddedLedgerDatabase.SUPERUSER);
        try (Connection setup = source.getConnection(); Statement sql = setup.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, stream text NOT NULL, "
                    + "sequence bigint NOT NULL, payload bytea NOT NULL, UNIQUE (stream, sequence))");
        }
        byte[] payload = new byte[600];
        AtomicLong committed = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < HttpLoad.CLIENTS; c++) {
            String stream = "bench-" + c;
            Thread thread = new Thread(() -> {
                try (Connection connection = source.getConnection();
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO bench_commit (stream, sequence, payload) VALUES (?, ?, ?)")) {
                    connection.setAutoCommit(true);
                    for (long n = 0; System.nanoTime() < end; n++) {
                        insert.setString(1, stream);
                        insert.setLong(2, n);
                        insert.setBytes(3, payload);
                        insert.executeUpdate();
                        committed.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        return committed.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static void send(HttpClient http, URI endpoint, String authorization, String query, String variables) throws Exception {
        HttpLoad.check(http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":" + HttpLoad.json(query) + ",\"variables\":" + variables + "}"))
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Two reads whose cost must not grow with the ledger, once the writes are projected: the full ranking of 2024 (the
     * generated provinces when the ledger was grown) and an audit page of one unit-year. Each sequential from one client,
     * then, where wrk is installed, from its 32 connections saturated and paced at 1,000 requests/s. (A journey is left
     * out: it grows with the one assessment's own history, by design.) Answers the results file's reads section.
     */
    private String reads(HttpClient http, int port, URI endpoint, String authorization, Duration readLength) throws Exception {
        HttpRequest status = QueryBenchmark.request(port, "{ projectionStatus { lag } }", "bench-writer");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (http.send(status, HttpResponse.BodyHandlers.ofString()).body().matches(".*\"lag\":[1-9].*")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the projections did not catch up with the writes");
            Thread.sleep(200); // a benchmark waiting for its database to settle, not a test's synchronisation
        }
        Map<String, String> measured = readsOfThisLedger();
        StringBuilder sequential = new StringBuilder();
        for (Map.Entry<String, String> read : measured.entrySet()) {
            HttpRequest request = QueryBenchmark.request(port, read.getValue(), "bench-writer");
            sequential.append(QueryBenchmark.row(read.getKey(), QueryBenchmark.time(http, request, 200, 300, () -> { })));
        }
        StringBuilder underLoad = new StringBuilder();
        Optional<Wrk> wrk = Wrk.find();
        if (wrk.isEmpty()) {
            underLoad.append("wrk is not installed here (Debian: apt-get install wrk): not measured under load.\n");
        } else {
            String url = endpoint.toString();
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", authorization);
            underLoad.append("""
                    | Query | Saturated: requests/s | p50 | p99 | Paced: requests/s | p50 | p99 |
                    | --- | --- | --- | --- | --- | --- | --- |
                    """);
            for (Map.Entry<String, String> read : measured.entrySet()) {
                String body = "{\"query\":" + HttpLoad.json(read.getValue()) + "}";
                underLoad.append(wrkRow(read.getKey(), readLength,
                        (length, perSecond) -> wrk.get().post(url, headers, body, HttpLoad.CLIENTS, length, perSecond)));
            }
            // The same reads over GET by a reader who kept the answer: If-None-Match with its ETag, answered 304.
            for (Map.Entry<String, String> read : measured.entrySet()) {
                String get = url + "?query=" + java.net.URLEncoder.encode(read.getValue(), java.nio.charset.StandardCharsets.UTF_8);
                HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(get)).header("Authorization", authorization)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                String etag = first.headers().firstValue("ETag").orElseThrow(() ->
                        new IllegalStateException("no ETag on a GET: HTTP " + first.statusCode() + " " + first.body()));
                Map<String, String> conditional = Map.of("Authorization", authorization, "If-None-Match", etag);
                underLoad.append(wrkRow(read.getKey() + ", over GET, unchanged (304 to If-None-Match)", readLength,
                        (length, perSecond) -> wrk.get().get(get, conditional, 304, HttpLoad.CLIENTS, length, perSecond)));
            }
        }
        return """
                Reads after the writes, sequential from one client (200 warm-up requests, then 300 timed)%s:

                | Query | Median | p90 | p99 | n |
                | --- | --- | --- | --- | --- |
                %s
                The same reads from wrk (%d connections; %s of warm-up, then %s saturated, then %s with each connection
                waiting 32 ms between requests, about 1,000/s in all; the rows "over GET" send the query in the URL with
                If-None-Match and the ETag of the answer read just before, and every answer must be 304, without a body):

                %s""".formatted(grown.isEmpty() ? "" : "; before the writes, " + grown, sequential, HttpLoad.CLIENTS,
                readLength.dividedBy(2), readLength, readLength, underLoad);
    }

    /** One wrk load, run for a given length at a given rate (0: as fast as answered). */
    private interface WrkLoad {
        Wrk.Result run(Duration length, int perSecond) throws Exception;
    }

    /**
     * The load for half the length (the JIT compiler's warm-up), then saturated and paced at about 1,000 requests/s:
     * the reads table's row, logged as it is written.
     */
    private static String wrkRow(String name, Duration length, WrkLoad load) throws Exception {
        load.run(length.dividedBy(2), 0);
        Wrk.Result saturated = load.run(length, 0);
        Wrk.Result paced = load.run(length, 1000);
        String row = "| %s | %s | %s ms | %s ms | %s | %s ms | %s ms |".formatted(name, fmt(saturated.perSecond()),
                fmt(saturated.p50()), fmt(saturated.p99()), fmt(paced.perSecond()), fmt(paced.p50()), fmt(paced.p99()));
        log.info("Reads from wrk: {}", row);
        return row + '\n';
    }

    /**
     * The full ranking and an audit page: over a grown ledger, the query benchmark's own (the 63 generated provinces of
     * 2024, Quảng Ninh's trail); over a fresh one, which has no 2024, the same queries of the benchmark's 32 units in 2025
     * and the trail of W-0, whose every score the writes just recorded.
     */
    private Map<String, String> readsOfThisLedger() {
        List<String> names = new ArrayList<>(QueryBenchmark.QUERIES.keySet());
        String ranking = names.get(0);
        String audit = names.get(names.size() - 1);
        Map<String, String> reads = new LinkedHashMap<>();
        if (ledgerEvents > 0) {
            reads.put(ranking, QueryBenchmark.QUERIES.get(ranking));
            reads.put(audit, QueryBenchmark.QUERIES.get(audit));
        } else {
            reads.put("Full ranking with field ranks (the benchmark's %d provinces, 2025)".formatted(HttpLoad.CLIENTS),
                    QueryBenchmark.QUERIES.get(ranking).replace("year: 2024", "year: 2025"));
            reads.put("Audit trail page of 100 entries (W-0, 2025)",
                    QueryBenchmark.QUERIES.get(audit).replace("unit: \"22\", year: 2024", "unit: \"W-0\", year: 2025"));
        }
        reads.values().forEach(query -> {
            if (query.contains("2024") == (ledgerEvents == 0)) throw new IllegalStateException("reads not adapted: " + query);
        });
        return reads;
    }

    private void write(String ledger, String floor, String external, String postgres, String ratio, String reads) throws Exception {
        String text = """
                # Write benchmark

                Command: `./mvnw -q -DskipTests package && java -jar benchmarks/target/par-ledger-benchmarks.jar --spring.profiles.active=bench-writes%s`
                (run from the repository root; it rewrites this file).

                Run at %s on %d cores, Java %s, embedded PostgreSQL (durable: fsync and synchronous commit on), a fresh
                database. %d clients in the same process over HTTP (one connection each, HTTP Basic), each recording
                self-scores on an assessment of its own (a 3-leaf index set), the next when the last is acknowledged:
                %s of warm-up, then %s measured. Then %d connections to the same PostgreSQL insert one 600-byte row per
                transaction (autocommit), for 20 s. Between the two, the floor: the same %d clients, signed in the same way,
                send `{ __typename }` (GraphQL over HTTP with the sign-in, no command and no database) for at most 20 s.
                Then the same writes (on the same assessments) and the same floor from wrk, a process of its own (C, a
                thread per core, %d connections; a thread's connections write to its own share of the assessments; an
                answer with GraphQL errors fails the run), for as long: the server's figures without the in-process
                clients sharing its cores. Where a command's time goes: [writes-profile.md](writes-profile.md).

                | | |
                | --- | --- |
                | Ledger over GraphQL, in-process clients | %s |
                | Floor: the smallest signed-in GraphQL request, same clients | %s |
                | Ledger and floor from wrk | %s |
                | PostgreSQL, same machine | %s |
                | Ledger's share (wrk's rate where it ran) | %s |

                %s""".formatted(ledgerEvents > 0 ? " --parledger.benchmark.writes.ledger-events=" + ledgerEvents
                        + " --parledger.benchmark.writes.results=docs/benchmarks/" + results.getFileName() : "",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                HttpLoad.CLIENTS, warmup, length, HttpLoad.CLIENTS, HttpLoad.CLIENTS, HttpLoad.CLIENTS, ledger, floor, external,
                postgres, ratio, reads);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The writes' index set (three evidence leaves, one survey leaf); docs/tools/write-ab.sh reads the same file. */
    private static final String INDEX_SET = indexSet();

    private static String indexSet() {
        try (var in = WriteBenchmark.class.getResourceAsStream("/bench-writes-index-set.yml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
