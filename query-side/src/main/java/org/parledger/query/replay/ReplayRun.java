package org.parledger.query.replay;

import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.parledger.query.projection.BatchProjection;
import org.parledger.query.projection.ProjectionHolds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.projection.LedgerEvent;
import org.parledger.query.projection.LedgerPositions;
import org.parledger.query.projection.ProjectionState;
import org.parledger.query.projection.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One replay. A reader thread reads the ledger with large reads and deserialises the events; each projection
 * applies them to its rows in memory on a thread of its own, and at each of its checkpoints writes what
 * changed into its tables in the schema {@value #NEXT} together with the position it reached, in one
 * transaction. Once all have caught up, the processors of the projections stop, the last events are
 * applied, the processors get the replay's position and the new tables take the live ones' place, all in one
 * transaction.
 */
final class ReplayRun {
    private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);
    static final String NEXT = "read_model_next";
    private static final String CHECKPOINT = NEXT + ".replay_checkpoint";
    /** Held for the whole replay: one replay at a time across every node of the deployment. */
    private static final long LOCK = 0x50_41_52_4c_52_45_50_4cL;
    /** Caught up enough to switch: a pass over the ledger's new events found no more than this. */
    private static final int CLOSE_ENOUGH = 5_000;
    private static final int CHUNK = 1_000;
    /** The end of a pass's events. */
    private static final List<TrackedEventMessage<?>> END = new ArrayList<>(0);

    record Resources(DataSource dataSource, PlatformTransactionManager transactions, EventStorageEngine reader,
                     Serializer serializer, Serializer eventSerializer, EventUpcaster upcasters, boolean upcast,
                     int readBatch,
                     TokenStore tokens,
                     Function<String, Optional<EventProcessor>> processors, Runnable switched,
                     Supplier<Stream<ReplayObserver>> observers, int checkpointEvery, Duration logInterval,
                     ToIntFunction<String> initialSegments) {
    }

    /** How long a switch holds the projections on other nodes, and waits for their claims, at most. */
    private static final Duration HOLD = Duration.ofSeconds(60);
    private final List<BatchProjection<?>> projections;
    private final List<String> names;
    private final Resources resources;
    private final TransactionTemplate transaction;
    private final List<Worker> workers = new ArrayList<>();
    private final boolean compareOnly;
    private volatile ReadModelComparison comparison;
    CompletableFuture<ReplayProgress> future;

    private volatile ReplayState state = ReplayState.RUNNING;
    private volatile boolean stopping;
    private volatile boolean cancelled;
    private volatile long head;
    private volatile String message;
    private volatile Instant finishedAt;
    private final Instant startedAt = Instant.now();
    private String liveSchema;

    ReplayRun(List<BatchProjection<?>> projections, Resources resources) {
        this(projections, resources, false);
    }

    /** @param compareOnly build the rebuilt tables, compare them with the live ones, and drop them: no switch */
    ReplayRun(List<BatchProjection<?>> projections, Resources resources, boolean compareOnly) {
        this.compareOnly = compareOnly;
        this.projections = projections;
        this.names = projections.stream().map(BatchProjection::name).toList();
        this.resources = resources;
        this.transaction = new TransactionTemplate(resources.transactions());
    }

    /** One projection's share of the replay: its rows in memory and the position it has applied. */
    private final class Worker {
        final BatchProjection<?> projection;
        ProjectionState state;
        volatile TrackingToken token;
        volatile long processed;
        volatile int checkpoints;
        long processedBefore;
        long sinceCheckpoint;
        /** Events taken from the queue in the current pass, applied or skipped as already held. */
        long seen;
        BlockingQueue<List<TrackedEventMessage<?>>> queue;

        Worker(BatchProjection<?> projection) {
            this.projection = projection;
        }

        long position() {
            TrackingToken t = token;
            return t == null ? 0 : t.position().orElse(0);
        }

        /** Applies the event unless the projection's checkpoint already holds it; says whether it did. */
        boolean apply(TrackedEventMessage<?> message) {
            TrackingToken next = message.trackingToken();
            if (token != null && token.covers(next)) return false;
            state.apply(new LedgerEvent(LedgerPositions.of(token, message, resources.dataSource()), message));
            token = next;
            processed++;
            return true;
        }

        /** Applies every chunk of the pass; checkpoints as it goes. */
        void run() throws InterruptedException {
            seen = 0;
            for (List<TrackedEventMessage<?>> chunk = queue.take(); chunk != END; chunk = queue.take()) {
                for (TrackedEventMessage<?> message : chunk) {
                    if (stopping) return;
                    seen++;
                    if (apply(message) && ++sinceCheckpoint >= resources.checkpointEvery()) checkpoint();
                }
            }
        }

        void checkpoint() {
            transaction.executeWithoutResult(s -> sql(c -> {
                // A checkpoint lost in a crash is replayed again: no need to wait for the disk.
                Sql.update(c, "SET LOCAL synchronous_commit = off");
                write(c);
            }));
            sinceCheckpoint = 0;
        }

        void write(Connection c) throws SQLException {
            state.write(c, NEXT);
            SerializedObject<byte[]> serialized = token == null ? null : resources.serializer().serialize(token, byte[].class);
            Sql.update(c, "UPDATE " + CHECKPOINT + " SET token = ?, token_type = ?, processed = ? WHERE projection = ?",
                    serialized == null ? null : serialized.getData(),
                    serialized == null ? null : serialized.getType().getName(), processed, projection.name());
            checkpoints++;
            resources.observers().get().forEach(o -> o.checkpointWritten(projection.name(), processed));
        }
    }

    void cancel() {
        cancelled = true;
        stopping = true;
    }

    ReplayProgress progress() {
        long processed = Long.MAX_VALUE;
        long position = Long.MAX_VALUE;
        long before = 0;
        int checkpoints = 0;
        for (Worker worker : workers) {
            processed = Math.min(processed, worker.processed);
            position = Math.min(position, worker.position());
            before = Math.max(before, worker.processedBefore);
            checkpoints += worker.checkpoints;
        }
        if (workers.isEmpty()) processed = position = 0;
        long remaining = Math.max(0, head - position);
        double seconds = Math.max(1e-3, Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt).toNanos() / 1e9);
        double rate = Math.max(0, processed - before) / seconds;
        Double left = state == ReplayState.RUNNING && rate > 0 ? remaining / rate : null;
        return new ReplayProgress(state, names, processed, position, head, remaining, rate, left, checkpoints, startedAt,
                finishedAt, message);
    }

    ReplayProgress run() {
        ScheduledExecutorService logger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "read-model-replay-progress");
            thread.setDaemon(true);
            return thread;
        });
        Connection lock = null;
        try {
            lock = resources.dataSource().getConnection();
            if (!tryLock(lock)) {
                lock.close();
                lock = null;
                throw new IllegalStateException("another replay is running on this ledger");
            }
            long every = resources.logInterval().toMillis();
            logger.scheduleAtFixedRate(this::logProgress, every, every, TimeUnit.MILLISECONDS);
            prepare();
            head = head();
            boolean bulk = true;
            while (pass(bulk) > CLOSE_ENOUGH || bulk) {
                bulk = false;
                head = head();
            }
            if (compareOnly) {
                compareOver();
                state = ReplayState.COMPLETED;
                message = comparison.message();
                return progress();
            }
            long caughtUp = System.nanoTime();
            finish();
            long finished = System.nanoTime();
            switchOver();
            log.info("Replay of {} caught up; last checkpoints and readers' indexes {} ms, switch {} ms", names,
                    (finished - caughtUp) / 1_000_000, (System.nanoTime() - finished) / 1_000_000);
            state = ReplayState.COMPLETED;
            message = "the new tables serve from position " + progress().position();
        } catch (Cancelled e) {
            transaction.executeWithoutResult(s -> sql(c -> Sql.update(c, "DROP SCHEMA IF EXISTS " + NEXT + " CASCADE")));
            state = ReplayState.CANCELLED;
            message = "cancelled; the live read model kept serving";
        } catch (Throwable e) {
            log.error("Replay of {} failed", names, e);
            state = ReplayState.FAILED;
            message = "failed (" + e + "); the live read model kept serving; a new replay of the same projections "
                    + "resumes from the last checkpoint";
        } finally {
            unlock(lock);
            logger.shutdownNow();
            finishedAt = Instant.now();
            logProgress();
        }
        return progress();
    }

    /**
     * The lock is the session's: a pooled connection outlives it, so it is given back explicitly (before, it stayed
     * with the connection in this node's pool, and no other node could replay until this one stopped).
     */
    private static void unlock(Connection lock) {
        if (lock == null) return;
        try (lock; PreparedStatement statement = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, LOCK);
            statement.executeQuery().close();
        } catch (SQLException e) {
            log.warn("cannot give back the replay lock; it goes with its connection: {}", e.toString());
        }
    }

    private static final class Cancelled extends RuntimeException {
    }

    ReadModelComparison comparison() {
        return comparison;
    }

    /**
     * Lets the live projections reach the rebuild's position, stops them there, brings the rebuild to exactly their
     * tokens, and compares every table row by row; then drops the rebuild and lets the live projections go on. The
     * live tables and tokens are not changed.
     */
    private void compareOver() throws InterruptedException {
        List<String> groups = projections.stream().map(BatchProjection::processingGroup).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!liveReached(groups)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the live projections did not catch up within 2 minutes");
            Thread.sleep(100);
        }
        state = ReplayState.SWITCHING;
        List<EventProcessor> stopped = new ArrayList<>();
        try {
            for (BatchProjection<?> projection : projections) {
                resources.processors().apply(projection.processingGroup()).ifPresent(processor -> {
                    if (processor.isRunning()) {
                        processor.shutDown();
                        stopped.add(processor);
                    }
                });
            }
            transaction.executeWithoutResult(s -> sql(c -> compareInTransaction(c, groups)));
        } finally {
            stopped.forEach(EventProcessor::start);
            transaction.executeWithoutResult(s -> sql(c -> Sql.update(c, "DROP SCHEMA IF EXISTS " + NEXT + " CASCADE")));
        }
    }

    private boolean liveReached(List<String> groups) {
        Map<String, TrackingToken> live = transaction.execute(s -> liveTokens(DataSourceUtils.getConnection(resources.dataSource()), groups));
        for (Worker worker : workers) {
            TrackingToken token = live.get(worker.projection.processingGroup());
            if (worker.token != null && (token == null || !token.covers(worker.token))) return false;
        }
        return true;
    }

    private Map<String, TrackingToken> liveTokens(Connection c, List<String> groups) {
        Map<String, TrackingToken> tokens = new java.util.HashMap<>();
        try (PreparedStatement statement = c.prepareStatement(
                "SELECT processorname, token, tokentype FROM tokenentry WHERE processorname = ANY(?) AND token IS NOT NULL")) {
            statement.setArray(1, Sql.textArray(c, groups));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tokens.put(rs.getString(1), resources.serializer().deserialize(
                            new SimpleSerializedObject<>(rs.getBytes(2), byte[].class, rs.getString(3), null)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tokens;
    }

    private void compareInTransaction(Connection c, List<String> groups) throws SQLException {
        Sql.waitForLocks(c); // for the processors' batches in flight and the readers of the tables switched
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT processorname FROM tokenentry WHERE processorname = ANY(?) FOR UPDATE")) {
            lock.setArray(1, Sql.textArray(c, groups));
            lock.executeQuery().close();
        }
        Map<String, TrackingToken> live = liveTokens(c, groups);
        try (Stream<? extends TrackedEventMessage<?>> stream = resources.reader().readEvents(lowest(), false)) {
            stream.forEach(message -> workers.forEach(worker -> {
                TrackingToken upTo = live.get(worker.projection.processingGroup());
                if (upTo != null && upTo.covers(message.trackingToken())) worker.apply(message);
            }));
        }
        for (Worker worker : workers) worker.write(c);
        List<ReadModelComparison.TableDifference> differences = new ArrayList<>();
        for (BatchProjection<?> projection : projections) {
            for (String table : projection.tables()) {
                List<String> liveRows = rows(c, "SELECT t::text FROM %s.%s t EXCEPT ALL SELECT t::text FROM %s.%s t ORDER BY 1"
                        .formatted(liveSchema, table, NEXT, table));
                List<String> rebuiltRows = rows(c, "SELECT t::text FROM %s.%s t EXCEPT ALL SELECT t::text FROM %s.%s t ORDER BY 1"
                        .formatted(NEXT, table, liveSchema, table));
                if (!liveRows.isEmpty() || !rebuiltRows.isEmpty()) {
                    differences.add(new ReadModelComparison.TableDifference(table, liveRows.size(), rebuiltRows.size(),
                            liveRows.subList(0, Math.min(20, liveRows.size())), rebuiltRows.subList(0, Math.min(20, rebuiltRows.size()))));
                }
            }
        }
        long position = workers.stream().mapToLong(Worker::position).min().orElse(0);
        comparison = new ReadModelComparison(differences.isEmpty(), position, List.copyOf(differences), differences.isEmpty()
                ? "the live read model equals a rebuild from the verified ledger at position " + position
                : differences.stream().mapToLong(d -> d.onlyLive() + d.onlyRebuilt()).sum() + " row(s) differ from a rebuild "
                + "from the verified ledger at position " + position + " in " + differences.stream()
                .map(ReadModelComparison.TableDifference::table).toList());
        // The claims taken by stopping the processors are theirs again when they start.
        for (String group : groups) {
            for (int segment : resources.tokens().fetchSegments(group)) resources.tokens().releaseClaim(group, segment);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Resumes from the checkpoints of an unfinished replay of the same projections, or starts afresh. */
    private void prepare() {
        transaction.executeWithoutResult(s -> sql(c -> {
            liveSchema = single(c, "SELECT current_schema()");
            Map<String, Object[]> checkpoints = readCheckpoints(c);
            if (checkpoints != null && checkpoints.keySet().equals(new java.util.HashSet<>(names))) {
                for (BatchProjection<?> projection : projections) {
                    Object[] checkpoint = checkpoints.get(projection.name());
                    Worker worker = new Worker(projection);
                    worker.token = token(checkpoint);
                    worker.processed = worker.processedBefore = (Long) checkpoint[2];
                    worker.state = projection.loadAll(c, NEXT);
                    workers.add(worker);
                    log.info("Replay of {} resumes from position {} ({} events already replayed)", projection.name(),
                            worker.position(), worker.processed);
                }
                return;
            }
            Sql.update(c, "DROP SCHEMA IF EXISTS " + NEXT + " CASCADE");
            Sql.update(c, "CREATE SCHEMA " + NEXT);
            Sql.update(c, "CREATE TABLE " + CHECKPOINT + " (projection TEXT PRIMARY KEY, token BYTEA, token_type TEXT, "
                    + "processed BIGINT NOT NULL)");
            for (BatchProjection<?> projection : projections) {
                for (String table : projection.tables()) {
                    Sql.update(c, "CREATE TABLE %s.%s (LIKE %s.%s INCLUDING ALL)".formatted(NEXT, table, liveSchema, table));
                    for (String[] deferred : deferred(c, NEXT, table)) {
                        Sql.update(c, deferred[1] == null ? "DROP INDEX %s.%s".formatted(NEXT, deferred[0])
                                : "ALTER TABLE %s.%s DROP CONSTRAINT %s".formatted(NEXT, table, deferred[0]));
                    }
                }
                Sql.update(c, "INSERT INTO " + CHECKPOINT + " VALUES (?, NULL, NULL, 0)", projection.name());
                Worker worker = new Worker(projection);
                worker.state = projection.empty();
                workers.add(worker);
            }
        }));
    }

    private TrackingToken token(Object[] checkpoint) {
        return checkpoint[0] == null ? null : resources.serializer().deserialize(
                new SimpleSerializedObject<>((byte[]) checkpoint[0], byte[].class, (String) checkpoint[1], null));
    }

    /** The lowest position of all projections: where a pass starts reading. */
    private TrackingToken lowest() {
        TrackingToken lowest = null;
        for (int i = 0; i < workers.size(); i++) {
            TrackingToken t = workers.get(i).token;
            if (t == null) return null;
            lowest = i == 0 ? t : lowest.lowerBound(t);
        }
        return lowest;
    }

    /**
     * Reads every event after the lowest position that exists now and hands each chunk to every projection's
     * thread; returns how many events were read.
     */
    private long pass(boolean bulk) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Worker worker : workers) {
            worker.queue = new ArrayBlockingQueue<>(32);
            Thread thread = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable e) {
                    failures.add(e);
                    stopping = true;
                }
            }, "read-model-replay-" + worker.projection.name());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        long read = 0;
        TrackingToken from = lowest();
        try {
            if (bulk && (from == null || from instanceof GapAwareTrackingToken)) {
                // The bulk of the ledger: the fast reader. Later passes take the event store's own reader.
                try (BulkLedgerReader reader = new BulkLedgerReader(resources.dataSource(), resources.eventSerializer(),
                        resources.upcasters(), resources.upcast(), (GapAwareTrackingToken) from, resources.readBatch())) {
                    for (List<TrackedEventMessage<?>> batch = reader.next(); batch != null && !stopping; batch = reader.next()) {
                        for (int i = 0; i < batch.size(); i += CHUNK) hand(batch.subList(i, Math.min(batch.size(), i + CHUNK)));
                        read += batch.size();
                    }
                }
            } else {
                try (Stream<? extends TrackedEventMessage<?>> stream = resources.reader().readEvents(from, false)) {
                    Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
                    List<TrackedEventMessage<?>> chunk = new ArrayList<>(CHUNK);
                    while (!stopping && events.hasNext()) {
                        TrackedEventMessage<?> message = events.next();
                        message.getPayload();
                        message.getTimestamp();
                        chunk.add(message);
                        read++;
                        if (chunk.size() == CHUNK) {
                            hand(chunk);
                            chunk = new ArrayList<>(CHUNK);
                        }
                    }
                    if (!chunk.isEmpty()) hand(chunk);
                }
            }
        } finally {
            for (Worker worker : workers) {
                if (stopping) {
                    // Nobody waits for what is queued any more: make room for the end.
                    worker.queue.clear();
                    worker.queue.offer(END);
                } else {
                    worker.queue.put(END);
                }
            }
            for (Thread thread : threads) thread.join();
        }
        if (cancelled) throw new Cancelled();
        if (!failures.isEmpty()) throw new IllegalStateException("a projection failed", failures.get(0));
        for (Worker worker : workers) {
            // Every projection must have seen every event read: anything else would be a silent gap.
            if (worker.seen != read) {
                throw new IllegalStateException(worker.projection.name() + " saw " + worker.seen + " of the "
                        + read + " events read in this pass");
            }
        }
        return read;
    }

    private void hand(List<TrackedEventMessage<?>> chunk) throws InterruptedException {
        for (Worker worker : workers) {
            while (!worker.queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (stopping) return;
            }
        }
    }

    /**
     * Each projection, on a thread of its own, writes its last checkpoint and then builds the indexes and
     * constraints that serve readers only: once, after the bulk of the rows is in, with room to sort in memory.
     */
    private void finish() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> {
                try {
                    long started = System.nanoTime();
                    worker.checkpoint();
                    long checkpointed = System.nanoTime();
                    createDeferredIndexes(worker.projection);
                    log.info("Replay of {}: last checkpoint {} ms, readers' indexes {} ms", worker.projection.name(),
                            (checkpointed - started) / 1_000_000, (System.nanoTime() - checkpointed) / 1_000_000);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "read-model-replay-finish-" + worker.projection.name());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        if (!failures.isEmpty()) throw new IllegalStateException("finishing the new tables failed", failures.get(0));
    }

    private void createDeferredIndexes(BatchProjection<?> projection) {
        transaction.executeWithoutResult(s -> sql(c -> {
            Sql.update(c, "SET LOCAL maintenance_work_mem = '256MB'");
            for (String table : projection.tables()) {
                for (String[] deferred : deferred(c, liveSchema, table)) {
                    Sql.update(c, deferred[1] == null
                            ? single(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = ?",
                            liveSchema, deferred[0]).replace(" ON " + liveSchema + ".", " ON " + NEXT + ".")
                            : "ALTER TABLE %s.%s ADD CONSTRAINT %s %s".formatted(NEXT, table, deferred[0], deferred[1]));
                }
            }
        }));
    }

    /**
     * Stops the projections' processors, applies the events that arrived since the last pass, gives the
     * processors the replay's position and moves the new tables in place of the live ones: one transaction,
     * so readers see the old tables or the new ones, never a mix. The processors start again either way.
     */
    private void switchOver() throws InterruptedException {
        state = ReplayState.SWITCHING;
        List<EventProcessor> stopped = new ArrayList<>();
        try {
            for (BatchProjection<?> projection : projections) {
                resources.processors().apply(projection.processingGroup()).ifPresent(processor -> {
                    if (processor.isRunning()) {
                        processor.shutDown();
                        stopped.add(processor);
                    }
                });
            }
            // Other nodes let go of their segments when they see the hold (ProjectionHolds); a claim held by a node that
            // died expires (Axon's claim timeout). Until then the switch waits.
            List<String> groups = projections.stream().map(BatchProjection::processingGroup).toList();
            JdbcClient holds = JdbcClient.create(resources.dataSource());
            ProjectionHolds.hold(holds, groups, HOLD);
            try {
                long deadline = System.nanoTime() + HOLD.toNanos();
                while (true) {
                    try {
                        transaction.executeWithoutResult(s -> sql(this::switchInTransaction));
                        break;
                    } catch (UnableToClaimTokenException e) {
                        if (System.nanoTime() > deadline) throw e;
                        message = "waiting for other nodes to release the projections' segments: " + e.getMessage();
                        Thread.sleep(200);
                    }
                }
            } finally {
                ProjectionHolds.end(holds, groups);
            }
        } finally {
            stopped.forEach(EventProcessor::start);
        }
        head = Math.max(head, progress().position());
        resources.switched().run();
    }

    private void switchInTransaction(Connection c) throws SQLException {
        List<String> groups = projections.stream().map(BatchProjection::processingGroup).toList();
        Sql.waitForLocks(c); // for the processors' batches in flight and the readers of the tables switched
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT processorname FROM tokenentry WHERE processorname = ANY(?) FOR UPDATE")) {
            lock.setArray(1, Sql.textArray(c, groups));
            lock.executeQuery().close();
        }
        // Claim every segment first (a stale claim of a dead node is taken over; a live one refuses): nothing in
        // memory has changed yet if this fails, so the switch can be tried again.
        for (String group : groups) {
            for (int segment : resources.tokens().fetchSegments(group)) resources.tokens().fetchToken(group, segment);
        }
        try (Stream<? extends TrackedEventMessage<?>> stream = resources.reader().readEvents(lowest(), false)) {
            stream.forEach(message -> workers.forEach(worker -> worker.apply(message)));
        }
        for (Worker worker : workers) worker.write(c);
        for (Worker worker : workers) {
            String group = worker.projection.processingGroup();
            int[] segments = resources.tokens().fetchSegments(group);
            if (segments.length == 0) {
                resources.tokens().initializeTokenSegments(group, resources.initialSegments().applyAsInt(group), worker.token);
            }
            for (int segment : segments) {
                resources.tokens().storeToken(worker.token, group, segment);
                resources.tokens().releaseClaim(group, segment);
            }
        }
        for (BatchProjection<?> projection : projections) {
            for (String table : projection.tables()) {
                Sql.update(c, "DROP TABLE %s.%s".formatted(liveSchema, table));
                Sql.update(c, "ALTER TABLE %s.%s SET SCHEMA %s".formatted(NEXT, table, liveSchema));
            }
        }
        Sql.update(c, "DROP SCHEMA " + NEXT + " CASCADE");
        // The replay applied every event up to the processors' new position, the parked ones too.
        ParkedEvents.clear(c, groups);
    }

    private void logProgress() {
        ReplayProgress p = progress();
        StringBuilder each = new StringBuilder();
        for (Worker worker : workers) each.append(each.isEmpty() ? "" : ", ").append(worker.projection.name()).append(' ')
                .append(worker.processed);
        log.info("Replay of {}: {} - {} events replayed ({}), position {} of {}, {} events/s{}", p.projections(), p.state(),
                p.processed(), each, p.position(), p.head(), Math.round(p.eventsPerSecond()),
                p.secondsLeft() == null ? "" : ", about " + Math.round(p.secondsLeft()) + " s left");
    }

    private long head() {
        return transaction.execute(s -> {
            try {
                return Long.parseLong(single(DataSourceUtils.getConnection(resources.dataSource()),
                        "SELECT COALESCE(MAX(globalindex), 0)::text FROM domainevententry"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The projections of an unfinished replay that left checkpoints. */
    static Optional<List<String>> unfinished(Resources resources) {
        return new TransactionTemplate(resources.transactions()).execute(s -> {
            try {
                Map<String, Object[]> checkpoints = readCheckpoints(DataSourceUtils.getConnection(resources.dataSource()));
                return checkpoints == null ? Optional.<List<String>>empty() : Optional.of(List.copyOf(checkpoints.keySet()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Token bytes, token type and events processed by projection; null when there are no checkpoints. */
    private static Map<String, Object[]> readCheckpoints(Connection c) throws SQLException {
        if (single(c, "SELECT to_regclass(?)::text", CHECKPOINT) == null) return null;
        Map<String, Object[]> checkpoints = new LinkedHashMap<>();
        try (PreparedStatement statement = c.prepareStatement(
                "SELECT projection, token, token_type, processed FROM " + CHECKPOINT + " ORDER BY projection");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) checkpoints.put(rs.getString(1), new Object[]{rs.getBytes(2), rs.getString(3), rs.getLong(4)});
        }
        return checkpoints.isEmpty() ? null : checkpoints;
    }

    /**
     * A table's indexes other than its primary key, which upserts need: name and, for a constraint, its
     * definition (null for a plain index). Built after the bulk load, they cost far less.
     */
    private static List<String[]> deferred(Connection c, String schema, String table) throws SQLException {
        List<String[]> indexes = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement("""
                SELECT COALESCE(k.conname, i.relname), CASE WHEN k.oid IS NULL THEN NULL ELSE pg_get_constraintdef(k.oid) END
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = t.oid
                WHERE n.nspname = ? AND t.relname = ? AND NOT x.indisprimary
                ORDER BY 1""")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) indexes.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        return indexes;
    }

    private static String single(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private void sql(SqlWork work) {
        try {
            work.run(DataSourceUtils.getConnection(resources.dataSource()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
