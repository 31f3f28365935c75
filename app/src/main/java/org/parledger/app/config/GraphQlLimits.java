package org.parledger.app.config;

import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import org.parledger.api.common.ErrorCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;

import java.util.List;
import java.util.Map;

/**
 * Limits on what one GraphQL document may ask, refused before anything runs, with a stable code. The depth
 * allows an index set's tree (field, criterion, sub-criterion) with room to spare.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlLimits {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${parledger.graphql.max-depth:15}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth) {
            @Override
            protected AbortExecutionException mkAbortException(int depth, int max) {
                return refusal(ErrorCode.QUERY_TOO_DEEP, "the query is " + depth + " levels deep; at most " + max + " are answered");
            }
        };
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(@Value("${parledger.graphql.max-complexity:2000}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity) {
            @Override
            protected AbortExecutionException mkAbortException(int complexity, int max) {
                return refusal(ErrorCode.QUERY_TOO_COMPLEX, "the query asks for " + complexity
                        + " fields; at most " + max + " are answered in one request");
            }
        };
    }

    private static AbortExecutionException refusal(ErrorCode code, String message) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST)
                .message(message).extensions(Map.of("code", code.name())).build()));
    }
}
