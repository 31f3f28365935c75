package org.parledger.app.config;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class GraphQlDocumentCacheTest {
    private final List<String> parsed = new ArrayList<>();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
        parsed.add(input.getQuery());
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    private PreparsedDocumentEntry ask(PreparsedDocumentProvider provider, String query, Map<String, Object> variables) {
        return provider.getDocumentAsync(ExecutionInput.newExecutionInput(query).variables(variables).build(), parse).join();
    }

    @Test
    void aDocumentIsParsedOnceWhateverItsVariables() {
        PreparsedDocumentProvider provider = GraphQlDocumentCache.documents(10);
        String ranking = "query($year: Int!) { rankings(year: $year, level: PROVINCE) { year } }";
        PreparsedDocumentEntry first = ask(provider, ranking, Map.of("year", 2024));
        PreparsedDocumentEntry again = ask(provider, ranking, Map.of("year", 2023));
        assertThat(again).isSameAs(first);
        assertThat(parsed).containsExactly(ranking);
    }

    @Test
    void theLeastRecentlyUsedDocumentMakesWayWhenTheCacheIsFull() {
        PreparsedDocumentProvider provider = GraphQlDocumentCache.documents(2);
        ask(provider, "{ a }", Map.of());
        ask(provider, "{ b }", Map.of());
        ask(provider, "{ a }", Map.of());
        ask(provider, "{ c }", Map.of());
        ask(provider, "{ a }", Map.of());
        ask(provider, "{ b }", Map.of());
        assertThat(parsed).containsExactly("{ a }", "{ b }", "{ c }", "{ b }");
    }
}
