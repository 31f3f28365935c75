package org.parledger.query.audit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.audit.AuditEntry;
import org.parledger.api.audit.AuditPage;
import org.parledger.api.audit.FindAuditTrail;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Inputs;
import org.parledger.query.support.PageInfo;
import org.parledger.query.support.ReadAccess;
import org.parledger.query.sheet.Tables;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.parledger.api.assessment.EvidenceFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit trail as a GraphQL cursor connection. */
@Controller
class AuditTrailController {
    static final int MAX_PAGE = 500;

    record Edge(String cursor, AuditEntry node) {
    }

    record Connection(List<Edge> edges, PageInfo pageInfo) {
    }

    private final QueryGateway queries;

    AuditTrailController(QueryGateway queries) {
        this.queries = queries;
    }

    record Export(String content, int rows, boolean hasNextPage, String endCursor) {
    }

    @QueryMapping
    Connection auditTrail(@Argument String unit, @Argument Integer year, @Argument String criterion,
                          @Argument String actor, @Argument Instant from, @Argument Instant to, @Argument Instant asOf,
                          @Argument int first,
                          @Argument String after, @Argument String within, GraphQLContext context) {
        AuditPage page = page(unit, year, criterion, actor, from, to, asOf, first, MAX_PAGE, after, within, context);
        List<Edge> edges = page.entries().stream().map(e -> new Edge(String.valueOf(e.position()), e)).toList();
        return new Connection(edges, PageInfo.of(edges.stream().map(Edge::cursor).toList(), after, after != null,
                page.hasNextPage()));
    }

    /** Where the file is downloaded: the evidence endpoint, with the name to save it under. */
    @SchemaMapping(typeName = "EvidenceFile")
    String url(EvidenceFile file) {
        return "/evidence/" + file.sha256() + "?name=" + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Up to MAX_EXPORT entries of the trail as a table, with where to continue. */
    @QueryMapping
    Export auditTrailExport(@Argument String unit, @Argument Integer year, @Argument String criterion,
                            @Argument String actor, @Argument Instant from, @Argument Instant to, @Argument Instant asOf,
                            @Argument int first, @Argument String after, @Argument String within,
                            @Argument Tables.Format format, GraphQLContext context) {
        AuditPage page = page(unit, year, criterion, actor, from, to, asOf, first, MAX_EXPORT, after, within, context);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(EXPORT_HEADER);
        for (AuditEntry e : page.entries()) {
            rows.add(Arrays.asList(e.position(), e.recordedAt(), e.kind(), e.unitCode(), e.year(), e.criterion(),
                    e.oldValue(), e.newValue(), e.reason(), e.evidence(), e.actor() == null ? null : e.actor().userId(),
                    e.actor() == null ? null : e.actor().role(), e.actor() == null ? null : e.actor().scope(),
                    e.actorName(), e.authMethod(), e.clientAddress(), e.stream(), e.sequence(), e.eventId(),
                    Tables.files(e.files())));
        }
        String end = page.entries().isEmpty() ? after : String.valueOf(page.entries().get(page.entries().size() - 1).position());
        return new Export(new Tables(rows).as(format, "Audit trail", 0), page.entries().size(), page.hasNextPage(), end);
    }

    static final int MAX_EXPORT = 10_000;

    static final List<Object> EXPORT_HEADER = List.of("Position", "Recorded at (UTC)", "What", "Unit", "Year", "Leaf",
            "Old value", "New value", "Reason", "Evidence", "Actor", "Role", "Scope", "Actor name", "Signed in by",
            "Client address", "Stream", "Sequence", "Event id", "Evidence files");

    private AuditPage page(String unit, Integer year, String criterion, String actor, Instant from, Instant to,
                           Instant asOf, int first, int most, String after, String within, GraphQLContext context) {
        ReadAccess.requireWorkingFigures(context, unit, within, unit == null ? null : "unit", "the audit trail");
        if (first < 1 || first > most) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "first", "a page holds 1 to " + most + " entries");
        }
        Long position = null;
        if (after != null) {
            try {
                position = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "after", "not a cursor of this trail: " + after);
            }
        }
        return queries.query(new FindAuditTrail(unit, year, criterion, actor, from, to, asOf, first, position,
                        within == null ? null : Inputs.unit(within, "within").value()),
                ResponseTypes.instanceOf(AuditPage.class)).join();
    }
}
