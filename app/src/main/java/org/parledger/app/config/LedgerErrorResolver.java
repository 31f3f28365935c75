package org.parledger.app.config;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.axonframework.commandhandling.CommandExecutionException;
import org.parledger.command.support.CommitFailures;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.parledger.app.security.MutationRateLimit;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every refusal reaches the client as a GraphQL error with a stable code and the offending argument in its
 * extensions, whether it was raised here, in a command handler on this node, or on another node.
 */
@Component
class LedgerErrorResolver extends DataFetcherExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable thrown, DataFetchingEnvironment env) {
        LedgerError error = toLedgerError(thrown);
        return error == null ? null : build(GraphqlErrorBuilder.newError(env), error, qualified(error.field(), env), thrown);
    }

    /** The same errors for a subscription refused when it starts (or failing later). */
    @Component
    static class Subscriptions extends SubscriptionExceptionResolverAdapter {
        @Override
        protected GraphQLError resolveToSingleError(Throwable thrown) {
            LedgerError error = toLedgerError(thrown);
            return error == null ? null : build(GraphqlErrorBuilder.newError(), error, error.field(), thrown);
        }
    }

    private static GraphQLError build(GraphqlErrorBuilder<?> builder, LedgerError error, String field, Throwable thrown) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", error.code().name());
        if (field != null) extensions.put("field", field);
        if (thrown instanceof MutationRateLimit.RateLimited limited) {
            extensions.put("retryAfterSeconds", limited.retryAfterSeconds());
        }
        return builder.errorType(type(error.code())).message(error.message()).extensions(extensions).build();
    }

    private static ErrorType type(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case WRONG_ROLE, WRONG_UNIT, WRONG_AGENCY, SEPARATION_OF_DUTIES -> ErrorType.FORBIDDEN;
            default -> ErrorType.BAD_REQUEST;
        };
    }

    private static LedgerError toLedgerError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof LedgerException e) return e.error();
            if (t instanceof CommandExecutionException e && e.getDetails().orElse(null) instanceof LedgerError details) {
                return details;
            }
        }
        return CommitFailures.refusal(thrown);
    }

    /** Names the argument as the client wrote it: a field of the `input` argument becomes `input.field`. */
    private static String qualified(String field, DataFetchingEnvironment env) {
        if (field == null || env.containsArgument(field.split("\\.", 2)[0])) return field;
        return env.containsArgument("input") ? "input." + field : field;
    }
}
