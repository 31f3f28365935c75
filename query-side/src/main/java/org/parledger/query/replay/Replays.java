package org.parledger.query.replay;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.RankingChanged;
import org.parledger.query.projection.BatchProjection;
import org.parledger.query.support.EventStoreKind;
import org.parledger.query.support.ReadModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.parledger.query.support.ReplayProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Replays of the read model's projections: each builds new tables beside the live ones from the events, and
 * switches readers to them only once it has caught up with the head of the ledger. One replay at a time in
 * the whole deployment (a PostgreSQL advisory lock), resumable from its last checkpoint.
 */
@Component
public class Replays {
    private static final Logger log = LoggerFactory.getLogger(Replays.class);
    public static final String ALL = "all";

    /** By name, in the projections' @Order: the order replays list them in. */
    private final Map<String, BatchProjection<?>> projections = new LinkedHashMap<>();
    private final ReplayRun.Resources resources;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "read-model-replay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ReplayRun current;
    private final EventStoreKind store;

    Replays(List<BatchProjection<?>> projections, DataSource dataSource, PlatformTransactionManager transactions,
            Configuration axon, ObjectProvider<ConnectionProvider> connections, TransactionManager axonTransactions,
            TokenStore tokens, ReadModelVersion version, QueryUpdateEmitter updates,
            ObjectProvider<ReplayObserver> observers, ObjectProvider<EventUpcaster> upcasters,
            ReplayProperties properties, EventStoreKind store, Environment environment) {
        int checkpointEvery = properties.checkpointEvery();
        int readBatch = properties.readBatch();
        Duration logInterval = properties.logInterval();
        projections.forEach(p -> this.projections.put(p.name(), p));
        this.store = store;
        ConnectionProvider connectionProvider = connections.getIfAvailable();
        // With Axon Server there is a connection provider (the read model's database) but no ledger in it.
        EventStorageEngine reader = connectionProvider == null || store.axonServer() ? null : JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(axonTransactions)
                .eventSerializer(axon.eventSerializer())
                .snapshotSerializer(axon.serializer())
                .upcasterChain(axon.upcasterChain())
                .batchSize(readBatch)
                .build();
        Serializer serializer = axon.serializer();
        EventProcessingConfiguration processing = axon.eventProcessingConfiguration();
        this.resources = new ReplayRun.Resources(dataSource, transactions, reader, serializer, axon.eventSerializer(),
                axon.upcasterChain(), upcasters.stream().anyMatch(u -> !(u instanceof EventUpcasterChain)), readBatch, tokens,
                group -> processing.eventProcessorByProcessingGroup(group, EventProcessor.class),
                () -> {
                    version.everyYearChangedOnCommit();
                    updates.emit(FindRanking.class, query -> true, new RankingChanged(null, null));
                },
                observers::orderedStream, checkpointEvery, logInterval,
                // Axon's own setting, read as its processors read it: a switch on a database where they never ran splits alike.
                group -> environment.getProperty("axon.eventhandling.processors." + group + ".initial-segment-count",
                        Integer.class, 1));
    }

    /**
     * Whether a replay's bulk pass reads each event's metadata once, for both its hash check and the event handed to
     * the projections: when there are no upcasters and the event serializer (Jackson) reads metadata exactly as the
     * hash check does. Otherwise it reads it twice, which is correct but slower.
     */
    public boolean readsMetadataOnce() {
        return BulkLedgerReader.readsMetadataOnce(resources.eventSerializer(), resources.upcast());
    }

    /** The projections an admin can replay, by name. */
    public List<String> projectionNames() {
        return List.copyOf(projections.keySet());
    }

    /**
     * Starts a replay of the named projections ("all" or none named: every one). Resumes from the last
     * checkpoint when the previous replay of the same projections stopped before switching.
     */
    public synchronized ReplayProgress start(List<String> names) {
        store.requireJdbc("a replay");
        ReplayRun running = current;
        if (running != null && !running.progress().finished()) {
            throw new LedgerException(ErrorCode.CONFLICT, "projections", "a replay is already running: "
                    + running.progress().projections());
        }
        ReplayRun run = new ReplayRun(chosen(names), resources);
        current = run;
        run.future = CompletableFuture.supplyAsync(run::run, runner);
        log.info("Replay of {} started", run.progress().projections());
        return run.progress();
    }

    private List<BatchProjection<?>> chosen(List<String> names) {
        List<BatchProjection<?>> chosen = new ArrayList<>();
        if (names == null || names.isEmpty() || names.contains(ALL)) {
            chosen.addAll(projections.values());
        } else {
            for (String name : names) {
                BatchProjection<?> projection = projections.get(name);
                if (projection == null) {
                    throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "projections", "no projection named '" + name
                            + "'; there are " + projections.keySet());
                }
                if (!chosen.contains(projection)) chosen.add(projection);
            }
            chosen.sort((a, b) -> List.copyOf(projections.values()).indexOf(a) - List.copyOf(projections.values()).indexOf(b));
        }
        return chosen;
    }

    /**
     * Rebuilds the named projections (none named: all) beside the live tables from the verified ledger, compares
     * them row by row with the live read model at the same position, and drops the rebuild. Refused while another
     * replay runs or an unfinished one waits to be resumed.
     */
    public ReadModelComparison compare(List<String> names, Duration timeout) {
        ReplayRun run;
        synchronized (this) {
            store.requireJdbc("a comparison with a rebuild");
            ReplayRun running = current;
            if (running != null && !running.progress().finished()) {
                throw new LedgerException(ErrorCode.CONFLICT, null, "a replay is running: " + running.progress().projections());
            }
            if (unfinished().isPresent()) {
                throw new LedgerException(ErrorCode.CONFLICT, null, "an unfinished replay waits to be resumed: resume or cancel it first");
            }
            run = new ReplayRun(chosen(names), resources, true);
            current = run;
            run.future = CompletableFuture.supplyAsync(run::run, runner);
        }
        ReplayProgress end;
        try {
            end = run.future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            run.cancel();
            throw new LedgerException(ErrorCode.CONFLICT, null, "the comparison took longer than " + timeout + "; it was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (run.comparison() == null) {
            throw new LedgerException(ErrorCode.INTEGRITY_VIOLATION, null, "no comparison: " + end.message());
        }
        return run.comparison();
    }

    public ReplayProgress progress() {
        ReplayRun run = current;
        return run == null ? ReplayProgress.idle() : run.progress();
    }

    /** Stops the running replay and drops its tables; the live read model keeps serving. */
    public ReplayProgress cancel() {
        ReplayRun run = current;
        if (run == null || run.progress().finished()) {
            throw new LedgerException(ErrorCode.CONFLICT, null, "no replay is running");
        }
        run.cancel();
        return run.progress();
    }

    /** Completes with the final progress of the current (or last) replay. */
    public CompletableFuture<ReplayProgress> completion() {
        ReplayRun run = current;
        return run == null ? CompletableFuture.completedFuture(ReplayProgress.idle()) : run.future;
    }

    /** A replay that stopped before switching (process killed, error) left a checkpoint: its projections. */
    public Optional<List<String>> unfinished() {
        return ReplayRun.unfinished(resources);
    }
}
