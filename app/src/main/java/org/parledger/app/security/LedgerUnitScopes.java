package org.parledger.app.security;

import org.parledger.api.unit.UnitCode;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.query.support.UnitScopes;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@link UnitScopes} from the command side's own records, which change in the transaction that stores their events: a
 * unit's registered parents (its Unit stream) and the rounds its assessments are in (cs_assessment). So a provincial
 * council reads a department of its province the moment it is opened, and a district that moved with its province's
 * merger from the round it was assessed in.
 */
@Component
class LedgerUnitScopes implements UnitScopes, WebGraphQlInterceptor {
    private final UnitDirectory units;
    private final JdbcClient jdbc;

    LedgerUnitScopes(UnitDirectory units, JdbcClient jdbc) {
        this.units = units;
        this.jdbc = jdbc;
    }

    @Override
    public boolean within(String unit, String reach) {
        if (unit == null || reach == null) return false;
        if (unit.equals(reach)) return true;
        UnitCode code;
        try {
            code = new UnitCode(unit);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (units.withParents(code).stream().anyMatch(u -> u.unit().value().equals(reach))) return true;
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM cs_assessment WHERE unit_code = :unit AND within_code = :reach)")
                .param("unit", unit).param("reach", reach).query(Boolean.class).single();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context ->
                context.put(UnitScopes.CONTEXT_KEY, this)).build());
        return chain.next(request);
    }
}
