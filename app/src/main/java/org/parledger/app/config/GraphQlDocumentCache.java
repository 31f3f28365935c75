package org.parledger.app.config;

import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps parsed and validated documents by their text: portals and dashboards send the same few documents
 * again and again, with different variables. The limits on depth and complexity still run on every request.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlDocumentCache {

    @Bean
    GraphQlSourceBuilderCustomizer preparsedDocuments(GraphQlProperties limits) {
        PreparsedDocumentProvider provider = documents(limits.documentCacheSize());
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(provider));
    }

    static PreparsedDocumentProvider documents(int size) {
        Map<String, PreparsedDocumentEntry> cache = Collections.synchronizedMap(
                new LinkedHashMap<>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
                        return size() > size;
                    }
                });
        return (input, parseAndValidate) -> {
            PreparsedDocumentEntry entry = cache.get(input.getQuery());
            if (entry == null) {
                // Parsed outside the lock: two requests may parse the same new document once each.
                entry = parseAndValidate.apply(input);
                cache.put(input.getQuery(), entry);
            }
            return CompletableFuture.completedFuture(entry);
        };
    }
}
