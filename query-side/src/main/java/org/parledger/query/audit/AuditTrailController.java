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
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
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

    @QueryMapping
    Connection auditTrail(@Argument String unit, @Argument Integer year, @Argument String criterion,
                          @Argument String actor, @Argument Instant from, @Argument Instant to, @Argument Instant asOf,
                          @Argument int first,
                          @Argument String after, @Argument String within, GraphQLContext context) {
        ReadAccess.requireWorkingFigures(context, unit, unit == null ? null : "unit", "the audit trail");
        if (first < 1 || first > MAX_PAGE) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "first", "a page holds 1 to " + MAX_PAGE + " entries");
        }
        Long position = null;
        if (after != null) {
            try {
                position = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "after", "not a cursor of this trail: " + after);
            }
        }
        AuditPage page = queries.query(new FindAuditTrail(unit, year, criterion, actor, from, to, asOf, first, position,
                        within == null ? null : Inputs.unit(within, "within").value()),
                ResponseTypes.instanceOf(AuditPage.class)).join();
        List<Edge> edges = page.entries().stream().map(e -> new Edge(String.valueOf(e.position()), e)).toList();
        return new Connection(edges, PageInfo.of(edges.stream().map(Edge::cursor).toList(), after, after != null,
                page.hasNextPage()));
    }
}
