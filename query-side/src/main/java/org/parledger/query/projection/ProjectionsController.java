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
    private final ProjectionStatuses statuses;

    ProjectionsController(List<BatchProjection<?>> projections, ParkedEvents parked, ProjectionStatuses statuses) {
        this.projections = projections;
        this.parked = parked;
        this.statuses = statuses;
    }

    record ParkedEvent(String projection, String stream, String eventId, String eventType, Long position, Long sequenceNumber,
                       String reason, java.time.Instant parkedAt, java.time.Instant lastTriedAt) {
    }

    record ParkedEventsRetry(int streams, int applied, int stillParked, String message) {
    }

    @QueryMapping
    List<ProjectionStatus> projectionStatus(GraphQLContext context) {
        ReadAccess.requireRole(context, "the projections' status", Role.ADMIN, Role.INSPECTOR);
        return statuses.now();
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

    static String schemaName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
