package org.parledger.app.config;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits on depth and cost, on a schema of their own with the application's document cache: a verdict is kept
 * for an operation only while no variable can change it.
 */
class GraphQlLimitsTest {
    private static final String SCHEMA = """
            type Query { node: Node  rankings(asOf: String): [Entry]  auditTrail(first: Int): Page }
            type Node { child: Node  name: String }
            type Entry { name: String }
            type Page { edges: [Entry] }""";

    private static GraphQL graphQl(Instrumentation... instrumentations) {
        DataFetcher<Object> nothing = env -> null;
        return GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SCHEMA),
                        RuntimeWiring.newRuntimeWiring().type("Query", type -> type.defaultDataFetcher(nothing)).build()))
                .instrumentation(new ChainedInstrumentation(List.of(instrumentations)))
                .preparsedDocumentProvider(GraphQlDocumentCache.provider(GraphQlDocumentCache.documents(1_000_000))).build();
    }

    private static String code(ExecutionResult result) {
        if (result.getErrors().isEmpty()) return "none";
        return String.valueOf(result.getErrors().get(0).getExtensions().get("code"));
    }

    private static ExecutionResult run(GraphQL graphQl, String document, Map<String, Object> variables) {
        return graphQl.execute(ExecutionInput.newExecutionInput(document).variables(variables).build());
    }

    @Test
    void aBranchSwitchedOnByAVariableIsMeasuredEveryTime() {
        GraphQL graphQl = graphQl(GraphQlLimits.depth(4));
        String document = "query($deep: Boolean!) { node { child { child @include(if: $deep) { child { child { name } } } } } }";
        assertThat(code(run(graphQl, document, Map.of("deep", false)))).isEqualTo("none");
        assertThat(code(run(graphQl, document, Map.of("deep", true)))).isEqualTo("QUERY_TOO_DEEP");
        assertThat(code(run(graphQl, document.replace("@include(if: $deep)", "@skip(if: $deep)"), Map.of("deep", true))))
                .isEqualTo("none");
        assertThat(code(run(graphQl, document.replace("@include(if: $deep)", "@skip(if: $deep)"), Map.of("deep", false))))
                .isEqualTo("QUERY_TOO_DEEP");
    }

    @Test
    void aDocumentTooDeepIsRefusedEveryTime() {
        GraphQL graphQl = graphQl(GraphQlLimits.depth(4));
        for (int i = 0; i < 3; i++) {
            assertThat(code(run(graphQl, "{ node { child { child { child { child { name } } } } } }", Map.of()))).isEqualTo("QUERY_TOO_DEEP");
            assertThat(code(run(graphQl, "{ node { child { child { name } } } }", Map.of()))).isEqualTo("none");
        }
    }

    @Test
    void aCostSetByAVariableIsWeighedEveryTime() {
        GraphQL graphQl = graphQl(GraphQlLimits.complexity(1_000));
        String asOf = "query($t: String) { a: rankings(asOf: $t) { name } b: rankings(asOf: $t) { name } }";
        Map<String, Object> now = new HashMap<>();
        now.put("t", null);
        assertThat(code(run(graphQl, asOf, now))).isEqualTo("none");
        assertThat(code(run(graphQl, asOf, Map.of("t", "2025-01-01T00:00:00Z")))).isEqualTo("QUERY_TOO_COMPLEX");
        String page = "query($n: Int) { auditTrail(first: $n) { edges { name } } }";
        assertThat(code(run(graphQl, page, Map.of("n", 10)))).isEqualTo("none");
        GraphQL strict = graphQl(GraphQlLimits.complexity(100));
        assertThat(code(run(strict, page, Map.of("n", 10)))).isEqualTo("none");
        assertThat(code(run(strict, page, Map.of("n", 500)))).isEqualTo("QUERY_TOO_COMPLEX");
        // The same limits on literals: the text decides, and decides the same every time.
        for (int i = 0; i < 2; i++) {
            assertThat(code(run(strict, "{ auditTrail(first: 500) { edges { name } } }", Map.of()))).isEqualTo("QUERY_TOO_COMPLEX");
            assertThat(code(run(strict, "{ auditTrail(first: 10) { edges { name } } }", Map.of()))).isEqualTo("none");
        }
    }

    /** A limit that counts how often it measures, kept by {@link PassedOperations} as the application's are. */
    private static final class CountingLimit extends SimplePerformantInstrumentation {
        final AtomicInteger measured = new AtomicInteger();
        final PassedOperations passed = new PassedOperations(Set.of("first"));

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                             InstrumentationState state) {
            return passed.check(parameters.getExecutionContext(), () -> {
                measured.incrementAndGet();
                return SimpleInstrumentationContext.noOp();
            });
        }
    }

    @Test
    void anOperationItsTextDecidesIsMeasuredOnce() {
        CountingLimit limit = new CountingLimit();
        GraphQL graphQl = graphQl(limit);
        String document = "query($n: String) { rankings(asOf: $n) { name } }";
        for (int i = 0; i < 5; i++) run(graphQl, document, Map.of("n", "2025-01-0" + (i + 1) + "T00:00:00Z"));
        assertThat(limit.measured).hasValue(1);

        String two = "query A { node { name } } query B($n: Int) { auditTrail(first: $n) { edges { name } } }";
        for (int i = 0; i < 3; i++) {
            graphQl.execute(ExecutionInput.newExecutionInput(two).operationName("A").build());
            graphQl.execute(ExecutionInput.newExecutionInput(two).operationName("B").variables(Map.of("n", 5)).build());
        }
        // Each time: a variable sets B's page, and the verdict is kept only for a document with no such variable anywhere.
        assertThat(limit.measured).hasValue(1 + 3 + 3);

        for (int i = 0; i < 3; i++) run(graphQl, "query($x: Boolean!) { node @skip(if: $x) { name } }", Map.of("x", false));
        assertThat(limit.measured).hasValue(7 + 3);
        String a = "query A { node { name } } query B { auditTrail(first: 5) { edges { name } } }";
        for (int i = 0; i < 3; i++) {
            graphQl.execute(ExecutionInput.newExecutionInput(a).operationName("A").build());
            graphQl.execute(ExecutionInput.newExecutionInput(a).operationName("B").build());
        }
        assertThat(limit.measured).hasValue(10 + 2);
    }
}
