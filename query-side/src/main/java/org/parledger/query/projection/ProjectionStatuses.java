package org.parledger.query.projection;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.parledger.query.support.EventStoreKind;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The projections' status, read in one transaction: for projectionStatus, and (through a copy at most a few seconds
 * old, kept by the application's operations) for /actuator/health and the lag and parked-event meters.
 */
@Component
public class ProjectionStatuses {
    private final List<BatchProjection<?>> projections;
    private final ParkedEvents parked;
    private final Configuration axon;
    private final DataSource dataSource;
    private final TransactionTemplate reading;
    private final EventStoreKind store;
    private final ProjectionProgress progress;

    ProjectionStatuses(List<BatchProjection<?>> projections, ParkedEvents parked, Configuration axon, DataSource dataSource,
                       PlatformTransactionManager transactions, EventStoreKind store, ProjectionProgress progress) {
        this.projections = projections;
        this.parked = parked;
        this.axon = axon;
        this.dataSource = dataSource;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.store = store;
        this.progress = progress;
    }

    /** The processing groups of the projections, in a stable order. */
    public List<String> processingGroups() {
        return projections.stream().map(BatchProjection::processingGroup).toList();
    }

    /** As of now. */
    public List<ProjectionStatus> now() {
        Map<String, long[]> counts = parked.counts();
        return reading.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                long[] head = {0};
                if (store.axonServer()) {
                    head[0] = store.head();
                } else {
                    Sql.query(connection, "SELECT COALESCE(max(globalindex), 0) FROM domainevententry", new Object[0], rs -> head[0] = rs.getLong(1));
                }
                List<ProjectionStatus> answer = new ArrayList<>();
                Map<String, List<TrackingToken>> tokens = progress.tokens();
                for (BatchProjection<?> projection : projections) {
                    String group = projection.processingGroup();
                    Long position = position(tokens.get(group));
                    long[] lag = {0};
                    if (store.axonServer()) {
                        // Axon Server numbers events without gaps, from 0.
                        lag[0] = Math.max(0, head[0] - (position == null ? -1L : position));
                    } else {
                        // Counted, not subtracted: numbers a rolled-back transaction took leave gaps that are no events.
                        Sql.query(connection, "SELECT count(*) FROM (SELECT 1 FROM domainevententry WHERE globalindex > ? LIMIT 10000000) x",
                                new Object[]{position == null ? -1L : position}, rs -> lag[0] = rs.getLong(1));
                    }
                    Optional<StreamingEventProcessor> processor = axon.eventProcessingConfiguration()
                            .eventProcessorByProcessingGroup(group, StreamingEventProcessor.class);
                    long[] parkedHere = counts.getOrDefault(group, new long[]{0, 0});
                    boolean failing = ProjectionStatus.failing(processor.map(StreamingEventProcessor::isError).orElse(false), lag[0]);
                    answer.add(new ProjectionStatus(ProjectionsController.schemaName(projection.name()), group, position, head[0], lag[0],
                            parkedHere[0], parkedHere[1], processor.map(StreamingEventProcessor::isRunning).orElse(false), failing));
                }
                return answer;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the projections' positions", e);
            }
        });
    }

    /** The least position of the group's segments: everything up to it is projected (null: nothing yet). */
    private static Long position(List<TrackingToken> segments) {
        if (segments == null || segments.isEmpty()) return null;
        long least = Long.MAX_VALUE;
        for (TrackingToken token : segments) {
            if (token == null || token.position().isEmpty()) return null;
            least = Math.min(least, token.position().getAsLong());
        }
        return least;
    }
}
