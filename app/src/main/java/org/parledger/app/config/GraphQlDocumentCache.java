package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps parsed and validated documents by their text: portals and dashboards send the same few documents
 * again and again, with different variables. The limits on depth and complexity measure an operation again only when
 * its variables could change their verdict ({@link PassedOperations}).
 * <p>
 * Bounded by the text it holds, not by a count: anyone may send documents of up to a megabyte (anonymous readers
 * included), and 500 of them padded with a comment kept 500 MB of heap when the bound was 500 documents
 * (docs/measurements.md, tenth session).
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlDocumentCache {

    @Bean
    Cache<String, PreparsedDocumentEntry> graphQlDocuments(GraphQlProperties limits) {
        return documents(limits.documentCache().toBytes());
    }

    @Bean
    GraphQlSourceBuilderCustomizer preparsedDocuments(Cache<String, PreparsedDocumentEntry> graphQlDocuments) {
        PreparsedDocumentProvider provider = provider(graphQlDocuments);
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(provider));
    }

    /** Hits, misses, evictions and the text kept, as cache.* meters tagged cache=graphql.documents. */
    @Bean
    MeterBinder graphQlDocumentsMeters(Cache<String, PreparsedDocumentEntry> graphQlDocuments) {
        return registry -> CacheMeters.bind(registry, graphQlDocuments, "graphql.documents");
    }

    /** @param maximumText characters of document text kept, all documents together */
    static Cache<String, PreparsedDocumentEntry> documents(long maximumText) {
        return Caffeine.newBuilder().maximumWeight(maximumText)
                .weigher((String text, PreparsedDocumentEntry entry) -> Math.max(1, text.length()))
                .recordStats().build();
    }

    static PreparsedDocumentProvider provider(Cache<String, PreparsedDocumentEntry> cache) {
        // Parsed at most once per text at a time: requests for a text being parsed wait for it.
        return (input, parseAndValidate) -> CompletableFuture.completedFuture(
                cache.get(input.getQuery(), text -> parseAndValidate.apply(input)));
    }
}
