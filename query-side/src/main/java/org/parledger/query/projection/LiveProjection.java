package org.parledger.query.projection;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.parledger.query.support.ReadModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link BatchProjection} in its streaming processor: the events of one processor batch are collected
 * and, when the batch commits, applied together: a few statements per batch instead of several per event.
 * The rows, the processor's token and any parked events are written in the same transaction.
 */
public abstract class LiveProjection<S extends ProjectionState> {
    private static final Logger log = LoggerFactory.getLogger(LiveProjection.class);
    private final BatchProjection<S> projection;
    private final DataSource dataSource;
    private final ReadModelVersion version;
    private final String batchKey;
    private final ParkedEvents parked;

    protected LiveProjection(BatchProjection<S> projection, DataSource dataSource, ReadModelVersion version,
                             ParkedEvents parked) {
        this.projection = projection;
        this.parked = parked;
        parked.register(projection.processingGroup(), this);
        this.dataSource = dataSource;
        this.version = version;
        this.batchKey = LiveProjection.class.getName() + "/" + projection.name();
    }

    @EventHandler
    public void on(Object payload, EventMessage<?> message) {
        if (!(message instanceof TrackedEventMessage<?> tracked)) {
            throw new IllegalStateException(projection.name() + " runs in a streaming processor only");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<TrackedEventMessage<?>> batch = unitOfWork.getOrComputeResource(batchKey, key -> {
            List<TrackedEventMessage<?>> events = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> project(events));
            return events;
        });
        batch.add(tracked);
    }

    /**
     * Applies a batch: whole, when it can. When it fails on something an event carries (not a lost connection), the
     * batch is applied again event by event and each event that fails is parked with its stream's later events, so
     * that every other stream goes on (see {@link ParkedEvents}). Events of streams already parked join them.
     */
    private void project(List<TrackedEventMessage<?>> messages) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Set<String> parkedStreams = parked.parkedStreams(connection, projection.processingGroup());
            List<TrackedEventMessage<?>> live = messages;
            if (!parkedStreams.isEmpty()) {
                live = new ArrayList<>(messages.size());
                for (TrackedEventMessage<?> message : messages) {
                    if (parkedStreams.contains(ParkedEvents.streamOf(message))) {
                        parked.park(projection.processingGroup(), message, null);
                    } else {
                        live.add(message);
                    }
                }
                if (live.isEmpty()) return;
            }
            Savepoint whole = connection.setSavepoint();
            S state;
            try {
                state = write(connection, live);
                connection.releaseSavepoint(whole);
            } catch (SQLException | RuntimeException e) {
                if (!ParkedEvents.isPoison(e)) throw e;
                connection.rollback(whole);
                oneByOne(connection, live, parkedStreams);
                return;
            }
            projected(state);
        } catch (SQLException e) {
            throw new IllegalStateException(projection.name() + ": cannot project a batch of " + messages.size()
                    + " events from " + messages.get(0).trackingToken(), e);
        }
    }

    private void oneByOne(Connection connection, List<TrackedEventMessage<?>> messages, Set<String> parkedStreams)
            throws SQLException {
        Set<String> parkedNow = new java.util.HashSet<>(parkedStreams);
        for (TrackedEventMessage<?> message : messages) {
            String stream = ParkedEvents.streamOf(message);
            if (parkedNow.contains(stream)) {
                parked.park(projection.processingGroup(), message, null);
                continue;
            }
            Savepoint one = connection.setSavepoint();
            S state;
            try {
                state = write(connection, List.of(message));
                connection.releaseSavepoint(one);
            } catch (SQLException | RuntimeException e) {
                if (!ParkedEvents.isPoison(e)) throw e;
                connection.rollback(one);
                parked.park(projection.processingGroup(), message, e);
                parkedNow.add(stream);
                log.warn("{}: parked event {} of {} ({}), its stream waits for a retry: {}", projection.processingGroup(),
                        message.getIdentifier(), stream, message.getPayloadType().getSimpleName(), ParkedEvents.oneLine(e));
                continue;
            }
            projected(state);
        }
    }

    private S write(Connection connection, List<TrackedEventMessage<?>> messages) throws SQLException {
        return writeEvents(connection, LedgerPositions.resolve(null, messages, LedgerPositions.inLedger(connection)));
    }

    private S writeEvents(Connection connection, List<LedgerEvent> batch) throws SQLException {
        S state = projection.loadTouched(connection, null, batch);
        for (LedgerEvent event : batch) state.apply(event);
        state.write(connection, null);
        return state;
    }

    /** A parked event, applied again by a retry in its unit of work: positioned by the ledger, then as a batch of one. */
    void applyAgain(Connection connection, EventMessage<?> message) throws SQLException {
        Long position = LedgerPositions.inLedger(connection).indices(List.of(message.getIdentifier())).get(message.getIdentifier());
        if (position == null) throw new IllegalStateException("event " + message.getIdentifier() + " is not in the ledger");
        projected(writeEvents(connection, List.of(new LedgerEvent(position, message))));
    }

    public BatchProjection<S> projection() {
        return projection;
    }

    /** Called after a batch is written, before it commits: what it changed, for readers, on commit. */
    protected abstract void projected(S state);

    protected ReadModelVersion version() {
        return version;
    }

    /** Axon's own reset starts the processor over: the tables start empty, and nothing is parked. */
    @ResetHandler
    public void reset() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Sql.update(connection, "TRUNCATE " + String.join(", ", projection.tables()));
            ParkedEvents.clear(connection, List.of(projection.processingGroup()));
        } catch (SQLException e) {
            throw new IllegalStateException(projection.name() + ": cannot reset", e);
        }
        version.everyYearChangedOnCommit();
    }
}
