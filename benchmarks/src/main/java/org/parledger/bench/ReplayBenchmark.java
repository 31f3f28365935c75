package org.parledger.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.query.projection.EntitySequencing;
import org.parledger.query.projection.LiveProjection;
import java.util.concurrent.Executors;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.parledger.api.StreamIds;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.app.integrity.EventChain;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitRegistered;
import org.parledger.command.indexset.IndexSetDocuments;
import org.parledger.query.replay.ReplayProgress;
import org.parledger.query.replay.ReplayState;
import org.parledger.query.replay.Replays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The replay benchmark: builds a ledger of N events through the event store (63 provinces and 19 ministries,
 * ten years, every leaf self-assessed, appraised and revised many times), replays it first with Axon's default
 * processor settings (tracking processors, batch size 1, a transaction per event) for a fixed time, then with
 * the replay engine in full, prints "baseline:", the ratio and "replay:" and writes the results file. Runs with
 * the profile bench-replay.
 */
@Component
@ConditionalOnProperty(name = "parledger.benchmark.replay.enabled", havingValue = "true")
class ReplayBenchmark {
    private static final Logger log = LoggerFactory.getLogger(ReplayBenchmark.class);
    private static final List<String> GROUPS = List.of("scores-v1", "units-v1", "audit-trail-v1");
    private static final Actor ADMIN = new Actor("bench-admin", "ADMIN");
    private static final Actor COUNCIL = new Actor("bench-council", "COUNCIL");
    private static final Actor SURVEY = new Actor("bench-survey", "SURVEY");
    private static final int APPEND_BATCH = 2_000;

    record Named(String code, String name) {
    }

    private final EventStorageEngine store;
    private final List<LiveProjection<?>> live;
    private final EventStore eventStore;
    private final TransactionManager axonTransactions;
    private final JdbcClient jdbc;
    /** VACUUM and CHECKPOINT are the database owner's: the application's role may not. */
    private final JdbcClient maintenance;
    private final EventChain chain;
    /** The last hash of each generated stream: the ledger is generated with its hash chains, as the application writes it. */
    private final Map<String, byte[]> lastHashes = new HashMap<>();
    private final TransactionTemplate transaction;
    private final EventProcessingConfiguration processing;
    private final Replays replays;
    private final long events;
    private final int baselineSeconds;
    private final Path results;
    private final Environment environment;
    /** Assessments the generated ledger opened: the replayed read model must hold each. */
    private long opened;

    ReplayBenchmark(EventStorageEngine store, JdbcClient jdbc, PlatformTransactionManager transactions, EventProcessingConfiguration processing,
                    Replays replays, EventChain chain, EmbeddedLedgerDatabase database, List<LiveProjection<?>> live,
                    EventStore eventStore, TransactionManager axonTransactions, @Value("${parledger.benchmark.replay.events}") long events,
                    @Value("${parledger.benchmark.replay.baseline-seconds}") int baselineSeconds,
                    @Value("${parledger.benchmark.replay.results}") Path results, Environment environment) {
        this.environment = environment;
        this.store = store;
        this.live = live;
        this.eventStore = eventStore;
        this.axonTransactions = axonTransactions;
        this.jdbc = jdbc;
        this.chain = chain;
        this.maintenance = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        this.transaction = new TransactionTemplate(transactions);
        this.processing = processing;
        this.replays = replays;
        this.events = events;
        this.baselineSeconds = baselineSeconds;
        this.results = results;
    }

    @EventListener
    void run(ApplicationReadyEvent ready) throws Exception {
        int status = 1;
        try {
            status = measure();
        } catch (Exception e) {
            log.error("Replay benchmark failed", e);
        }
        int exit = status;
        System.exit(SpringApplication.exit(ready.getApplicationContext(), () -> exit));
    }

    private int measure() throws Exception {
        List<StreamingEventProcessor> processors = GROUPS.stream()
                .map(group -> processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow()).toList();
        processors.forEach(StreamingEventProcessor::shutDown);

        long started = System.nanoTime();
        long written = generate();
        double generateSeconds = seconds(started);
        log.info("Ledger of {} events generated through the event store in {} s ({} events/s)", written,
                fmt(generateSeconds), Math.round(written / generateSeconds));

        // A ledger at rest, as a real one is when a replay starts: vacuumed (hint bits set) and checkpointed.
        maintenance.sql("VACUUM (ANALYZE) domainevententry").update();
        maintenance.sql("CHECKPOINT").update();

        // Axon's defaults: the three projections' tracking processors, one event per transaction, for a fixed time.
        long baselineStarted = System.nanoTime();
        processors.forEach(StreamingEventProcessor::start);
        Thread.sleep(baselineSeconds * 1000L); // a fixed measuring window, then the positions are read
        long reached = processors.stream().mapToLong(ReplayBenchmark::position).min().orElse(0);
        double baselineWindow = seconds(baselineStarted);
        processors.forEach(StreamingEventProcessor::shutDown);
        double baseline = reached / baselineWindow;

        // Axon's pooled processor as the application runs it (batch 1,000, its segments and sequencing), the same three
        // projections, reset by resetTokens, for the same window.
        long pooledReached = pooledBaseline();
        double pooled = pooledReached / (double) baselineSeconds;

        // The replay engine: every projection from the first event, beside the tables the baseline filled.
        long replayStarted = System.nanoTime();
        replays.start(List.of(Replays.ALL));
        ReplayProgress end = replays.completion().join();
        double replaySeconds = seconds(replayStarted);
        if (end.state() != ReplayState.COMPLETED) {
            log.error("The replay did not complete: {}", end.message());
            return 1;
        }
        double replay = end.processed() / replaySeconds;
        long audited = jdbc.sql("SELECT count(*) FROM rv_audit_entry").query(Long.class).single();
        long assessments = jdbc.sql("SELECT count(*) FROM rv_assessment").query(Long.class).single();
        if (audited != written || assessments != opened) {
            log.error("The replayed read model is incomplete: {} audit entries for {} events, {} assessments for {}",
                    audited, written, assessments, opened);
            return 1;
        }

        String baselineLine = "baseline: %d events/s".formatted(Math.round(baseline));
        String ratioLine = "ratio: %s".formatted(fmt(replay / baseline));
        String pooledLine = "pooled baseline: %d events/s, ratio %s".formatted(Math.round(pooled), fmt(replay / pooled));
        String replayLine = "replay: %d events/s".formatted(Math.round(replay));
        write(written, generateSeconds, reached, baselineWindow, baseline, pooledReached, pooled, end.processed(),
                replaySeconds, replay);
        System.out.println(baselineLine);
        System.out.println(ratioLine);
        System.out.println(pooledLine);
        System.out.println(replayLine);
        return 0;
    }

    /**
     * The three projections' handlers in pooled processors of Axon's own, built as the application's configuration
     * builds them (batch 1,000, the configured segments keyed by EntitySequencing, its transaction manager), with tokens of their own (in memory, so that
     * the application's are left as they are), reset by resetTokens (which also empties the projections' tables
     * through their reset handlers) and run for the window; returns the least position they reached.
     */
    private long pooledBaseline() throws InterruptedException {
        List<PooledStreamingEventProcessor> pooled = new ArrayList<>();
        List<java.util.concurrent.ScheduledExecutorService> executors = new ArrayList<>();
        for (LiveProjection<?> projection : live) {
            String name = "pooled-baseline-" + pooled.size();
            String group = projection.projection().processingGroup();
            int segments = environment.getProperty("axon.eventhandling.processors." + group + ".initial-segment-count",
                    Integer.class, 1);
            InMemoryTokenStore tokens = new InMemoryTokenStore();
            tokens.initializeTokenSegments(name, segments);
            java.util.concurrent.ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
            java.util.concurrent.ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
            executors.add(coordinator);
            executors.add(workers);
            PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder().name(name)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(projection)
                            .sequencingPolicy(EntitySequencing.policy(projection.projection())).build())
                    .messageSource(eventStore).tokenStore(tokens).transactionManager(axonTransactions)
                    .coordinatorExecutor(coordinator).workerExecutor(workers)
                    .initialSegmentCount(segments).maxClaimedSegments(segments).batchSize(1000).build();
            processor.resetTokens();
            pooled.add(processor);
        }
        pooled.forEach(PooledStreamingEventProcessor::start);
        Thread.sleep(baselineSeconds * 1000L); // the same fixed window as the tracking baseline
        long reached = pooled.stream().mapToLong(ReplayBenchmark::position).min().orElse(0);
        pooled.forEach(PooledStreamingEventProcessor::shutDown);
        executors.forEach(java.util.concurrent.ExecutorService::shutdownNow);
        return reached;
    }

    private static long position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.isPresent() ? p.getAsLong() : 0).min().orElse(0);
    }

    /** Appends the ledger in transactions of {@value #APPEND_BATCH} events; returns how many were written. */
    private long generate() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Named> provinces = yaml.readValue(read("sample/units/provinces-63.yaml"), new TypeReference<List<Named>>() {
        });
        List<Named> ministries = yaml.readValue(read("sample/units/ministries-19.yaml"), new TypeReference<List<Named>>() {
        });
        List<IndexSetDefinition> sets = new ArrayList<>();
        for (String file : List.of("sample/index-sets/province-2948-sample.yaml", "sample/index-sets/province-876-sample.yaml")) {
            String document = read(file);
            sets.add(IndexSetDocuments.parse(document, IndexSetDocuments.Format.YAML));
            sets.add(IndexSetDocuments.parse(document.replace("code: PROVINCE-", "code: MINISTRY-")
                    .replace("level: PROVINCE", "level: MINISTRY"), IndexSetDocuments.Format.YAML));
        }
        List<EventMessage<?>> batch = new ArrayList<>();
        long written = 0;
        for (IndexSetDefinition set : sets) {
            batch.add(event("IndexSet", StreamIds.indexSet(set.code()), 0, new IndexSetDefined(set, ADMIN)));
        }
        List<Unit> units = new ArrayList<>();
        provinces.forEach(p -> units.add(new Unit(p, Level.PROVINCE)));
        ministries.forEach(m -> units.add(new Unit(m, Level.MINISTRY)));
        for (Unit unit : units) {
            batch.add(event("Unit", StreamIds.unit(unit.code()), 0, new UnitRegistered(unit.code(), unit.named().name(),
                    unit.level(), null, LocalDate.of(2008, 1, 1), ADMIN)));
        }
        written += append(batch);
        int years = 10;
        long perAssessment = Math.max(0, (events - written) / ((long) units.size() * years));
        Random random = new Random(2948);
        for (int year = 2017; year < 2017 + years; year++) {
            List<AssessmentEvents> assessments = new ArrayList<>();
            for (Unit unit : units) {
                opened++;
                assessments.add(new AssessmentEvents(new AssessmentId(unit.code(), year), unit.level(),
                        setFor(sets, unit.level(), year), perAssessment, random));
            }
            // Interleaved as units work side by side: one event of each assessment in turn.
            boolean any = true;
            while (any) {
                any = false;
                for (AssessmentEvents assessment : assessments) {
                    DomainEventMessage<?> next = assessment.next();
                    if (next == null) continue;
                    any = true;
                    batch.add(next);
                    if (batch.size() >= APPEND_BATCH) written += append(batch);
                }
            }
            written += append(batch);
            log.info("Year {} generated: {} events so far", year, written);
        }
        return written;
    }

    private long append(List<EventMessage<?>> batch) {
        int size = batch.size();
        if (size == 0) return 0;
        List<EventMessage<?>> chained = batch.stream()
                .<EventMessage<?>>map(e -> e instanceof DomainEventMessage<?> d ? chain.link(d, lastHashes) : e).toList();
        transaction.executeWithoutResult(s -> store.appendEvents(chained));
        batch.clear();
        return size;
    }

    private static IndexSetDefinition setFor(List<IndexSetDefinition> sets, Level level, int year) {
        IndexSetDefinition latest = null;
        for (IndexSetDefinition set : sets) {
            if (set.level() != level) continue;
            if (set.covers(year)) return set;
            if (latest == null || set.toYear() > latest.toYear()) latest = set;
        }
        return latest;
    }

    private record Unit(Named named, Level level) {
        UnitCode code() {
            return new UnitCode(named.code());
        }
    }

    /**
     * One assessment's events in the order the workflow produces them: opened, self-scores with revisions,
     * submitted, appraisals with revisions, survey points, preliminary results, verified, published.
     */
    private static final class AssessmentEvents {
        private final AssessmentId id;
        private final String stream;
        private final List<LeafRule> evidence = new ArrayList<>();
        private final List<LeafRule> survey = new ArrayList<>();
        private final List<Object> tail = new ArrayList<>();
        private final Random random;
        private final Map<String, BigDecimal> self = new java.util.HashMap<>();
        private final Map<String, BigDecimal> appraised = new java.util.HashMap<>();
        private long selfEvents;
        private long appraisalEvents;
        private long sequence;
        private int step;

        AssessmentEvents(AssessmentId id, Level level, IndexSetDefinition set, long total, Random random) {
            this.id = id;
            this.stream = StreamIds.assessment(id);
            this.random = random;
            for (LeafRule leaf : set.leafRules().values()) {
                (leaf.source() == ScoringSource.SURVEY ? survey : evidence).add(leaf);
            }
            long fixed = 1 + 1 + survey.size() + 3L;
            long scoring = Math.max(2L * evidence.size(), total - fixed);
            this.selfEvents = scoring / 2;
            this.appraisalEvents = scoring - selfEvents;
            tail.add(new AssessmentOpened(id, level, set.code(), ADMIN));
        }

        DomainEventMessage<?> next() {
            Object payload = payload();
            return payload == null ? null : event("Assessment", stream, sequence++, payload);
        }

        private Object payload() {
            Actor assessor = new Actor("assessor-" + id.unit().value(), "ASSESSOR", id.unit().value());
            Actor appraiser = new Actor("appraiser-snv", "APPRAISER", "SNV");
            switch (step) {
                case 0 -> {
                    step++;
                    return tail.get(0);
                }
                case 1 -> {
                    if (selfEvents > 0) {
                        // Every leaf once, then revisions of leaves at random.
                        LeafRule leaf = evidence.get(self.size() < evidence.size() ? self.size() : random.nextInt(evidence.size()));
                        selfEvents--;
                        BigDecimal points = points(leaf);
                        BigDecimal previous = self.put(leaf.code(), points);
                        return new SelfScoreRecorded(id, leaf.code(), previous, points,
                                new EvidenceReference("15/KH-UBND", "II." + (random.nextInt(9) + 1), null, null),
                                previous == null ? null : "Bổ sung tài liệu kiểm chứng", assessor);
                    }
                    step++;
                    return new SelfAssessmentSubmitted(id, sum(self), assessor);
                }
                case 2 -> {
                    if (appraisalEvents > 0) {
                        LeafRule leaf = evidence.get(appraised.size() < evidence.size() ? appraised.size()
                                : random.nextInt(evidence.size()));
                        appraisalEvents--;
                        BigDecimal points = points(leaf);
                        BigDecimal previous = appraised.put(leaf.code(), points);
                        return new AppraisedScoreRecorded(id, leaf.code(), self.get(leaf.code()), previous, points,
                                "Thẩm định theo tài liệu kiểm chứng", appraiser);
                    }
                    step++;
                    return payload();
                }
                case 3 -> {
                    step++;
                    List<Object> rest = new ArrayList<>();
                    for (LeafRule leaf : survey) {
                        rest.add(new SurveyScoreRecorded(id, leaf.code(), null, points(leaf), SURVEY));
                    }
                    rest.add(new PreliminaryResultsSent(id, sum(appraised), COUNCIL));
                    rest.add(new AssessmentVerified(id, sum(appraised), new BigDecimal(100), COUNCIL));
                    rest.add(new AssessmentPublished(id, "QĐ công bố Chỉ số CCHC năm " + id.year(),
                            LocalDate.of(id.year() + 1, 4, 15), new BigDecimal("80.5"), 1 + random.nextInt(63), 63, COUNCIL));
                    tail.clear();
                    tail.addAll(rest);
                    return payload();
                }
                default -> {
                    return tail.isEmpty() ? null : tail.remove(0);
                }
            }
        }

        private BigDecimal points(LeafRule leaf) {
            return leaf.maximum().multiply(BigDecimal.valueOf(random.nextInt(5) * 0.25)).setScale(2, RoundingMode.DOWN);
        }

        private static BigDecimal sum(Map<String, BigDecimal> points) {
            return points.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private static DomainEventMessage<?> event(String type, String stream, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(type, stream, sequence, payload, Map.of());
    }

    private void write(long written, double generateSeconds, long reached, double window, double baseline,
                       long pooledReached, double pooled, long replayed, double replaySeconds, double replay) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        String text = """
                # Replay benchmark

                Written by the replay benchmark (README, "Benchmarks") on %s.
                Machine: %d cores, JVM %s, max heap %d MB, %s; embedded PostgreSQL. The generated ledger is
                vacuumed and checkpointed before both measurements, as a ledger at rest would be.

                | What | Events | Seconds | Events/s |
                |---|---|---|---|
                | Ledger generated through the event store | %d | %s | %d |
                | Baseline: Axon's defaults (tracking, batch 1, a transaction per event), three projections, fixed window | %d | %s | %d |
                | Baseline: Axon's pooled processor as the application runs it (batch 1,000, its segments: 4 for scores and units, 1 for the audit trail), reset by resetTokens, fixed window | %d | %d | %d |
                | Replay of every projection, switch included | %d | %s | %d |

                Ratio replay / baseline: %s; replay / pooled baseline: %s
                """.formatted(Instant.now(), runtime.availableProcessors(), System.getProperty("java.version"),
                runtime.maxMemory() / (1024 * 1024), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                written, fmt(generateSeconds), Math.round(written / generateSeconds), reached, fmt(window),
                Math.round(baseline), pooledReached, baselineSeconds, Math.round(pooled), replayed, fmt(replaySeconds),
                Math.round(replay), fmt(replay / baseline), fmt(replay / pooled));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, text, StandardCharsets.UTF_8);
        log.info("Results written to {}", results.toAbsolutePath().normalize());
    }

    private static String read(String resource) {
        try {
            return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
