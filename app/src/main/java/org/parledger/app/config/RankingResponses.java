package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.parledger.query.support.QueryProperties;
import org.parledger.query.support.ReadModelVersion;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Whole answers to ranking requests, reused as the rankings themselves are (AssessmentSummaryQueries): until the read
 * model on this node changes, and for at most parledger.query.ranking-reuse (the bound for changes projected by other
 * nodes; 0s: never). Publication day's readers ask the same few rankings thousands of times; executing the document
 * again (63 entries, their fields and field ranks) cost more than computing the ranking did (docs/measurements.md).
 * <p>
 * Only documents that ask nothing but {@code rankings}, not as of an instant (asOf: rebuilt and rate-limited) and not
 * waiting for a write (consistentWith), and only answers without errors are kept; each under the document, its
 * variables and operation, and the grants of whoever asked (what a ranking shows depends on who reads it).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class RankingResponses implements WebGraphQlInterceptor {
    private final ReadModelVersion version;
    private final long reuseNanos;
    private final ObjectProvider<MeterRegistry> meters;
    private final Cache<String, Boolean> reusable = Caffeine.newBuilder().maximumSize(500).build();
    private final Cache<Key, Kept> answers = Caffeine.newBuilder().maximumSize(500).build();

    private record Key(String document, String operation, Map<String, Object> variables, String reader) {
    }

    private record Kept(ExecutionResult result, long version, long keptAt) {
    }

    RankingResponses(ReadModelVersion version, QueryProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.version = version;
        this.reuseNanos = properties.rankingReuse().toNanos();
        this.meters = meters;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (reuseNanos <= 0 || request instanceof WebSocketGraphQlRequest || !reusable(request.getDocument())) {
            return chain.next(request);
        }
        Key key = new Key(request.getDocument(), request.getOperationName(), request.getVariables(), reader());
        long now = System.nanoTime();
        long current = version.any();
        Kept kept = answers.getIfPresent(key);
        if (kept != null && kept.version() == current && now - kept.keptAt() < reuseNanos) {
            Counter.builder("parledger.rankings.reused").description("ranking requests answered with an answer kept for them")
                    .register(meters.getIfAvailable(SimpleMeterRegistry::new)).increment();
            return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), kept.result())));
        }
        return chain.next(request).doOnNext(response -> {
            if (response.isValid() && response.getErrors().isEmpty()) {
                // Kept under the version read before it ran: a change committed meanwhile makes it stale at once.
                answers.put(key, new Kept(response.getExecutionResult(), current, now));
            }
        });
    }

    /** Who reads: anonymous readers share answers; a signed-in person has answers of their own. */
    private static String reader() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return "";
        }
        return authentication.getName() + "|" + authentication.getAuthorities();
    }

    private boolean reusable(String document) {
        if (document == null || document.length() > 10_000 || document.contains("asOf") || document.contains("consistentWith")) {
            return false;
        }
        return reusable.get(document, RankingResponses::onlyRankings);
    }

    /** One query operation whose root fields are all {@code rankings} (aliases allowed), no fragments at the root. */
    private static boolean onlyRankings(String text) {
        Document document;
        try {
            document = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operations.size() != 1 || operations.get(0).getOperation() != OperationDefinition.Operation.QUERY) return false;
        List<Selection> root = operations.get(0).getSelectionSet().getSelections();
        return !root.isEmpty() && root.stream().allMatch(s -> s instanceof Field field && field.getName().equals("rankings"));
    }
}
