package org.parledger.app.config;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import org.parledger.api.common.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Limits on what one GraphQL document may ask, refused before anything runs, with a stable code. The depth
 * allows an index set's tree (field, criterion, sub-criterion) with room to spare.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlLimits {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(GraphQlProperties limits) {
        return depth(limits.maxDepth());
    }

    /** Refuses a document deeper than {@code maxDepth}; an operation that passed once is not measured again while its depth cannot change. */
    static MaxQueryDepthInstrumentation depth(int maxDepth) {
        PassedOperations passed = new PassedOperations(Set.of());
        return new MaxQueryDepthInstrumentation(maxDepth) {
            @Override
            public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                                 InstrumentationState state) {
                return passed.check(parameters.getExecutionContext(), () -> super.beginExecuteOperation(parameters, state));
            }

            @Override
            protected AbortExecutionException mkAbortException(int depth, int max) {
                return refusal(ErrorCode.QUERY_TOO_DEEP, "the query is " + depth + " levels deep; at most " + max + " are answered");
            }
        };
    }

    /**
     * What a document costs, weighed before it runs: a field costs 1; a list costs its items' cost times the items it
     * can hold (a ranking's entries 60, an assessment's leaves 100, a page its `first`); an answer rebuilt from the
     * events as of an instant costs what rebuilding it does (a ranking 2,000, a journey or an assessment 200); the
     * ledger-wide checks 5,000.
     */
    static final FieldComplexityCalculator COST = (environment, children) -> {
        // The only arguments read here: WEIGHED_ARGUMENTS.
        String name = environment.getFieldDefinition().getName();
        boolean asOf = environment.getArguments().get("asOf") != null;
        int items = switch (name) {
            case "entries", "units" -> 60;
            case "leaves", "problems" -> 100;
            case "changes" -> 50;
            case "edges" -> first(environment.getParentEnvironment());
            default -> 1;
        };
        int own = switch (name) {
            case "rankings", "rankingChanged" -> asOf ? 2000 : 20;
            case "journey", "assessment" -> asOf ? 200 : 5;
            case "verifyLedger", "compareReadModel", "figureProof", "verifyCheckpoint" -> 5000;
            default -> 1;
        };
        return own + items * Math.max(1, children);
    };

    /** The arguments whose values {@link #COST} weighs: a document that sets them from variables costs what its variables say. */
    static final Set<String> WEIGHED_ARGUMENTS = Set.of("asOf", "first");

    private static int first(graphql.analysis.FieldComplexityEnvironment parent) {
        if (parent == null) return 100;
        Object first = parent.getArguments().get("first");
        return first instanceof Integer n ? Math.max(1, Math.min(n, 500)) : 100;
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(GraphQlProperties limits) {
        return complexity(limits.maxComplexity());
    }

    /** Refuses a document that costs more than {@code maxComplexity}; an operation that passed once is not weighed again while its cost cannot change. */
    static MaxQueryComplexityInstrumentation complexity(int maxComplexity) {
        PassedOperations passed = new PassedOperations(WEIGHED_ARGUMENTS);
        return new MaxQueryComplexityInstrumentation(maxComplexity, COST) {
            @Override
            public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                                 InstrumentationState state) {
                return passed.check(parameters.getExecutionContext(), () -> super.beginExecuteOperation(parameters, state));
            }

            @Override
            protected AbortExecutionException mkAbortException(int complexity, int max) {
                return refusal(ErrorCode.QUERY_TOO_COMPLEX, "the query costs " + complexity
                        + "; at most " + max + " is answered in one request (lists count their items, answers as of an "
                        + "instant what rebuilding them costs)");
            }
        };
    }

    @Bean
    QueryBudget queryBudget(GraphQlProperties limits) {
        return new QueryBudget(limits.timeBudget(), limits.expensiveReads(), limits.ledgerWideChecks());
    }

    /** Every text argument checked and normalised before any field runs (see {@link InputGuard}). */
    @Bean
    InputGuard inputGuard() {
        return new InputGuard();
    }

    private static AbortExecutionException refusal(ErrorCode code, String message) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST)
                .message(message).extensions(Map.of("code", code.name())).build()));
    }
}
