package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class GraphQlDocumentCacheTest {
    private final List<String> parsed = new CopyOnWriteArrayList<>();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
        parsed.add(input.getQuery());
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    private PreparsedDocumentEntry ask(PreparsedDocumentProvider provider, String query, Map<String, Object> variables) {
        return provider.getDocumentAsync(ExecutionInput.newExecutionInput(query).variables(variables).build(), parse).join();
    }

    /** A document of about the given length: its number, padded by a comment. */
    private static String document(int number, int length) {
        String head = "# " + number + "\n";
        return head + "#" + "x".repeat(Math.max(0, length - head.length() - 20)) + "\n{ __typename }";
    }

    @Test
    void aDocumentIsParsedOnceWhateverItsVariables() {
        PreparsedDocumentProvider provider = GraphQlDocumentCache.provider(GraphQlDocumentCache.documents(10_000));
        String ranking = "query($year: Int!) { rankings(year: $year, level: PROVINCE) { year } }";
        PreparsedDocumentEntry first = ask(provider, ranking, Map.of("year", 2024));
        PreparsedDocumentEntry again = ask(provider, ranking, Map.of("year", 2023));
        assertThat(again).isSameAs(first);
        assertThat(parsed).containsExactly(ranking);
    }

    @Test
    void theCacheHoldsNoMoreTextThanItsBoundHoweverManyDocumentsArrive() {
        Cache<String, PreparsedDocumentEntry> documents = GraphQlDocumentCache.documents(100_000);
        PreparsedDocumentProvider provider = GraphQlDocumentCache.provider(documents);
        for (int i = 0; i < 200; i++) ask(provider, document(i, 10_000), Map.of());
        documents.cleanUp();
        long kept = documents.policy().eviction().orElseThrow().weightedSize().orElseThrow();
        assertThat(kept).isPositive().isLessThanOrEqualTo(100_000);
        assertThat(documents.estimatedSize()).isLessThanOrEqualTo(10);
        // A document longer than the whole bound is answered, and not kept.
        String huge = document(-1, 200_000);
        assertThat(ask(provider, huge, Map.of()).hasErrors()).isFalse();
        documents.cleanUp();
        assertThat(documents.asMap()).doesNotContainKey(huge);
    }
}
