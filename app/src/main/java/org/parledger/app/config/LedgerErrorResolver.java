package org.parledger.app.config;

import graphql.GraphQLError;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.parledger.command.support.LateMeterRegistry;
import org.parledger.command.support.Refusals;
import org.springframework.core.NestedExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.app.deployment.CommandRouting;
import org.parledger.app.security.RefusalCounter;
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
    private static final Logger log = LoggerFactory.getLogger(LedgerErrorResolver.class);

    private final LateMeterRegistry meters;

    LedgerErrorResolver(ObjectProvider<MeterRegistry> meters) {
        this.meters = new LateMeterRegistry(meters);
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable thrown, DataFetchingEnvironment env) {
        LedgerError error = toLedgerError(thrown);
        if (error == null) return null;
        RefusalCounter.count(meters.get(), error.code(), thrown);
        return build(GraphqlErrorBuilder.newError(env), error, qualified(error.field(), env), thrown);
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
        if (error.retryAfterSeconds() != null) {
            extensions.put("retryAfterSeconds", error.retryAfterSeconds());
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

    static LedgerError toLedgerError(Throwable thrown) {
        LedgerError carried = Refusals.carried(thrown);
        if (carried != null) return carried;
        LedgerError routing = CommandRouting.failure(thrown);
        if (routing != null) {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(thrown);
            log.warn("Answered UNAVAILABLE: {} ({}: {})", routing.message(), root.getClass().getSimpleName(), root.getMessage());
            return routing;
        }
        LedgerError error = Refusals.atStorage(thrown);
        // A command's outage was logged where it was handled (CommitFailures); a query's is logged here (storing refuses
        // with CONFLICT or ALREADY_EXISTS only: UNAVAILABLE from it is the database out of reach or out of resources).
        if (error != null && error.code() == ErrorCode.UNAVAILABLE) {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(thrown);
            log.warn("Answered UNAVAILABLE: the database cannot take it just now ({}: {})", root.getClass().getSimpleName(), root.getMessage());
        }
        return error;
    }

    /** Names the argument as the client wrote it: a field of the `input` argument becomes `input.field`. */
    private static String qualified(String field, DataFetchingEnvironment env) {
        if (field == null || env.containsArgument(field.split("\\.", 2)[0])) return field;
        return env.containsArgument("input") ? "input." + field : field;
    }
}
