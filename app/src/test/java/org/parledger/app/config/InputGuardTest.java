package org.parledger.app.config;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The text guard on a schema of its own: what a field sees, and what it never sees. */
class InputGuardTest {
    private final AtomicReference<Object> seen = new AtomicReference<>();

    private ExecutionResult run(String document, Map<String, Object> variables) {
        GraphQL graphQl = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
                        directive @maxLength(n: Int!, multiline: Boolean = false) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
                        directive @maxItems(n: Int!) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
                        input Evidence { documentNumber: String @maxLength(n: 10) }
                        input Leaf { criterion: String!  note: String @maxLength(n: 50, multiline: true)  evidence: Evidence }
                        type Query { echo(name: String, year: Int, leaves: [Leaf!]): String }"""),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("echo", env -> {
                    seen.set(env.getArguments());
                    return "ok";
                })).build())).instrumentation(new InputGuard()).build();
        return graphQl.execute(ExecutionInput.newExecutionInput(document).variables(variables).build());
    }

    @Test
    void aFieldSeesNormalisedTextOnly() {
        ExecutionResult result = run("query($n: String) { echo(name: $n, year: 2025) }", Map.of("n", "  Ha\u0300 No\u0323\u0302i "));
        assertThat(result.getErrors()).isEmpty();
        assertThat(seen.get()).isEqualTo(Map.of("name", "Hà Nội", "year", 2025));
    }

    @Test
    void aRefusedCharacterOrLengthNamesItsPlaceAndNothingRuns() {
        for (Object[] bad : new Object[][]{
                {Map.of("criterion", "1.1", "evidence", Map.of("documentNumber", "12\u0000")), "leaves[1].evidence.documentNumber"},
                {Map.of("criterion", "1.1", "evidence", Map.of("documentNumber", "x".repeat(11))), "leaves[1].evidence.documentNumber"},
                {Map.of("criterion", "1.1\u202E"), "leaves[1].criterion"},
                {Map.of("criterion", "1.1", "note", "một\ncái\u0007"), "leaves[1].note"}}) {
            seen.set(null);
            ExecutionResult result = run("query($l: [Leaf!]) { echo(leaves: $l) }",
                    Map.of("l", List.of(Map.of("criterion", "1.0", "note", "dòng\nhai"), bad[0])));
            assertThat(result.getErrors()).as(bad[1].toString()).hasSize(1);
            assertThat(result.getErrors().get(0).getMessage()).contains(bad[1] + ":");
            assertThat(seen.get()).isNull();
        }
    }

    @Test
    void aListLongerThanItsCapIsRefused() {
        List<Map<String, Object>> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < InputGuard.DEFAULT_MAX_ITEMS; i++) leaves.add(Map.of("criterion", "1." + i));
        assertThat(run("query($l: [Leaf!]) { echo(leaves: $l) }", Map.of("l", leaves)).getErrors()).isEmpty();
        leaves.add(Map.of("criterion", "one more"));
        seen.set(null);
        ExecutionResult result = run("query($l: [Leaf!]) { echo(leaves: $l) }", Map.of("l", leaves));
        assertThat(result.getErrors()).hasSize(1);
        assertThat(result.getErrors().get(0).getMessage()).contains("leaves: at most 1000 items, not 1001");
        assertThat(seen.get()).isNull();
    }

    @Test
    void aYearOutsideItsWindowIsRefused() {
        ExecutionResult result = run("{ echo(year: 1000000000) }", Map.of());
        assertThat(result.getErrors()).hasSize(1);
        assertThat(result.getErrors().get(0).getMessage()).contains(": year: a year from 2000");
        assertThat(seen.get()).isNull();
    }
}
