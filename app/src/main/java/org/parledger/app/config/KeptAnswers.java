package org.parledger.app.config;

import org.apache.commons.codec.digest.DigestUtils;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.VariableDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.app.security.Credentials;
import org.parledger.command.support.LateMeterRegistry;
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
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whole answers to the reads publication day brings by the thousand (rankings, a unit's journey, audit-trail pages),
 * kept as rankings themselves are (AssessmentSummaryQueries): until the read model on this node changes (any
 * projection's commit moves {@link ReadModelVersion#any}), and for at most parledger.query.ranking-reuse (the bound
 * for changes projected by other nodes; 0s: never). Executing the document again (a ranking's 63 entries with their
 * fields and field ranks) cost more than computing the ranking did (docs/measurements.md).
 * <p>
 * Only documents that ask nothing but these fields, not as of an instant (asOf: rebuilt and rate-limited) and not
 * waiting for a write (consistentWith: read your writes on any node), and only answers without errors are kept; each
 * under the document, the variables it declares and its operation, and who asked (what a ranking shows depends on who
 * reads it). While an answer is still good but near its bound, one request renews it and the others keep being
 * answered.
 * <p>
 * Bounded by what the answers hold (parledger.graphql.kept-answers), not by their count: a reader may ask for audit
 * pages of 500 entries, and variables the document does not declare are accepted and ignored by GraphQL, so 300
 * anonymous requests of a ranking with a megabyte of such variables kept 300 MB of heap when the bound was a count and
 * the key held every variable sent (docs/measurements.md, tenth session).
 */
@Component
// Before AnonymousExecutions (the lowest): a kept answer is given without waiting for a turn to execute.
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class KeptAnswers implements WebGraphQlInterceptor, MeterBinder {
    private final ReadModelVersion version;
    private final long reuseNanos;
    private final LateMeterRegistry meters;
    /** Per document (at most 10,000 characters, 500 of them): whether its answers are kept, and its variables. */
    private final Cache<String, Shape> shapes = Caffeine.newBuilder().maximumSize(500).build();
    private final Cache<Key, Kept> answers;
    private final java.util.concurrent.ConcurrentMap<Key, Mono<Kept>> inflight = new java.util.concurrent.ConcurrentHashMap<>();

    private record Key(String document, String operation, Map<String, Object> variables, String reader) {
    }

    /** Whether a document's answers are kept, and the variables it declares (the only ones that can change them). */
    private record Shape(boolean kept, Set<String> variables) {
        static final Shape NEVER = new Shape(false, Set.of());
    }

    /**
     * The answer with its data written out once, as JSON: a reader is sent those bytes, not a tree to encode again; and
     * its ETag, a hash of those bytes and the extensions, made once (null for an answer that is not kept).
     */
    private record Kept(ExecutionResult result, long version, long keptAt, int weight, String etag) {
    }

    private final JsonMapper json;

    KeptAnswers(ReadModelVersion version, QueryProperties properties, GraphQlProperties limits,
                ObjectProvider<MeterRegistry> meters, ObjectProvider<JsonMapper> json) {
        this.json = json.getIfAvailable(() -> JsonMapper.builder().build());
        this.version = version;
        this.reuseNanos = properties.rankingReuse().toNanos();
        this.meters = new LateMeterRegistry(meters);
        this.answers = Caffeine.newBuilder().maximumWeight(limits.keptAnswers().toBytes())
                .weigher((Key key, Kept kept) -> kept.weight()).recordStats().build();
    }

    /** Hits, misses, evictions and the bytes kept, as cache.* meters tagged cache=graphql.answers. */
    @Override
    public void bindTo(MeterRegistry registry) {
        CacheMeters.bind(registry, answers, "graphql.answers");
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (reuseNanos <= 0 || request instanceof WebSocketGraphQlRequest) return chain.next(request);
        Shape shape = shape(request.getDocument());
        if (!shape.kept()) return chain.next(request);
        Key key = new Key(request.getDocument(), request.getOperationName(), declared(request.getVariables(), shape), reader());
        long now = System.nanoTime();
        long current = version.any();
        Kept kept = answers.getIfPresent(key);
        boolean good = kept != null && kept.version() == current && now - kept.keptAt() < reuseNanos;
        // Near its bound, one request renews it (the others are answered meanwhile): readers never wait for a renewal
        // that the bound alone makes due, and no answer older than the bound is given.
        boolean renew = good && now - kept.keptAt() > reuseNanos / 5 * 4 && !inflight.containsKey(key);
        if (good && !renew) {
            Counter.builder("parledger.answers.reused").description("reads answered with an answer kept for them "
                            + "(rankings, journeys, audit-trail pages)")
                    .register(meters.get()).increment();
            return Mono.just(response(request, kept));
        }
        // One execution per key at a time: when a kept answer goes stale, the readers asking for it meanwhile wait for
        // the one that renews it instead of each executing the same document (a burst of 32 at every renewal).
        Mono<Kept> shared = inflight.computeIfAbsent(key, k -> chain.next(request)
                .map(response -> {
                    if (!response.isValid() || !response.getErrors().isEmpty()) {
                        return new Kept(response.getExecutionResult(), current, now, 0, null);
                    }
                    // Kept under the version read before it ran: a change committed meanwhile makes it stale at once.
                    Kept fresh = kept(k, response.getExecutionResult(), current, now);
                    answers.put(k, fresh);
                    return fresh;
                })
                .doFinally(signal -> inflight.remove(k))
                .cache());
        return shared.map(answer -> response(request, answer));
    }

    /**
     * The answer for this request, with the kept answer's ETag: over GET, {@link GraphQlOverGet}'s filter then answers
     * a matching If-None-Match with 304 without hashing the body again (the same answer has the same ETag however
     * often it is renewed, since it is a hash of what the answer says).
     */
    private static WebGraphQlResponse response(WebGraphQlRequest request, Kept kept) {
        WebGraphQlResponse response = new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), kept.result()));
        if (kept.etag() != null) response.getResponseHeaders().setETag(kept.etag());
        return response;
    }

    /**
     * The same answer, its data as JSON text that the encoder copies as it is (what it would have written itself),
     * weighing its text twice (the string and its UTF-8 bytes), its document and its variables as JSON.
     */
    private Kept kept(Key key, ExecutionResult result, long version, long at) {
        // A SerializedString keeps its UTF-8 bytes once made: copying them is cheap, where writing a raw String encodes
        // it again character by character (measured: 326 against 1,715 requests a second, docs/measurements.md).
        String text = json.writeValueAsString((Object) result.getData());
        SerializedString data = new SerializedString(text);
        long weight = 2L * text.length() + key.document().length() + json.writeValueAsString(key.variables()).length();
        byte[] utf8 = data.asUnquotedUTF8();
        return new Kept(ExecutionResult.newExecutionResult().data(new RawValue(data)).extensions(result.getExtensions()).build(),
                version, at, (int) Math.min(Integer.MAX_VALUE, weight), etag(utf8, result.getExtensions()));
    }

    /** A strong ETag: SHA-256 of the data's JSON and the extensions', its first 128 bits in hex. */
    private String etag(byte[] data, Map<Object, Object> extensions) {
        java.security.MessageDigest sha256 = DigestUtils.getSha256Digest();
        sha256.update(data);
        if (extensions != null) sha256.update(json.writeValueAsBytes(extensions));
        return "\"" + java.util.HexFormat.of().formatHex(sha256.digest(), 0, 16) + "\"";
    }

    /** The variables the document declares: others change nothing in its answer and would only grow its key. */
    private static Map<String, Object> declared(Map<String, Object> variables, Shape shape) {
        if (shape.variables().containsAll(variables.keySet())) return variables;
        Map<String, Object> declared = new HashMap<>();
        variables.forEach((name, value) -> {
            if (shape.variables().contains(name)) declared.put(name, value);
        });
        return declared;
    }

    /** Who reads: anonymous readers share answers; a signed-in person has answers of their own. */
    private static String reader() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!Credentials.signedIn(authentication)) return "";
        // A bearer token's person with the grants it carries (scopes included: what an assessor may read depends on
        // them); for built-in accounts the name fixes the grants. Never the whole list of authorities: Spring Security
        // adds how and when the person signed in (FACTOR_PASSWORD, issued at the request's instant), which would make
        // every request's key a new one.
        if (authentication.getPrincipal() instanceof org.parledger.api.common.Principal principal) {
            return principal.subject() + "|" + principal.grants();
        }
        return authentication.getName() + "|" + authentication.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a != null && a.startsWith("ROLE_")).sorted().toList();
    }

    private Shape shape(String document) {
        if (document == null || document.length() > 10_000 || document.contains("asOf") || document.contains("consistentWith")) {
            return Shape.NEVER;
        }
        return shapes.get(document, KeptAnswers::shapeOf);
    }

    private static final java.util.Set<String> KEPT = java.util.Set.of("rankings", "journey", "auditTrail");

    /** Kept: one query operation whose root fields are all among {@link #KEPT} (aliases allowed), no fragments at the root. */
    private static Shape shapeOf(String text) {
        OperationDefinition query = GraphQlOperations.certain(text, null)
                .filter(operation -> operation.getOperation() == OperationDefinition.Operation.QUERY).orElse(null);
        if (query == null) return Shape.NEVER;
        List<Selection> root = query.getSelectionSet().getSelections();
        boolean kept = !root.isEmpty() && root.stream().allMatch(s -> s instanceof Field field && KEPT.contains(field.getName()));
        return kept ? new Shape(true, query.getVariableDefinitions().stream().map(VariableDefinition::getName)
                .collect(Collectors.toUnmodifiableSet())) : Shape.NEVER;
    }
}
