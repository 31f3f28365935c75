package org.parledger.command.support;

import graphql.GraphQLContext;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.springframework.stereotype.Component;

/**
 * The one place where a mutation learns who sends it: the authenticated principal that the application's
 * security put into the request's context. Never a mutation argument, never a header the client writes.
 */
@Component
public class CurrentActor {
    /** The request's principal; an anonymous request sends no command. */
    public Principal of(GraphQLContext context) {
        Principal principal = context.get(Principal.REQUEST_KEY);
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, null, "an anonymous request sends no command; sign in");
        }
        return principal;
    }
}
