package org.parledger.query.support;

import graphql.GraphQLContext;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

/**
 * The one place that decides which figures a reader may see: people in the workflow (any request with an
 * actor) see working figures; anonymous readers see published figures only. When authentication arrives,
 * only who counts as a workflow reader changes here.
 */
public final class ReadAccess {
    private ReadAccess() {
    }

    public static boolean seesWorkingFigures(GraphQLContext context) {
        return context.get(Actor.REQUEST_KEY) != null;
    }

    /** Refuses an anonymous reader what only the workflow may see. */
    public static void requireWorkflowReader(GraphQLContext context, String field, String what) {
        if (!seesWorkingFigures(context)) {
            throw new LedgerException(ErrorCode.WRONG_ROLE, field, what + " is for the people in the workflow; "
                    + "anonymous readers see published figures only");
        }
    }
}
