package org.parledger.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.common.Level;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.UnitCode;
import org.parledger.app.sample.SampleScoring;
import org.parledger.command.indexset.IndexSetDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The provincial rounds benchmark: a whole year of every province's own rounds at national scale (by default 34
 * provinces, each with 20 departments and 97 communes, about 3,300 communes in all, under sets each province issued),
 * plus the national round of the 34 provinces, loaded through commands from concurrent clients, verified and published
 * by each province's council; then how long a ranking within one province takes to compute against the national one.
 * Runs with the profile bench-provincial.
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.provincial.enabled", havingValue = "true")
class ProvincialRoundsBenchmark {
    private static final Logger log = LoggerFactory.getLogger(ProvincialRoundsBenchmark.class);
    private static final Principal ADMIN = Principal.system("bench-admin", Role.ADMIN);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final JdbcClient jdbc;
    private final int provinces;
    private final int departments;
    private final int communes;
    private final int threads;
    private final int year;
    private final int rankings;
    private final Path results;
    private final AtomicLong sent = new AtomicLong();

    ProvincialRoundsBenchmark(CommandGateway commands, QueryGateway queries, JdbcClient jdbc,
                              BenchmarkProperties properties) {
        BenchmarkProperties.Provincial settings = properties.provincial();
        this.commands = commands;
        this.queries = queries;
        this.jdbc = jdbc;
        this.provinces = settings.provinces();
        this.departments = settings.departments();
        this.communes = settings.communes();
        this.threads = settings.threads();
        this.year = settings.year();
        this.rankings = settings.rankings();
        this.results = settings.results();
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        IndexSetDefinition nationalSet = set("sample/index-sets/province-876-sample.yaml", null, null);
        send(new DefineIndexSet(nationalSet, ADMIN));
        List<UnitCode> provinceCodes = new ArrayList<>();
        List<Runnable> scoring = new ArrayList<>();
        SampleScoring scorer = new SampleScoring(this::send);
        for (int p = 1; p <= provinces; p++) {
            UnitCode province = new UnitCode("P%02d".formatted(p));
            provinceCodes.add(province);
            send(new RegisterUnit(province, "Tỉnh thử " + p, Level.PROVINCE, null, null, ADMIN));
            IndexSetDefinition departmentSet = set("sample/index-sets/quang-ninh-departments-sample.yaml", province, "SO");
            IndexSetDefinition communeSet = set("sample/index-sets/quang-ninh-communes-sample.yaml", province, "XA");
            Principal provinceAdmin = SampleScoring.of(Role.ADMIN, province);
            send(new DefineIndexSet(departmentSet, provinceAdmin));
            send(new DefineIndexSet(communeSet, provinceAdmin));
            scoring.add(() -> scorer.score(new AssessmentId(province, year), nationalSet, true, null));
            for (int d = 1; d <= departments; d++) {
                UnitCode department = new UnitCode(province.value() + "-S%02d".formatted(d));
                send(new RegisterUnit(department, "Sở thử " + d, Level.DEPARTMENT, province, null, provinceAdmin));
                scoring.add(() -> scorer.score(new AssessmentId(department, year), departmentSet, true, province));
            }
            for (int c = 1; c <= communes; c++) {
                UnitCode commune = new UnitCode(province.value() + "-X%03d".formatted(c));
                send(new RegisterUnit(commune, "Xã thử " + c, Level.COMMUNE, province, null, provinceAdmin));
                scoring.add(() -> scorer.score(new AssessmentId(commune, year), communeSet, true, province));
            }
        }
        long registered = sent.get();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            scoring.forEach(task -> work.add(pool.submit(task)));
            for (Future<?> future : work) future.get();
        } finally {
            pool.shutdown();
        }
        double scoringSeconds = (System.nanoTime() - started) / 1e9;
        long scoringCommands = sent.get() - registered;
        long publishing = System.nanoTime();
        send(new PublishResults(year, Level.PROVINCE, "Quyết định thử/QĐ-BCĐ", LocalDate.of(year + 1, 5, 15),
                Principal.system("bench-council", Role.COUNCIL)));
        for (UnitCode province : provinceCodes) {
            Principal council = SampleScoring.of(Role.COUNCIL, province);
            for (Level level : List.of(Level.DEPARTMENT, Level.COMMUNE)) {
                send(new PublishResults(year, level, "Quyết định thử/QĐ-UBND", LocalDate.of(year + 1, 3, 1), council, province));
            }
        }
        double publishSeconds = (System.nanoTime() - publishing) / 1e9;
        int assessments = scoring.size();
        while (jdbc.sql("SELECT count(*) FROM rv_assessment WHERE year = ? AND stage = 'PUBLISHED'").param(year)
                .query(Integer.class).single() < assessments) {
            Thread.sleep(200); // waiting for the read model to catch up: a benchmark, not a test
        }
        double projectedSeconds = (System.nanoTime() - started) / 1e9;
        log.info("Provincial rounds: {} assessments, {} commands in {} s; published in {} s; projected {} s after the start",
                assessments, scoringCommands, fmt(scoringSeconds), fmt(publishSeconds), fmt(projectedSeconds));

        // Rankings computed afresh each time (a position to be consistent with skips any kept answer).
        double[] national = time(() -> new FindRanking(year, Level.PROVINCE, ScoreStage.APPRAISED, null, 0L, null), provinces);
        int[] next = {0};
        double[] withinCommunes = time(() -> new FindRanking(year, Level.COMMUNE, ScoreStage.APPRAISED, null, 0L,
                provinceCodes.get(next[0]++ % provinceCodes.size())), communes);
        double[] withinDepartments = time(() -> new FindRanking(year, Level.DEPARTMENT, ScoreStage.APPRAISED, null, 0L,
                provinceCodes.get(next[0]++ % provinceCodes.size())), departments);
        String text = """
                # Provincial rounds benchmark

                Every province's own rounds for one year, at national scale, through the same commands people send, then
                rankings within a province computed afresh against the national ranking.

                Command: `./mvnw -q -DskipTests package && java -jar benchmarks/target/par-ledger-benchmarks.jar --spring.profiles.active=bench-provincial`
                (settings: `parledger.benchmark.provincial.*` with their defaults in `benchmarks/src/main/java/org/parledger/bench/BenchmarkProperties.java`).

                Run at %s on %d cores, Java %s; embedded PostgreSQL, durable (fsync, synchronous commit).

                ## Loading a year

                | What | Figure |
                | --- | --- |
                | Provinces | %d, each with %d departments and %d communes under sets it issued, and the national round of the provinces |
                | Assessments | %d |
                | Commands (open, self-scores, submit, appraisals, survey, verify) | %d from %d concurrent clients |
                | Time to record them | %s s (%s commands/s, %s assessments/s) |
                | Publications (one per province and level, one national) | %d in %s s |
                | Read model caught up | %s s after the first command |

                ## Rankings computed afresh (in-process query, %d times each)

                | Ranking | Units | p50 | p99 |
                | --- | --- | --- | --- |
                | National, provinces | %d | %s ms | %s ms |
                | Within a province, communes | %d | %s ms | %s ms |
                | Within a province, departments | %d | %s ms | %s ms |

                A ranking within a province reads its round by the index on (year, level, round): the number of statements is
                the national ranking's (`ProvincialRoundsEndToEndTest` counts them), whatever the number of provinces.
                """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                provinces, departments, communes, assessments, scoringCommands, threads, fmt(scoringSeconds),
                fmt(scoringCommands / scoringSeconds), fmt(assessments / scoringSeconds), 1 + 2 * provinces, fmt(publishSeconds),
                fmt(projectedSeconds), rankings, provinces, p(national, 50), p(national, 99), communes, p(withinCommunes, 50),
                p(withinCommunes, 99), departments, p(withinDepartments, 50), p(withinDepartments, 99));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text);
        log.info("Results written to {}", results.toAbsolutePath());
        System.out.println(("provincial: %d assessments in %s s (%s commands/s from %d clients); ranking within a province "
                + "(%d communes) p50 %s ms, p99 %s ms; national (%d provinces) p50 %s ms").formatted(assessments,
                fmt(scoringSeconds), fmt(scoringCommands / scoringSeconds), threads, communes, p(withinCommunes, 50),
                p(withinCommunes, 99), provinces, p(national, 50)));
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> 0));
    }

    /** Milliseconds of each of the benchmark's ranking queries, after as many unmeasured (the JIT's warm-up). */
    private double[] time(Supplier<FindRanking> query, int expectedEntries) {
        for (int i = 0; i < rankings; i++) rank(query.get(), expectedEntries);
        double[] millis = new double[rankings];
        for (int i = 0; i < rankings; i++) {
            long start = System.nanoTime();
            rank(query.get(), expectedEntries);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private void rank(FindRanking query, int expectedEntries) {
        Ranking ranking = queries.query(query, ResponseTypes.instanceOf(Ranking.class)).join();
        if (ranking.entries().size() != expectedEntries) {
            throw new IllegalStateException(query + " ranked " + ranking.entries().size() + " units, not " + expectedEntries);
        }
    }

    /** A sample set under a code of the province's own (or as it is, for a national one), issued by the province. */
    private IndexSetDefinition set(String resource, UnitCode province, String kind) throws IOException {
        String text = new String(new ClassPathResource(resource).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        IndexSetDefinition sample = IndexSetDocuments.parse(text, IndexSetDocuments.Format.YAML);
        if (province == null) return sample;
        return new IndexSetDefinition(new IndexSetCode(province.value() + "-" + kind), sample.title(), sample.decision(),
                sample.decisionDate(), sample.level(), Math.min(sample.fromYear(), year), Math.max(sample.toYear(), year),
                sample.scale(), sample.agencies(), sample.fields(), sample.bands(), province);
    }

    private void send(Object command) {
        commands.sendAndWait(command);
        sent.incrementAndGet();
    }

    private static String p(double[] millis, int percentile) {
        return fmt(HttpLoad.percentile(millis, percentile));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
