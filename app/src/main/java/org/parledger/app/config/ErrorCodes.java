package org.parledger.app.config;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.parledger.api.common.ErrorCode;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error a client gets carries a stable extensions.code: a document that does not validate (an unknown field,
 * a value that is not of the argument's type) is INVALID_ARGUMENT with the argument it names where it names one,
 * and anything unexpected is INTERNAL_ERROR. Errors that already have a code keep it.
 */
@Component
class ErrorCodes implements WebGraphQlInterceptor {
    private static final Pattern ARGUMENT = Pattern.compile("(?i)argument '([A-Za-z_][A-Za-z0-9_.\\[\\]]*)'|variable '([A-Za-z_][A-Za-z0-9_]*)'");
    /** graphql-java's refusals of the request's operationName: one the document does not hold, or none where it must. */
    private static final Pattern OPERATION_NAME = Pattern.compile("^(Unknown operation named|Must provide operation name)");

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            if (response.getErrors().stream().allMatch(ErrorCodes::complete)) {
                return response;
            }
            return response.transform(builder -> builder.errors(response.getErrors().stream().map(ErrorCodes::coded).toList()));
        });
    }

    /** Whether an error has its code, and its field when the message names an argument or variable. */
    private static boolean complete(org.springframework.graphql.ResponseError error) {
        Map<String, Object> extensions = error.getExtensions();
        if (extensions == null || !extensions.containsKey("code")) return false;
        String message = error.getMessage() == null ? "" : error.getMessage();
        return extensions.containsKey("field") || !ErrorCode.INVALID_ARGUMENT.name().equals(extensions.get("code"))
                || !ARGUMENT.matcher(message).find() && !OPERATION_NAME.matcher(message).find();
    }

    private static GraphQLError coded(org.springframework.graphql.ResponseError error) {
        Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions() == null ? Map.of() : error.getExtensions());
        if (!extensions.containsKey("code")) {
            ErrorClassification type = error.getErrorType();
            boolean invalid = type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax
                    || type == org.springframework.graphql.execution.ErrorType.BAD_REQUEST;
            extensions.put("code", (invalid ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL_ERROR).name());
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        Matcher argument = ARGUMENT.matcher(message);
        if (ErrorCode.INVALID_ARGUMENT.name().equals(extensions.get("code")) && !extensions.containsKey("field")) {
            if (argument.find()) extensions.put("field", argument.group(1) != null ? argument.group(1) : argument.group(2));
            else if (OPERATION_NAME.matcher(message).find()) extensions.put("field", "operationName");
        }
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(error.getMessage()).errorType(error.getErrorType())
                .extensions(extensions);
        // Errors raised before execution (an operation name the document does not hold) have neither.
        if (error.getLocations() != null && !error.getLocations().isEmpty()) builder.locations(error.getLocations());
        if (error.getParsedPath() != null && !error.getParsedPath().isEmpty()) builder.path(error.getParsedPath());
        return builder.build();
    }

}
