package org.parledger.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.parledger.query.projection.EntitySequencing;
import org.parledger.query.projection.LiveProjection;
import java.util.concurrent.Executors;
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
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    private final EventStorageEngine store;
    private final List<LiveProjection<?>> live;
    private final EventStore eventStore;
    private final TransactionManager axonTransactions;
    private final JdbcClient jdbc;
    /** VACUUM and CHECKPOINT are the database owner's: the application's role may not. */
    private final JdbcClient maintenance;
    private final LedgerGenerator generator;
    private final EventProcessingConfiguration processing;
    private final Replays replays;
    private final long events;
    private final int baselineSeconds;
    private final Path results;
    private final Environment environment;

    ReplayBenchmark(EventStorageEngine store, JdbcClient jdbc, PlatformTransactionManager transactions, EventProcessingConfiguration processing,
                    Replays replays, EventChain chain, EmbeddedLedgerDatabase database, List<LiveProjection<?>> live,
                    EventStore eventStore, TransactionManager axonTransactions, BenchmarkProperties properties,
                    Environment environment) {
        this.environment = environment;
        this.store = store;
        this.live = live;
        this.eventStore = eventStore;
        this.axonTransactions = axonTransactions;
        this.jdbc = jdbc;
        this.generator = new LedgerGenerator(store, chain, transactions);
        this.maintenance = JdbcClient.create(database.connections(EmbeddedLedgerDatabase.SUPERUSER));
        this.processing = processing;
        this.replays = replays;
        this.events = properties.replay().events();
        this.baselineSeconds = properties.replay().baselineSeconds();
        this.results = properties.replay().results();
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
        List<StreamingEventProcessor> processors = LedgerGenerator.stopProjections(processing);

        long started = System.nanoTime();
        long written = generator.generate(events);
        double generateSeconds = seconds(started);
        log.info("Ledger of {} events generated through the event store in {} s ({} events/s)", written,
                fmt(generateSeconds), Math.round(written / generateSeconds));

        // A ledger at rest, as a real one is when a replay starts: vacuumed (hint bits set) and checkpointed.
        maintenance.sql("VACUUM (ANALYZE) domainevententry").update();
        maintenance.sql("CHECKPOINT").update();

        // Axon's defaults: the three projections' tracking processors, one event per transaction, for a fixed time.
        processors.forEach(StreamingEventProcessor::start);
        long begunAt = begun(processors);
        long baselineStarted = System.nanoTime();
        Thread.sleep(baselineSeconds * 1000L); // a fixed measuring window, then the positions are read
        long reached = processors.stream().mapToLong(ReplayBenchmark::position).min().orElse(0) - begunAt;
        double baselineWindow = seconds(baselineStarted);
        processors.forEach(StreamingEventProcessor::shutDown);
        double baseline = reached / baselineWindow;

        // Axon's pooled processor as the application runs it (batch 1,000, its segments and sequencing), the same three
        // projections, reset by resetTokens, for the same window.
        long pooledReached = pooledBaseline();
        double pooled = pooledReached / (double) baselineSeconds;

        // The replay engine: every projection from the first event, beside the tables the baseline filled.
        log.info("Baselines done ({} and {} events/s); the replay of every projection starts", Math.round(baseline), Math.round(pooled));
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
        if (audited != written || assessments != generator.opened()) {
            log.error("The replayed read model is incomplete: {} audit entries for {} events, {} assessments for {}",
                    audited, written, assessments, generator.opened());
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
        long begunAt = begun(pooled);
        Thread.sleep(baselineSeconds * 1000L); // the same fixed window as the tracking baseline
        long reached = pooled.stream().mapToLong(ReplayBenchmark::position).min().orElse(0) - begunAt;
        pooled.forEach(PooledStreamingEventProcessor::shutDown);
        executors.forEach(java.util.concurrent.ExecutorService::shutdownNow);
        return reached;
    }

    /**
     * Waits until every processor has claimed its segments and returns the least position then: the measuring window
     * starts there, not at start(), so the time a processor takes to claim is not counted as time it processed nothing.
     */
    private static long begun(List<? extends StreamingEventProcessor> processors) throws InterruptedException {
        if (!LedgerGenerator.claimed(processors)) {
            throw new IllegalStateException("the baseline's processors claimed no segment within a minute");
        }
        return processors.stream().mapToLong(ReplayBenchmark::position).min().orElse(0);
    }

    private static long position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.isPresent() ? p.getAsLong() : 0).min().orElse(0);
    }

    /** Appends the ledger in transactions of {@value #APPEND_BATCH} events; returns how many were written. */
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
                | Baseline: Axon's defaults (tracking, batch 1, a transaction per event), three projections, fixed window from when every processor has claimed its segments | %d | %s | %d |
                | Baseline: Axon's pooled processor as the application runs it (batch 1,000, its segments: 4 for scores and units, 1 for the audit trail), reset by resetTokens, the same window | %d | %d | %d |
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

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
