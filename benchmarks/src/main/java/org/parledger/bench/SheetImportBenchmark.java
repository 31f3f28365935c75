package org.parledger.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.common.Level;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.indexset.IndexSetDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The score sheet benchmark: every province's self-assessment imported as a CSV sheet over GraphQL (one sheet per
 * province, every evidence leaf of the 876-shaped sample set), from concurrent clients into a fresh durable embedded
 * database: how long the whole year's sheets take, and each one. Runs with the profile bench-sheets.
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.sheets.enabled", havingValue = "true")
class SheetImportBenchmark {
    private static final Logger log = LoggerFactory.getLogger(SheetImportBenchmark.class);
    private static final Principal ADMIN = Principal.system("bench-admin", Role.ADMIN);
    private static final String IMPORT = """
            mutation($unit: ID!, $content: String!) { importScores(unit: $unit, year: 2026, kind: SELF_ASSESSMENT,
              format: CSV, content: $content) { recorded rows problems { row code message } } }""";
    private static final BigDecimal QUARTER = new BigDecimal("0.25");

    private final CommandGateway commands;
    private final int provinces;
    private final int clients;
    private final Path results;

    SheetImportBenchmark(CommandGateway commands, BenchmarkProperties properties) {
        this.commands = commands;
        this.provinces = properties.sheets().provinces();
        this.clients = properties.sheets().clients();
        this.results = properties.sheets().results();
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        String document = new String(new ClassPathResource("sample/index-sets/province-876-sample.yaml").getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        IndexSetDefinition set = IndexSetDocuments.parse(document, IndexSetDocuments.Format.YAML);
        commands.sendAndWait(new DefineIndexSet(set, ADMIN));
        List<LeafRule> leaves = set.leafRules().values().stream().filter(l -> l.source() == ScoringSource.EVIDENCE).toList();
        List<String> sheets = new ArrayList<>();
        for (int p = 1; p <= provinces; p++) {
            UnitCode unit = new UnitCode("S%02d".formatted(p));
            commands.sendAndWait(new RegisterUnit(unit, "Tỉnh bảng tính " + p, Level.PROVINCE, null, null, ADMIN));
            commands.sendAndWait(new OpenAssessment(new AssessmentId(unit, 2026), set.code(), ADMIN));
            StringBuilder csv = new StringBuilder("code,title,points,document,page\n");
            for (LeafRule leaf : leaves) {
                BigDecimal points = leaf.maximum().multiply(new BigDecimal("0.75")).divide(QUARTER, 0, RoundingMode.FLOOR).multiply(QUARTER);
                csv.append(leaf.code()).append(",\"Tiêu chí ").append(leaf.code()).append("\",").append(points.toPlainString())
                        .append(',').append(p).append("/KH-UBND,").append(p % 40 + 1).append('\n');
            }
            sheets.add(csv.toString());
        }
        int port = ((WebServerApplicationContext) ready.getApplicationContext()).getWebServer().getPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
        String authorization = QueryBenchmark.authorization("bench-sheets");
        HttpClient http = HttpClient.newHttpClient();
        double[] millis = new double[provinces];
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < provinces; p++) {
                int index = p;
                work.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    String body = "{\"query\":" + HttpLoad.json(IMPORT) + ",\"variables\":{\"unit\":\"S%02d\",\"content\":%s}}"
                            .formatted(index + 1, HttpLoad.json(sheets.get(index)));
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                            .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (!answer.body().contains("\"recorded\":true")) {
                        throw new IllegalStateException("sheet S%02d was not recorded: %s".formatted(index + 1, answer.body()));
                    }
                    millis[index] = (System.nanoTime() - start) / 1e6;
                    return null;
                }));
            }
            for (Future<?> future : work) future.get();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = (long) provinces * leaves.size();
        String text = """
                # Score sheet import benchmark

                Every province's self-assessment for a year imported as one CSV sheet each over GraphQL (`importScores`), each
                sheet checked row by row, then recorded as one change, from concurrent clients.

                Command: `./mvnw -q -DskipTests package && java -jar benchmarks/target/par-ledger-benchmarks.jar --spring.profiles.active=bench-sheets`
                (settings: `parledger.benchmark.sheets.*` with their defaults in `benchmarks/src/main/java/org/parledger/bench/BenchmarkProperties.java`).

                Run at %s on %d cores, Java %s; embedded PostgreSQL, durable (fsync, synchronous commit).

                | What | Figure |
                | --- | --- |
                | Sheets | %d (one per province), %d rows each (every evidence leaf of the 876-shaped sample set) |
                | Clients | %d |
                | All sheets | %s s (%s rows/s) |
                | One sheet | p50 %s ms, p99 %s ms |
                """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                provinces, leaves.size(), clients, fmt(seconds), fmt(rows / seconds), fmt(HttpLoad.percentile(millis, 50)),
                fmt(HttpLoad.percentile(millis, 99)));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text);
        log.info("Results written to {}", results.toAbsolutePath());
        System.out.println("sheets: %d sheets of %d rows imported in %s s (%s rows/s) from %d clients; one sheet p50 %s ms, p99 %s ms"
                .formatted(provinces, leaves.size(), fmt(seconds), fmt(rows / seconds), clients,
                        fmt(HttpLoad.percentile(millis, 50)), fmt(HttpLoad.percentile(millis, 99))));
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> 0));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
