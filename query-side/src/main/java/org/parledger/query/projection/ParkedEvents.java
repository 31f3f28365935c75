package org.parledger.query.projection;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events a projection could not apply, parked in Axon's sequenced dead-letter queue (JDBC, table deadletterentry)
 * so that one bad event stops only its own stream (a unit-year's assessment, a unit, an index set) and never the
 * ledger's readers. The stream's later events are parked behind it, in order, until an admin retries them: after a
 * fix, each is read again from the ledger (not from the queue's copy, which the application role could change) and
 * applied; a replay that switches in clears the queue of its projections, since it applied every event itself.
 * <p>
 * Only a failure that the same event would meet again is parked: a lost connection, a deadlock or a timeout is
 * thrown on, and the processor retries the whole batch as before.
 * <p>
 * Live processing and retries of one processing group exclude each other through a PostgreSQL advisory lock (shared
 * for each live batch, exclusive for a retry), on every node: a live batch never decides that a stream is clear
 * while a retry is still working through it.
 */
@Component
public class ParkedEvents {
    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
    /** Far more than a bug would ever park; beyond it a batch fails and is retried as it was before the queue. */
    private static final int MAX_STREAMS = 100_000;
    private static final int MAX_PER_STREAM = 100_000;

    private final DataSource dataSource;
    private final TransactionManager axonTransactions;
    private final TransactionTemplate reading;
    private final ObjectProvider<EventStore> eventStore;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new ConcurrentHashMap<>();
    private final Map<String, LiveProjection<?>> projections = new ConcurrentHashMap<>();

    ParkedEvents(DataSource dataSource, PlatformTransactionManager transactions, TransactionManager axonTransactions,
                 ObjectProvider<EventStore> eventStore, @Qualifier("serializer") Serializer serializer,
                 @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.dataSource = dataSource;
        this.axonTransactions = axonTransactions;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.eventStore = eventStore;
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
    }

    /** One parked event, as admins see it. */
    public record Parked(String processingGroup, String stream, String eventId, String eventType,
                         Long position, Long sequenceNumber, String reason, Instant parkedAt, Instant lastTriedAt) {
    }

    /** What a retry did. */
    public record RetryOutcome(int streams, int projected, int stillParked, String message) {
    }

    void register(String processingGroup, LiveProjection<?> projection) {
        projections.put(processingGroup, projection);
    }

    /** The stream an event belongs to: what is parked together and retried in order. */
    static String streamOf(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                ? domain.getAggregateIdentifier() : message.getIdentifier();
    }

    /** Whether any of these streams has events parked in the group. */
    public static boolean isParked(Connection connection, String processingGroup, Collection<String> streams)
            throws SQLException {
        boolean[] parked = {false};
        Sql.query(connection, "SELECT 1 FROM deadletterentry WHERE processinggroup = ? AND sequenceidentifier = ANY(?::text[]) LIMIT 1",
                new Object[]{processingGroup, Sql.textArray(connection, streams)}, rs -> parked[0] = true);
        return parked[0];
    }

    /**
     * For a live batch, in its transaction: takes the group's shared lock and answers the streams that have events
     * parked, whose further events must be parked behind them.
     */
    Set<String> parkedStreams(Connection connection, String processingGroup) throws SQLException {
        Sql.query(connection, "SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))", new Object[]{lockName(processingGroup)},
                rs -> { });
        Set<String> streams = new HashSet<>();
        Sql.query(connection, "SELECT DISTINCT sequenceidentifier FROM deadletterentry WHERE processinggroup = ?",
                new Object[]{processingGroup}, rs -> streams.add(rs.getString(1)));
        return streams;
    }

    /** Parks an event in the current transaction: with the cause that it failed with, or none when it waits behind another. */
    void park(String processingGroup, EventMessage<?> message, Throwable cause) {
        Instant now = GenericDeadLetter.clock.instant();
        queue(processingGroup).enqueue(streamOf(message), new GenericDeadLetter<>(streamOf(message), message,
                cause == null ? null : new ThrowableCause(reason(cause)), now, now, MetaData.emptyInstance()));
    }

    /**
     * What an admin needs to read of a failure: the most specific error (a batch's first failed statement, a cause's
     * root), with its SQLSTATE, in at most 2,000 characters; never the whole statement with its values.
     */
    static ProjectionFailure reason(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < 20; depth++) {
            if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t) {
                t = sql.getNextException();
            } else if (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            } else {
                break;
            }
        }
        String message = (t instanceof SQLException sql && sql.getSQLState() != null ? "SQLSTATE " + sql.getSQLState() + " " : "")
                + t.getClass().getSimpleName() + ": " + t.getMessage();
        return new ProjectionFailure(message.length() > 2_000 ? message.substring(0, 2_000) + "…" : message);
    }

    /** Why an event is parked, as kept in the queue. */
    static final class ProjectionFailure extends RuntimeException {
        ProjectionFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Whether a failure would happen again with the same event, so that parking it is right. Connection losses,
     * deadlocks, serialization failures, timeouts, lack of resources and shutdowns are not: the batch is retried.
     */
    static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof TransientDataAccessException || t instanceof CannotGetJdbcConnectionException
                    || t instanceof InterruptedException) {
                return false;
            }
            if (t instanceof NotProjectedYet wait && !wait.parked()) return false;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("58") || state.equals("55P03") || state.startsWith("XX")) {
                    return false;
                }
            }
            if (t.getCause() == t) break;
        }
        return true;
    }

    /** Every parked event (of one processing group, or all), oldest stream first, at most {@code limit}. */
    public List<Parked> list(String processingGroup, int limit) {
        return reading.execute(status -> {
            List<Parked> parked = new ArrayList<>();
            try {
                Sql.query(DataSourceUtils.getConnection(dataSource), """
                        SELECT d.processinggroup, d.sequenceidentifier, d.eventidentifier, d.payloadtype,
                               e.globalindex, d.sequencenumber, d.causemessage, d.enqueuedat, d.lasttouched
                          FROM deadletterentry d LEFT JOIN domainevententry e ON e.eventidentifier = d.eventidentifier
                         WHERE ?::text IS NULL OR d.processinggroup = ?
                         ORDER BY d.processinggroup, d.sequenceidentifier, d.sequenceindex LIMIT ?""",
                        new Object[]{processingGroup, processingGroup, limit}, rs -> parked.add(new Parked(
                                rs.getString(1), rs.getString(2), rs.getString(3), simpleName(rs.getString(4)),
                                (Long) rs.getObject(5), (Long) rs.getObject(6), rs.getString(7), instant(rs.getString(8)),
                                instant(rs.getString(9)))));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the parked events", e);
            }
            return parked;
        });
    }

    /** Parked events per processing group, and the streams they hold up. */
    public Map<String, long[]> counts() {
        return reading.execute(status -> {
            Map<String, long[]> counts = new java.util.HashMap<>();
            try {
                Sql.query(DataSourceUtils.getConnection(dataSource), """
                        SELECT processinggroup, count(*), count(DISTINCT sequenceidentifier) FROM deadletterentry GROUP BY 1""",
                        new Object[0], rs -> counts.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)}));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count the parked events", e);
            }
            return counts;
        });
    }

    /** The streams with parked events in any of these processing groups: the figures they feed are stale. */
    public Set<String> staleStreams(List<String> processingGroups) {
        return reading.execute(status -> {
            Set<String> streams = new HashSet<>();
            try {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                Sql.query(connection, "SELECT DISTINCT sequenceidentifier FROM deadletterentry WHERE processinggroup = ANY(?)",
                        new Object[]{Sql.textArray(connection, processingGroups)}, rs -> streams.add(rs.getString(1)));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the parked streams", e);
            }
            return streams;
        });
    }

    /**
     * Applies the parked events again, stream by stream, in the order their first events stand in the ledger (an index
     * set's before the assessments scored under it). Each stream in one transaction: applied events leave the queue;
     * at the first that fails again the stream stops, keeps it (with the new reason) and the ones behind it.
     *
     * @param processingGroup only this group's streams, or all when null
     * @param stream          only this stream, or all when null
     */
    public RetryOutcome retry(String processingGroup, String stream) {
        List<String[]> streams = reading.execute(status -> {
            List<String[]> found = new ArrayList<>();
            try {
                Sql.query(DataSourceUtils.getConnection(dataSource), """
                        SELECT d.processinggroup, d.sequenceidentifier, min(COALESCE(e.globalindex, 9223372036854775807))
                          FROM deadletterentry d LEFT JOIN domainevententry e ON e.eventidentifier = d.eventidentifier
                         WHERE (?::text IS NULL OR d.processinggroup = ?) AND (?::text IS NULL OR d.sequenceidentifier = ?)
                         GROUP BY 1, 2 ORDER BY 3, 1, 2""",
                        new Object[]{processingGroup, processingGroup, stream, stream},
                        rs -> found.add(new String[]{rs.getString(1), rs.getString(2)}));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the parked streams", e);
            }
            return found;
        });
        int projected = 0;
        int stuck = 0;
        for (String[] parked : streams) {
            LiveProjection<?> projection = projections.get(parked[0]);
            if (projection == null) {
                stuck++;
                continue;
            }
            int[] outcome = retryStream(parked[0], parked[1], projection);
            projected += outcome[0];
            if (outcome[1] > 0) stuck++;
        }
        long still = counts().entrySet().stream().filter(e -> processingGroup == null || e.getKey().equals(processingGroup))
                .mapToLong(e -> e.getValue()[0]).sum();
        String message = streams.isEmpty() ? "nothing was parked" : projected + " events of " + streams.size()
                + " streams applied" + (stuck == 0 ? "" : "; " + stuck + " streams still fail (see their reasons)");
        log.info("Retry of parked events: {}; {} events still parked", message, still);
        return new RetryOutcome(streams.size(), projected, (int) Math.min(Integer.MAX_VALUE, still), message);
    }

    /** {events applied, 1 when the stream still fails}, in one unit of work (so that readers learn on commit). */
    private int[] retryStream(String processingGroup, String stream, LiveProjection<?> projection) {
        AtomicInteger applied = new AtomicInteger();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(axonTransactions);
        ResultMessage<Boolean> result = unitOfWork.executeWithResult(() -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            Sql.waitForLocks(connection); // for the live batch in flight
            Sql.query(connection, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", new Object[]{lockName(processingGroup)},
                    rs -> { });
            return queue(processingGroup).process(letter -> streamOf(letter.message()).equals(stream), letter -> {
                try {
                    Savepoint savepoint = connection.setSavepoint();
                    try {
                        projection.applyAgain(connection, fromLedger(letter.message()));
                        connection.releaseSavepoint(savepoint);
                        applied.incrementAndGet();
                        return Decisions.evict();
                    } catch (SQLException | RuntimeException e) {
                        if (!isPoison(e)) throw e;
                        connection.rollback(savepoint);
                        ProjectionFailure reason = reason(e);
                        log.warn("{}: parked event {} of {} fails again: {}", processingGroup, letter.message().getIdentifier(),
                                stream, oneLine(reason));
                        return Decisions.requeue(reason);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(processingGroup + ": cannot retry " + stream, e);
                }
            });
        }, e -> true);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        boolean complete = Boolean.TRUE.equals(result.getPayload());
        return new int[]{applied.get(), complete ? 0 : 1};
    }

    /** The event as the ledger holds it (upcast as the processors see it), found by its stream and number. */
    private EventMessage<?> fromLedger(EventMessage<?> parked) {
        if (!(parked instanceof DomainEventMessage<?> domain)) return parked;
        DomainEventStream stream = eventStore.getObject().readEvents(domain.getAggregateIdentifier(), domain.getSequenceNumber());
        if (!stream.hasNext()) {
            throw new IllegalStateException("the ledger holds no event " + domain.getSequenceNumber() + " of " + domain.getAggregateIdentifier());
        }
        DomainEventMessage<?> stored = stream.next();
        if (!stored.getIdentifier().equals(parked.getIdentifier())) {
            throw new IllegalStateException("event " + domain.getSequenceNumber() + " of " + domain.getAggregateIdentifier()
                    + " in the ledger is " + stored.getIdentifier() + ", not the parked " + parked.getIdentifier());
        }
        return stored;
    }

    /** Forgets the parked events of these groups: a replay that switched in has applied all of them. */
    public static void clear(Connection connection, List<String> processingGroups) throws SQLException {
        Sql.update(connection, "DELETE FROM deadletterentry WHERE processinggroup = ANY(?)",
                Sql.textArray(connection, processingGroups));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup) {
        return queues.computeIfAbsent(processingGroup, group -> JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(axonTransactions)
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                .maxSequences(MAX_STREAMS)
                .maxSequenceSize(MAX_PER_STREAM)
                .build());
    }

    private static String lockName(String processingGroup) {
        return "parledger.parked-events:" + processingGroup;
    }

    /** The first line of a failure's reason, for the log. */
    static String oneLine(Throwable failure) {
        String message = String.valueOf(reason(failure).getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String simpleName(String type) {
        return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
