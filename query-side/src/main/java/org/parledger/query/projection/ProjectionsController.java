package org.parledger.query.projection;

import graphql.GraphQLContext;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.query.support.EventStoreKind;
import org.parledger.query.support.ReadAccess;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How the projections keep up with the ledger, and the events they parked: admins and inspectors; retries: admins. */
@Controller
class ProjectionsController {
    private final List<BatchProjection<?>> projections;
    private final ParkedEvents parked;
    private final Configuration axon;
    private final DataSource dataSource;
    private final TransactionTemplate reading;

    private final EventStoreKind store;
    private final ProjectionProgress progress;

    ProjectionsController(List<BatchProjection<?>> projections, ParkedEvents parked, Configuration axon, DataSource dataSource,
                          PlatformTransactionManager transactions, EventStoreKind store, ProjectionProgress progress) {
        this.store = store;
        this.progress = progress;
        this.projections = projections;
        this.parked = parked;
        this.axon = axon;
        this.dataSource = dataSource;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    record ProjectionStatus(String projection, String processingGroup, Long position, long head, long lag,
                            long parkedEvents, long parkedStreams, boolean running, boolean failing) {
    }

    record ParkedEvent(String projection, String stream, String eventId, String eventType, Long position, Long sequenceNumber,
                       String reason, java.time.Instant parkedAt, java.time.Instant lastTriedAt) {
    }

    record ParkedEventsRetry(int streams, int applied, int stillParked, String message) {
    }

    @QueryMapping
    List<ProjectionStatus> projectionStatus(GraphQLContext context) {
        ReadAccess.requireRole(context, "the projections' status", Role.ADMIN, Role.INSPECTOR);
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
                    answer.add(new ProjectionStatus(schemaName(projection.name()), group, position, head[0], lag[0],
                            parkedHere[0], parkedHere[1], processor.map(StreamingEventProcessor::isRunning).orElse(false),
                            processor.map(StreamingEventProcessor::isError).orElse(false)));
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

    @QueryMapping
    List<ParkedEvent> parkedEvents(@Argument String projection, @Argument int first, GraphQLContext context) {
        ReadAccess.requireRole(context, "the parked events", Role.ADMIN, Role.INSPECTOR);
        if (first < 1 || first > 1000) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "first", "1 to 1000 parked events at a time");
        return parked.list(group(projection), first).stream().map(p -> new ParkedEvent(schemaName(nameOf(p.processingGroup())),
                p.stream(), p.eventId(), p.eventType(), p.position(), p.sequenceNumber(), p.reason(), p.parkedAt(),
                p.lastTriedAt())).toList();
    }

    @MutationMapping
    ParkedEventsRetry retryParkedEvents(@Argument String projection, @Argument String stream, GraphQLContext context) {
        ReadAccess.requireRole(context, "retrying parked events", Role.ADMIN);
        ParkedEvents.RetryOutcome outcome = parked.retry(group(projection), stream);
        return new ParkedEventsRetry(outcome.streams(), outcome.projected(), outcome.stillParked(), outcome.message());
    }

    /** SCORES, UNITS, AUDIT_TRAIL as the schema names them: the processing group; null for all. */
    private String group(String schemaName) {
        if (schemaName == null) return null;
        String name = schemaName.toLowerCase(Locale.ROOT).replace('_', '-');
        return projections.stream().filter(p -> p.name().equals(name)).map(BatchProjection::processingGroup).findFirst()
                .orElseThrow(() -> new LedgerException(ErrorCode.INVALID_ARGUMENT, "projection", "no projection " + schemaName));
    }

    private String nameOf(String processingGroup) {
        return projections.stream().filter(p -> p.processingGroup().equals(processingGroup)).map(BatchProjection::name)
                .findFirst().orElse(processingGroup);
    }

    private static String schemaName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
