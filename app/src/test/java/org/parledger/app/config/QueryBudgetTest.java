package org.parledger.app.config;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The time budget and the limit on expensive reads, on a schema of their own. */
class QueryBudgetTest {
    private final AtomicInteger runs = new AtomicInteger();

    private GraphQL graphQl(QueryBudget budget) {
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
                        type Query { slow: Int  rankings(asOf: String): Int  verifyLedger: Int }"""),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type
                        .dataFetcher("slow", env -> {
                            Thread.sleep(60); // a field that takes its time: what the budget is about
                            return runs.incrementAndGet();
                        })
                        .dataFetcher("rankings", env -> runs.incrementAndGet())
                        .dataFetcher("verifyLedger", env -> runs.incrementAndGet())).build());
        return GraphQL.newGraphQL(schema).instrumentation(budget).build();
    }

    @Test
    void aRequestStopsAtItsTimeBudgetWithAStableCode() {
        ExecutionResult result = graphQl(new QueryBudget(Duration.ofMillis(100), 0, 2))
                .execute("{ a: slow b: slow c: slow d: slow e: slow }");
        assertThat(result.getErrors()).isNotEmpty();
        assertThat(result.getErrors().get(0).getExtensions()).containsEntry("code", "QUERY_TIMEOUT");
        assertThat(runs.get()).isLessThan(5);
    }

    @Test
    void expensiveReadsAreLimitedPerClient() {
        GraphQL graphQl = graphQl(new QueryBudget(Duration.ofSeconds(10), 3, 2));
        ExecutionResult first = graphQl.execute(ExecutionInput.newExecutionInput("{ a: rankings(asOf: \"x\") b: verifyLedger c: rankings }")
                .graphQLContext(java.util.Map.of(QueryBudget.CLIENT_ADDRESS, "10.0.0.1")).build());
        assertThat(first.getErrors()).isEmpty();
        ExecutionResult second = graphQl.execute(ExecutionInput.newExecutionInput("{ a: rankings(asOf: \"y\") b: rankings(asOf: \"z\") }")
                .graphQLContext(java.util.Map.of(QueryBudget.CLIENT_ADDRESS, "10.0.0.1")).build());
        assertThat(second.getErrors()).hasSize(1);
        assertThat(second.getErrors().get(0).getMessage()).contains("retry after");
        ExecutionResult other = graphQl.execute(ExecutionInput.newExecutionInput("{ a: rankings(asOf: \"y\") }")
                .graphQLContext(java.util.Map.of(QueryBudget.CLIENT_ADDRESS, "10.0.0.2")).build());
        assertThat(other.getErrors()).as("another client has its own allowance").isEmpty();
    }

    @Test
    void aliasesOfOneAnswerCountOnce() {
        GraphQL graphQl = graphQl(new QueryBudget(Duration.ofSeconds(10), 2, 2));
        ExecutionResult shared = graphQl.execute(ExecutionInput.newExecutionInput(
                        "{ a: rankings(asOf: \"x\") b: rankings(asOf: \"x\") c: rankings(asOf: \"x\") d: rankings(asOf: \"y\") }")
                .graphQLContext(java.util.Map.of(QueryBudget.CLIENT_ADDRESS, "10.0.0.3")).build());
        assertThat(shared.getErrors()).isEmpty();
        ExecutionResult third = graphQl.execute(ExecutionInput.newExecutionInput("{ a: rankings(asOf: \"z\") }")
                .graphQLContext(java.util.Map.of(QueryBudget.CLIENT_ADDRESS, "10.0.0.3")).build());
        assertThat(third.getErrors()).hasSize(1);
    }

    @Test
    void theNodeRunsAtMostSoManyLedgerWideChecksAtOnceAndFreesTheirRoom() throws Exception {
        CountDownLatch reading = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("type Query { verifyLedger: Int }"),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("verifyLedger", env -> {
                    int call = calls.incrementAndGet();
                    if (call == 3) throw new IllegalStateException("a check that fails");
                    if (call <= 2) {
                        reading.countDown();
                        finish.await();
                    }
                    return call;
                })).build());
        GraphQL graphQl = GraphQL.newGraphQL(schema).instrumentation(new QueryBudget(Duration.ofSeconds(10), 0, 2)).build();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<ExecutionResult>> running = List.of(clients.submit(() -> graphQl.execute("{ verifyLedger }")),
                    clients.submit(() -> graphQl.execute("{ verifyLedger }")));
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            // Two are reading: a third is refused at once, without running.
            ExecutionResult third = graphQl.execute("{ verifyLedger }");
            assertThat(third.getErrors()).singleElement().satisfies(error -> {
                assertThat(error.getMessage()).contains("ledger-wide checks already", "retry after 5 s");
                QueryBudget.ChecksBusy busy = (QueryBudget.ChecksBusy) ((graphql.ExceptionWhileDataFetching) error).getException();
                assertThat(busy.error().code()).isEqualTo(org.parledger.api.common.ErrorCode.UNAVAILABLE);
                assertThat(busy.error().retryAfterSeconds()).isEqualTo(5);
                assertThat(busy.limit()).isEqualTo("ledger-wide-checks");
            });
            assertThat(calls.get()).isEqualTo(2);
            finish.countDown();
            for (Future<ExecutionResult> check : running) assertThat(check.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
        } finally {
            clients.shutdownNow();
        }
        // Their room is free again, also after a check that failed.
        assertThat(graphQl.execute("{ verifyLedger }").getErrors()).singleElement()
                .satisfies(error -> assertThat(error.getMessage()).contains("a check that fails"));
        assertThat(graphQl.execute("{ a: verifyLedger b: verifyLedger }").getErrors()).isEmpty();
    }
}
