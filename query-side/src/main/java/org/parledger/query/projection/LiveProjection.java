package org.parledger.query.projection;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link BatchProjection} in its streaming processor: the events of one processor batch are collected
 * and, when the batch commits, applied together: a few statements per batch instead of several per event.
 * The rows and the processor's token are written in the same transaction.
 */
public abstract class LiveProjection<S extends ProjectionState> {
    private final BatchProjection<S> projection;
    private final DataSource dataSource;
    private final ReadModelVersion version;
    private final String batchKey;

    protected LiveProjection(BatchProjection<S> projection, DataSource dataSource, ReadModelVersion version) {
        this.projection = projection;
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

    private void project(List<TrackedEventMessage<?>> messages) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        S state;
        try {
            List<LedgerEvent> batch = LedgerPositions.resolve(null, messages, LedgerPositions.inLedger(connection));
            state = projection.loadTouched(connection, null, batch);
            for (LedgerEvent event : batch) state.apply(event);
            state.write(connection, null);
        } catch (SQLException e) {
            throw new IllegalStateException(projection.name() + ": cannot project a batch of " + messages.size()
                    + " events from " + messages.get(0).trackingToken(), e);
        }
        projected(state);
    }

    /** Called after a batch is written, before it commits: what it changed, for readers, on commit. */
    protected abstract void projected(S state);

    protected ReadModelVersion version() {
        return version;
    }

    /** Axon's own reset starts the processor over: the tables start empty. */
    @ResetHandler
    public void reset() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Sql.update(connection, "TRUNCATE " + String.join(", ", projection.tables()));
        } catch (SQLException e) {
            throw new IllegalStateException(projection.name() + ": cannot reset", e);
        }
        version.everyYearChangedOnCommit();
    }
}
