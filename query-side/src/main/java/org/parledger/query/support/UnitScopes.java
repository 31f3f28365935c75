package org.parledger.query.support;

import graphql.GraphQLContext;

/**
 * Whether a unit lies within another's reach: the province of a provincial council's or admin's grant, or the
 * jurisdiction of an appraiser's. Answered from what the command side knows at once (a unit registered or an assessment
 * opened a moment ago counts, before any projection has seen it); the application puts it in every GraphQL request's
 * context, where {@link ReadAccess} finds it.
 */
@FunctionalInterface
public interface UnitScopes {
    String CONTEXT_KEY = "org.parledger.unitScopes";

    /** Whether unit is reach itself, lies under it by its registered parents, or was assessed in reach's own round. */
    boolean within(String unit, String reach);

    static UnitScopes of(GraphQLContext context) {
        return context.get(CONTEXT_KEY);
    }
}
